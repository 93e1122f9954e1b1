"""Every page works under a strict Content-Security-Policy: no inline script, style or handlers,
one stylesheet from our own static files, and the landmarks a screen reader expects."""

import re

import pytest
from django.urls import reverse

from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.helpers import live_markup

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.fixture
def site():
    author = UserFactory(username="writer", bio="Bio.", with_avatar=True)
    post = PostFactory(author=author, title="A post", with_cover=True)
    post.tags.add(TagFactory(name="csp"))
    comment = CommentFactory(post=post, author=UserFactory(with_avatar=True))
    return author, post, comment


def _anonymous_urls(post):
    return [
        "/",
        post.get_absolute_url(),
        "/authors/writer/",
        "/tags/csp/",
        "/search/?q=post",
        reverse("signup"),
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
    ]


def _author_urls(post, comment):
    return [
        reverse("dashboard"),
        reverse("post_create"),
        reverse("post_edit", args=[post.slug]),
        reverse("post_delete", args=[post.slug]),
        reverse("comment_delete", args=[post.slug, comment.pk]),
        reverse("profile_edit"),
        reverse("password_change"),
        reverse("password_change_done"),
        post.get_absolute_url(),
    ]


def _check_page(html: str, url: str) -> None:
    assert live_markup(html) == [], url
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html, url
    for landmark in ("<header", "<main", "<footer", '<nav class="site-nav" aria-label="Main">'):
        assert landmark in html, (url, landmark)
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html, url
    assert '<html lang="en">' in html, url


def test_anonymous_pages(client, site):
    _, post, _ = site
    for url in _anonymous_urls(post):
        response = client.get(url)
        assert response.status_code == 200, url
        _check_page(response.content.decode(), url)


def test_signed_in_pages(client, site):
    author, post, comment = site
    client.force_login(author)
    for url in _author_urls(post, comment):
        response = client.get(url)
        assert response.status_code == 200, url
        _check_page(response.content.decode(), url)


def test_error_pages(client, site):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    _check_page(response.content.decode(), "404")


def test_every_form_control_has_a_label(client, site):
    """Each visible input, select and textarea is named by a <label for=…>."""
    author, post, comment = site
    pages = [(None, url) for url in _anonymous_urls(post)]
    pages += [(author, url) for url in _author_urls(post, comment)]
    for user, url in pages:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        html = client.get(url).content.decode()
        for control in re.finditer(r"<(input|select|textarea)\b[^>]*>", html):
            tag = control.group(0)
            if 'type="hidden"' in tag or 'type="submit"' in tag:
                continue
            control_id = re.search(r'id="([^"]+)"', tag)
            assert control_id, (url, tag)
            assert f'for="{control_id.group(1)}"' in html, (url, tag)


@pytest.mark.parametrize(
    ("markup", "problems"),
    [
        ('<script src="/static/js/draft-autosave.js" defer></script>', []),
        ('<script src="/static/js/a.js">alert(1)</script>', ["<script> with inline code"]),
        ('<script src="https://example.com/static/js/a.js"></script>', ["<script>"]),
        ("<script>alert(1)</script>", ["<script>"]),
    ],
)
def test_only_the_sites_own_script_files_pass_the_check(markup, problems):
    assert live_markup(markup) == problems
