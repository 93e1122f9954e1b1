"""Pages shown to a signed-in person are marked `Cache-Control: private`, so no shared cache (a
proxy, a CDN) keeps one person's page for another; anonymous pages stay cacheable."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PostFactory, UserFactory

PRIVATE_CACHE = "config.web.private_cache.PrivateCacheMiddleware"

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def pages():
    post = PostFactory(author=UserFactory(username="writer"))
    return ["/", post.get_absolute_url(), "/authors/writer/", "/search/?q=post"]


def test_signed_in_pages_are_private(client, pages):
    client.force_login(UserFactory())
    for url in [*pages, reverse("dashboard"), reverse("profile_edit"), reverse("post_create")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in _cache_control(response), url


def test_what_reads_no_session_is_the_same_for_everyone_and_stays_public(client):
    PostFactory()
    client.force_login(UserFactory())
    response = client.get("/feed/")
    assert response.status_code == 200
    assert "private" not in _cache_control(response)


def test_signed_in_redirects_and_errors_are_private_too(client):
    client.force_login(UserFactory())
    assert "private" in _cache_control(client.get(reverse("signup")))  # a redirect
    assert "private" in _cache_control(client.get("/posts/no-such-post/"))  # a 404


def test_anonymous_pages_are_not_marked_private(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" not in _cache_control(response), url


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_marking_costs_no_query(client, pages, settings, signed_in):
    if signed_in:
        client.force_login(UserFactory())

    def queries() -> int:
        with CaptureQueriesContext(connections["default"]) as default:
            assert client.get(pages[1]).status_code == 200
        return len(default)

    with_marking = queries()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != PRIVATE_CACHE]
    assert queries() == with_marking
