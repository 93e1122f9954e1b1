"""Hostile sign-ups, profiles, sign-ins and password reset requests: a form error, a 429 past the
limit, never a 500, and nothing stored or sent."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.hostile_input.corpus import (
    CONTROL,
    HUGE,
    NUL,
    assert_answered_cleanly,
    overrides_id,
    row_counts,
    signup_payload,
)

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


# What the penetration test did: 16 sign-ups from one address. The limit (5 sign-ups an hour)
# refuses the rest with a 429.
@pytest.mark.usefixtures("fresh_rate_limit_window")
def test_a_burst_of_signups_from_one_address_is_refused_past_the_limit(client, world):
    for number in range(5):
        assert client.post(reverse("signup"), signup_payload(f"sock{number}")).status_code == 302
        client.logout()
    before = row_counts()
    for number in range(5, 16):
        response = client.post(reverse("signup"), signup_payload(f"sock{number}"))
        assert response.status_code == 429
    assert row_counts() == before


@pytest.mark.parametrize(
    "overrides",
    [
        {"username": ""},
        {"username": NUL},
        {"username": "u" * 200},
        {"username": "<script>"},
        {"email": "not-an-email"},
        {"password2": "mismatch-password-99"},
        {"password1": "123", "password2": "123"},
    ],
    ids=overrides_id,
)
def test_invalid_signups_store_nothing(client, world, overrides):
    before = row_counts()
    response = client.post(reverse("signup"), signup_payload("newcomer", **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert row_counts() == before


@pytest.mark.parametrize(
    "username",
    [
        "wr\u0456ter",  # Cyrillic i (U+0456): looks like the existing "writer"
        "\u0430dmin",  # Cyrillic a (U+0430)
        "Writer",  # the existing "writer" in another case
        "WRITER",
        "writer\u200b",  # zero-width space
        "\u202ewriter",  # right-to-left override
        "w\u0338riter",  # a combining mark
        "\uff57\uff52\uff49\uff54\uff45\uff52",  # fullwidth: NFKC makes it "writer"
        "écrivain",  # any non-ASCII letter: usernames are ASCII (docs/deployment.md)
    ],
    ids=repr,
)
def test_look_alike_usernames_are_refused_at_signup(client, world, username):
    before = row_counts()
    payload = signup_payload("newcomer", username=username)
    response = client.post(reverse("signup"), payload)
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert row_counts() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"display_name": "d" * 500, "bio": ""},
        {"display_name": NUL, "bio": ""},
        {"bio": HUGE},
        *({"display_name": text, "bio": ""} for text in CONTROL),
        *({"display_name": "", "bio": text} for text in CONTROL),
    ],
)
def test_invalid_profiles_change_nothing(client, world, payload):
    client.force_login(world["author"])
    response = client.post(reverse("profile_edit"), payload)
    assert response.status_code == 200
    author = get_user_model().objects.get(pk=world["author"].pk)
    assert author.display_name == world["author"].display_name
    assert author.bio == world["author"].bio


@pytest.mark.parametrize(
    "payload", [{"username": NUL, "password": "x"}, {"username": "u" * 5000, "password": "x"}]
)
def test_odd_logins_are_form_errors(client, world, payload):
    assert_answered_cleanly(client.post(reverse("login"), payload), "login")


@pytest.mark.parametrize("forwarded", ["not-an-ip", "1.2.3.4.5", "x" * 300, NUL, "203.0.113.9:80"])
def test_odd_forwarded_addresses_at_sign_in_are_not_a_500(client, world, settings, forwarded):
    # A client reaching gunicorn around the proxy writes X-Forwarded-For itself.
    settings.TRUSTED_PROXY_COUNT = 1
    payload = {"username": "writer", "password": "wrong"}
    response = client.post(reverse("login"), payload, HTTP_X_FORWARDED_FOR=forwarded)
    assert_answered_cleanly(response, "login")


@pytest.mark.parametrize(
    "email",
    [
        NUL,
        "a@example.com\r\nBcc: victim@example.net",  # header injection
        "x" * 5000 + "@example.com",
        "<script>@example.com",
        "writer@example.com\x00",
    ],
    ids=repr,
)
def test_odd_password_reset_requests_send_nothing(client, world, mailoutbox, email):
    response = client.post(reverse("password_reset"), {"email": email})
    assert_answered_cleanly(response, "password reset")
    assert mailoutbox == []


@pytest.mark.usefixtures("fresh_rate_limit_window")
def test_a_flood_of_password_reset_requests_is_refused(client, world, mailoutbox, settings):
    """One account's mailbox cannot be flooded: the address's limit refuses with a 429."""
    ((limit, _),) = settings.RATE_LIMITS["password_reset_email"]
    statuses = [
        client.post(reverse("password_reset"), {"email": world["author"].email}).status_code
        for _ in range(20)
    ]
    assert statuses == [302] * limit + [429] * (20 - limit)
    assert len(mailoutbox) == limit
