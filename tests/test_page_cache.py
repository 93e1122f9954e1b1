"""The anonymous page cache (apps/blog/caching/): what it stores, and what it never stores or
serves. Its URLconf is tests/page_cache_urls.py; tests/test_page_cache_site.py checks the site's
own pages.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from apps.blog.caching.pages import CACHE_STATUS_HEADER
from tests.factories import PostFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"]),
    pytest.mark.urls("tests.page_cache_urls"),
]


# --- What is stored ------------------------------------------------------------------------


def get_counting(client, url):
    """GET `url`; return the response and the number of queries on both aliases together."""
    with (
        CaptureQueriesContext(connections["default"]) as people,
        CaptureQueriesContext(connections["blog_db"]) as blog,
    ):
        response = client.get(url)
    return response, len(people) + len(blog)


def test_second_anonymous_request_is_served_from_memory_without_queries(client, page_cache):
    PostFactory(title="Cached once")
    first, first_queries = get_counting(client, "/posts/")
    second, second_queries = get_counting(client, "/posts/")
    assert first[CACHE_STATUS_HEADER] == "miss" and first_queries > 0
    assert second[CACHE_STATUS_HEADER] == "hit" and second_queries == 0
    assert second.content == first.content
    assert b"Cached once" in second.content


def test_query_string_is_part_of_the_key(client, page_cache):
    client.get("/posts/?page=1")
    assert client.get("/posts/?page=2")[CACHE_STATUS_HEADER] == "miss"
    assert client.get("/posts/?page=1")[CACHE_STATUS_HEADER] == "hit"


def test_cache_off_when_seconds_is_zero(client, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/posts/")
    assert CACHE_STATUS_HEADER not in client.get("/posts/")


# --- What is never stored or served ---------------------------------------------------------


def test_signed_in_users_never_get_or_fill_cached_pages(client, page_cache):
    assert client.get("/whoami/").content == b"you are anonymous"
    user = UserFactory(username="reader")
    client.force_login(user)
    for _ in range(2):
        response = client.get("/whoami/")
        assert response.content == b"you are reader"
        assert CACHE_STATUS_HEADER not in response
    client.logout()
    assert client.get("/whoami/").content == b"you are anonymous"


def test_a_signed_in_page_is_not_served_to_anonymous_readers(client, page_cache):
    client.force_login(UserFactory(username="first-visitor"))
    client.get("/whoami/")
    client.logout()
    response = client.get("/whoami/")
    assert response.content == b"you are anonymous"
    assert response[CACHE_STATUS_HEADER] == "miss"


def test_pages_with_a_csrf_token_are_never_stored(client, page_cache):
    first = client.get("/form/")
    assert b"csrfmiddlewaretoken" in first.content
    assert "csrftoken" in first.cookies
    second = client.get("/form/")
    assert second[CACHE_STATUS_HEADER] == "miss"


def test_responses_setting_cookies_are_never_stored(client, page_cache):
    client.get("/cookie/")
    client.cookies.clear()
    response = client.get("/cookie/")
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert response.cookies["seen"].value == "1"


def test_error_pages_are_never_stored(client, page_cache):
    assert client.get("/missing/").status_code == 404
    second = client.get("/missing/")
    assert second.status_code == 404
    assert second[CACHE_STATUS_HEADER] == "miss"


def test_requests_with_pending_messages_bypass_the_cache(client, page_cache):
    client.get("/posts/")
    client.get("/message/")
    assert "messages" in client.cookies
    assert CACHE_STATUS_HEADER not in client.get("/posts/")


def test_post_requests_bypass_the_cache(client, page_cache):
    client.get("/posts/")
    assert CACHE_STATUS_HEADER not in client.post("/posts/")


def test_an_unusable_shared_cache_serves_pages_uncached(client, page_cache, shared_cache_unusable):
    PostFactory(title="Still served")
    response = client.get("/posts/")
    assert response.status_code == 200 and b"Still served" in response.content
    assert CACHE_STATUS_HEADER not in response
