"""Hostile and malformed URLs, query strings and page numbers: an answer, never a 500."""

import pytest

from tests.hostile_input.corpus import BAD_PAGES, assert_answered_cleanly

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.mark.parametrize(
    "path",
    [
        "/posts/no-such-post/edit/",
        "/posts/no-such-post/delete/",
        "/posts/a-published-post/comments/999999/delete/",
        "/tags/no-such-tag/",
        "/tags/no-such-tag/feed/",
        "/posts/" + "a" * 5000 + "/",
        "/authors/" + "u" * 5000 + "/",
        "/authors/%00/",
        "/tags/%FF%FE/",
        "/posts/%E2%80%AEevil/",
        "/posts/../../etc/passwd",
        "/posts/x%0D%0A2026-01-01%20ERROR%20forged%1B[2J/",  # log injection
        "/search/?q=%00",
        "/search/?q=" + "%00" * 50,
        "/search/?q=%FF%FE%FD",
        "/search/?q=" + "long" * 5000,
        "/search/?q=%27%20OR%201%3D1%20--",
        "/search/?q=%26%7C%21%3A*()",  # tsquery operators
        "/feed/?page=abc",
        "/sitemap.xml?p=abc",
        "/no/such/page/",
    ],
)
def test_urls_answer_cleanly(client, world, path):
    assert_answered_cleanly(client.get(path), path)


@pytest.mark.parametrize("path", ["/tags/draft-only/", "/tags/draft-only/feed/"])
def test_tags_of_hidden_posts_are_not_found(client, world, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize("base", ["/", "/authors/writer/", "/tags/django/", "/search/?q=post&"])
def test_bad_page_numbers_are_404_not_500(client, world, base, page):
    separator = "" if base.endswith("&") else "?"
    response = client.get(f"{base}{separator}page={page}")
    assert response.status_code in {200, 404}, f"{base} page={page!r}"


@pytest.mark.parametrize("page", BAD_PAGES)
def test_bad_comment_page_numbers_are_404_not_500(client, world, page):
    response = client.get(f"{world['post'].get_absolute_url()}?comments={page}")
    assert response.status_code == (200 if page == "" else 404), f"comments={page!r}"
