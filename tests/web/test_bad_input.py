"""Bad input gives a form error or a 404, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

NOT_FOUND = [
    "/?page=abc",
    "/?page=999999",
    "/posts/no-such-post/",
    "/posts/%00/",
    "/posts/a%00b/",
    "/posts/%3Cscript%3E/",
    "/authors/nobody/",
    "/authors/nobody/feed/",
    "/authors/a%00b/",
    "/authors/%00/feed/",
    "/authors/mallory%3Cscript%3E/",
    "/tags/nothing/",
    "/tags/nothing/feed/",
    "/tags/a%00b/",
    "/authors/exists/?page=abc",
    "/authors/exists/?page=999999",
    "/tags/exists/?page=abc",
    "/tags/exists/?page=999999",
    "/search/?q=x&page=abc",
    "/search/?q=x&page=999999",
]


@pytest.mark.parametrize("url", NOT_FOUND)
def test_unknown_things_and_bad_pages_are_404(client, url):
    author = UserFactory(username="exists")
    PostFactory(author=author).tags.add(TagFactory(name="exists"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["\x00", "abc\x00", "%00", "\x00" * 50, "🙂" * 300, "<>\"'&;\\", "  "]
)
def test_search_with_nul_bytes_and_junk_is_fine(client, query):
    PostFactory(title="Something")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/posts/no-such-post/edit/",
        "/posts/no-such-post/delete/",
        "/posts/no-such-post/comments/1/delete/",
        "/posts/%00/edit/",
        "/posts/exists/comments/99999999999999999999999/delete/",
        "/dashboard/?page=abc",
        "/dashboard/?page=999999",
    ],
)
def test_signed_in_unknown_things_and_bad_pages_are_404(client, url):
    user = UserFactory()
    PostFactory(author=user, title="exists")
    client.force_login(user)
    assert client.get(url).status_code == 404
    if not url.startswith("/dashboard/"):  # the dashboard is GET only
        assert client.post(url).status_code == 404


def test_dashboard_bad_pages_are_404(client):
    client.force_login(UserFactory())
    assert client.get("/dashboard/?page=abc").status_code == 404
    assert client.get("/dashboard/?page=999999").status_code == 404


def test_nul_bytes_in_post_form_fields_are_form_errors(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("post_create"),
        {
            "title": "a\x00",
            "body": "b\x00",
            "tags": "c\x00",
            "status": "draft\x00",
            "published_at": "\x00",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "title",
        "body",
        "tags",
        "status",
        "published_at",
    }


def test_login_with_nul_bytes_is_a_form_error(client):
    response = client.post(reverse("login"), {"username": "a\x00", "password": "b\x00"})
    assert response.status_code == 200


def test_profile_with_over_long_and_nul_fields_is_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post(reverse("profile_edit"), {"display_name": "d" * 101, "bio": "\x00"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"display_name", "bio"}


def test_password_reset_with_nul_bytes_is_a_form_error(client):
    response = client.post(reverse("password_reset"), {"email": "a\x00@example.com"})
    assert response.status_code == 200
