"""An XSS corpus in every user-controlled field renders inert on every page that shows it."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from apps.blog.models import Post
from tests.factories import CommentFactory, UserFactory
from tests.web.helpers import live_markup

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

CORPUS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=9 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "[markdown link](javascript:alert(1))",
    "![markdown image](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p onmouseover="alert(1)">hover</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object>",
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "<body onload=alert(1)>",
    "javascript:alert(1)",
]
# Tags are short, comma-separated and lowercased; these fit those rules.
TAG_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<iframe src=javascript:alert(1)>",
]


@pytest.fixture
def hostile(client):
    """A user, post, tags and comment whose every field carries the corpus."""
    payload = "\n\n".join(CORPUS)
    user = UserFactory(username="mallory", display_name=CORPUS[2][:100], bio=payload[:2000])
    client.force_login(user)
    response = client.post(
        reverse("post_create"),
        {
            "title": CORPUS[1],
            "body": payload,
            "tags": ", ".join(TAG_CORPUS),
            "status": "published",
            "published_at": "",
        },
    )
    assert response.status_code == 302, response.content
    post = Post.objects.get(author_id=user.pk)
    assert post.tags.count() == len(TAG_CORPUS)
    response = client.post(post.get_absolute_url(), {"body": payload[:5000]})
    assert response.status_code == 302
    for snippet in CORPUS:
        CommentFactory(post=post, author=user, body=snippet)
    return post


def _pages(post):
    tag = post.tags.first()
    return [
        "/",
        post.get_absolute_url(),
        "/authors/mallory/",
        tag.get_absolute_url(),
        "/search/?q=alert",
        "/search/?q=" + "%3Cscript%3Ealert(1)%3C/script%3E",
        reverse("dashboard"),
        reverse("post_edit", args=[post.slug]),
        reverse("post_delete", args=[post.slug]),
        reverse("profile_edit"),
    ]


def test_corpus_renders_inert_on_every_page(client, hostile):
    pages = _pages(hostile)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert live_markup(html) == [], url
    # The payloads are on the pages, as text.
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "alert(1)" in html


def test_comment_delete_page_is_inert(client, hostile):
    comment = hostile.comments.first()
    html = client.get(reverse("comment_delete", args=[hostile.slug, comment.pk])).content.decode()
    assert live_markup(html) == []


def test_stored_body_html_is_sanitised(hostile):
    assert live_markup(hostile.body_html) == []
    assert "<script" not in hostile.body_html.lower()


@pytest.mark.parametrize("url", ["/feed/", "/authors/mallory/feed/"])
def test_feed_content_is_sanitised_html(client, hostile, url):
    root = ElementTree.fromstring(client.get(url).content)
    entries = list(root.iter("{http://www.w3.org/2005/Atom}entry"))
    assert entries
    for entry in entries:
        summary = entry.findtext("{http://www.w3.org/2005/Atom}summary")
        assert live_markup(summary) == []
