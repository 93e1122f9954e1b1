"""The 403, 404, 500 and 503 pages: in the site's design, without touching a database."""

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from config.web.errors import database_unavailable_response, server_error
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_404_page_is_in_the_site_design(client):
    response = client.get("/posts/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "css/site.css" in html


def _error_page(status: int) -> str:
    """The 500 or 503 page, rendered as the project's handler500 and 503 response render it."""
    request = RequestFactory().get("/")
    if status == 503:
        return database_unavailable_response(request, OperationalError("down")).content.decode()
    return server_error(request).content.decode()


@pytest.mark.parametrize("status", [500, 503])
def test_500_and_503_render_without_touching_any_database(status, django_assert_num_queries):
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        html = _error_page(status)
    assert "css/site.css" in html
    assert 'href="/feed/"' in html
    assert "Log out" not in html and "Log in" not in html


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_500_and_503_render_with_a_request_without_queries(template, rf, django_assert_num_queries):
    """Rendered through a RequestContext (as a middleware might), the lazy user and messages
    from the context processors must stay unevaluated."""
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        html = render_to_string(template, request=request)
    assert "Quire" in html


def test_403_page_is_in_the_site_design(client):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("post_edit", args=[post.slug]))
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


def test_503_shows_the_request_id_it_is_given(django_assert_num_queries):
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        html = render_to_string("503.html", {"request_id": "req-1234"})
    assert "req-1234" in html


def test_the_503_log_line_escapes_the_path_so_it_cannot_forge_lines(rf, caplog):
    forged = "2026-01-01 00:00:00,000 ERROR django.security forged record"
    request = rf.get("/posts/x%0D%0A" + forged.replace(" ", "%20") + "%1B[2J/")
    assert "\n" in request.path

    with caplog.at_level("ERROR", logger="config.web.errors"):
        database_unavailable_response(request, OperationalError("down"))

    (record,) = caplog.records
    message = record.getMessage()
    assert "\n" not in message and "\r" not in message and "\x1b" not in message
    assert "/posts/x\\r\\n2026-01-01 00:00:00,000 ERROR" in message
    assert "\\x1b[2J/" in message
