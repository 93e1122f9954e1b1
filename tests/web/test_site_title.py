"""Every page's <title> ends with the site title staff set in the site settings (base.html's
`site_title` block), never with a name written into a template."""

import html
import re
from pathlib import Path

import pytest
from django.test import Client

from apps.analytics.reports import REPORTS_DB
from apps.blog.models import Comment, Page, SiteSettings
from support import PROJECT_DIR
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.helpers import post_form

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db", "analytics", REPORTS_DB]),
    pytest.mark.usefixtures("fresh_rate_limit_window"),
]

SITE_TITLE = "Ink & Paper"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(response) -> str:
    return html.unescape(TITLE.search(response.content.decode())[1])


@pytest.fixture
def site(settings):
    SiteSettings(title=SITE_TITLE).save(using="blog_db")
    author = UserFactory(username="penna")
    post = PostFactory(author=author, title="On quills")
    post.tags.add(TagFactory(name="quills"))
    comment = CommentFactory(post=post, author=author)
    Page(title="About", body="Hi", status=Page.Status.PUBLISHED).save(using="blog_db")
    PostFactory.create_batch(10)
    return post, comment


def test_every_page_ends_its_title_with_the_site_title(client, site, settings):
    post, comment = site
    writer = Client()
    writer.force_login(post.author)
    stranger = Client()
    stranger.force_login(UserFactory())
    pages = {
        "/": (client, 200),
        "/?page=2": (client, 200),
        post.get_absolute_url(): (client, 200),
        "/authors/penna/": (client, 200),
        "/tags/": (client, 200),
        "/tags/quills/": (client, 200),
        "/search/": (client, 200),
        "/search/?q=quills": (client, 200),
        "/pages/about/": (client, 200),
        "/accounts/login/": (client, 200),
        "/accounts/signup/": (client, 200),
        "/accounts/password_reset/": (client, 200),
        "/accounts/password_reset/done/": (client, 200),
        "/accounts/reset/MQ/set-password/": (client, 200),
        "/accounts/reset/done/": (client, 200),
        "/no-such-page/": (client, 404),
        "/dashboard/": (writer, 200),
        "/dashboard/comments/": (writer, 200),
        "/dashboard/stats/": (writer, 200),
        "/dashboard/images/": (writer, 200),
        "/posts/new/": (writer, 200),
        f"{post.get_absolute_url()}edit/": (writer, 200),
        f"{post.get_absolute_url()}delete/": (writer, 200),
        f"{post.get_absolute_url()}comments/{comment.pk}/delete/": (writer, 200),
        "/accounts/profile/": (writer, 200),
        "/accounts/password_change/": (writer, 200),
        "/accounts/password_change/done/": (writer, 200),
        f"{post.get_absolute_url()}edit/?as=stranger": (stranger, 403),
    }
    titles = {}
    for url, (who, status) in pages.items():
        response = who.get(url)
        assert response.status_code == status, url
        titles[url] = title_of(response)
    settings.SIGNUP_OPEN = False
    closed = client.get("/accounts/signup/")
    assert closed.status_code == 403
    titles["sign-up closed"] = title_of(closed)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": [(1, 60)]}
    writer.post(post.get_absolute_url(), {"body": "First"})
    refused = writer.post(post.get_absolute_url(), {"body": "Second"})
    assert refused.status_code == 429
    titles["429"] = title_of(refused)
    invalid = writer.post("/posts/new/", post_form(title=""))
    assert invalid.status_code == 200
    titles["invalid post form"] = title_of(invalid)

    assert titles["/"] == SITE_TITLE
    assert titles["/?page=2"] == f"Page 2 · {SITE_TITLE}"
    assert titles[post.get_absolute_url()] == f"On quills · {SITE_TITLE}"
    wrong = {url: title for url, title in titles.items() if not title.endswith(f" · {SITE_TITLE}")}
    assert set(wrong) == {"/"}, wrong
    assert not [title for title in titles.values() if "Quire" in title or title.startswith(" ·")]
    assert Comment.objects.filter(body="First").exists()


@pytest.mark.parametrize("kind", ["*.html", "*.txt"])
def test_no_page_or_mail_template_names_the_site_itself(kind):
    """The error pages that cannot read the settings (400, 500, 503) show SITE_DEFAULTS instead;
    mail takes the title from the settings (test_site_title_outside_pages.py)."""
    templates = Path(PROJECT_DIR, "templates")
    naming = [
        str(path.relative_to(templates))
        for path in templates.rglob(kind)
        if "Quire" in path.read_text()
    ]
    assert naming == []
