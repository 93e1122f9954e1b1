"""Accounts in `default`: sign-up, login, logout, password change and reset, profile."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.blog.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

User = get_user_model()
PASSWORD = "correct-horse-battery"
SIGNUP = {
    "username": "newcomer",
    "email": "newcomer@example.com",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
}


def test_signup_creates_the_user_logs_in_and_shows_the_welcome_post(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.com"
    assert Post.objects.filter(author_id=user.pk, is_welcome=True).exists()
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.wsgi_request.user == user
    assert "Welcome to Quire" in dashboard.content.decode()


def test_signup_form_has_the_contract_field_names(client):
    html = client.get(reverse("signup")).content.decode()
    for name in ("username", "email", "password1", "password2"):
        assert f'name="{name}"' in html


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": ""}, "username"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"username": "x" * 200}, "username"),
        ({"username": "bad name!"}, "username"),
        ({"username": "nul\x00byte"}, "username"),
    ],
)
def test_signup_rejects_bad_input_with_a_form_error(client, change, field):
    response = client.post(reverse("signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(email="newcomer@example.com").exists()


def test_signup_rejects_a_taken_username_and_email(client):
    UserFactory(username="newcomer")
    UserFactory(username="other", email="NEWCOMER@example.com")
    response = client.post(reverse("signup"), SIGNUP)
    errors = response.context["form"].errors
    assert "username" in errors and "email" in errors


def test_signed_in_users_skip_the_signup_page(client):
    client.force_login(UserFactory())
    assert client.get(reverse("signup"))["Location"] == reverse("dashboard")


def test_login_with_username_and_password_goes_to_the_dashboard(client):
    UserFactory(username="reader")
    html = client.get(reverse("login")).content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_login_with_a_wrong_password_shows_an_error(client):
    UserFactory(username="reader")
    response = client.post(reverse("login"), {"username": "reader", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_logout_is_post_only_and_rendered_as_a_form(client):
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert re.search(r'<form[^>]+method="post"[^>]+action="/accounts/logout/"', html)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-7",
            "new_password2": "another-long-passphrase-7",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-7")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_password_reset_sends_a_working_link(client, mailoutbox):
    user = UserFactory(email="forgetful@example.com")
    response = client.post(reverse("password_reset"), {"email": "forgetful@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase-9", "new_password2": "brand-new-passphrase-9"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase-9")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_profile_edit_changes_display_name_and_bio(client):
    user = UserFactory(username="profiled")
    client.force_login(user)
    response = client.post(
        reverse("profile_edit"), {"display_name": "Pro Filed", "bio": "Line one\nLine two"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Pro Filed", "Line one\nLine two")
    html = client.get("/authors/profiled/").content.decode()
    assert "Pro Filed" in html and "Line one<br>Line two" in html


def test_profile_edit_rejects_an_over_long_bio(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile_edit"), {"display_name": "x", "bio": "b" * 2001})
    assert response.status_code == 200
    assert "bio" in response.context["form"].errors


def test_profile_edit_needs_login(client):
    response = client.get(reverse("profile_edit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_signup_with_real_commits_shows_the_welcome_post_on_the_dashboard(client):
    """No captured callbacks: the user row really commits, then the welcome post is seeded."""
    response = client.post(reverse("signup"), SIGNUP, follow=True)
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    html = response.content.decode()
    assert "Welcome to Quire" in html
    assert "Draft" in html
