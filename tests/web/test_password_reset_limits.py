"""Password-reset mail is rate-limited per e-mail address, per account and per client address;
a refusal is a 429 page that says when to try again, sends nothing and tells nothing about
whether an account uses the address."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from apps.accounts.models import RateLimitCounter
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"]),
    pytest.mark.usefixtures("fresh_rate_limit_window"),
]

LIMIT = 3


@pytest.fixture(autouse=True)
def limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset_email": [(LIMIT, 3_600)],
        "password_reset_account": [(LIMIT, 3_600)],
        "password_reset_client": [(10, 3_600)],
    }


def _reset(client, email: str, address: str = "192.0.2.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize("has_account", [True, False], ids=["account", "no-account"])
def test_reset_mail_is_limited_per_address_alike_for_known_and_unknown_ones(
    client, mailoutbox, has_account
):
    if has_account:
        UserFactory(email="forgetful@example.com")
    for _ in range(LIMIT):
        assert _reset(client, "forgetful@example.com").status_code == 302
    assert len(mailoutbox) == (LIMIT if has_account else 0)

    response = _reset(client, "Forgetful@Example.com", address="198.51.100.7")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3_600
    html = response.content.decode()
    assert "Too many password reset requests" in html
    assert "Try again in" in html
    assert 'value="Forgetful@Example.com"' in html  # the refused request, ready to send again
    assert len(mailoutbox) == (LIMIT if has_account else 0)

    assert _reset(client, "someone-else@example.com").status_code == 302


def test_reset_mail_is_limited_per_account_without_telling(client, mailoutbox):
    """Two accounts created in the admin with one address: each gets at most LIMIT mails, and
    the page never differs from the one for an address nobody uses."""
    UserFactory(username="first", email="shared@example.com")
    UserFactory(username="second", email="shared@example.com")
    for _ in range(LIMIT):
        _reset(client, "shared@example.com")
    assert len(mailoutbox) == 2 * LIMIT
    RateLimitCounter.objects.filter(scope="password_reset_email").delete()

    response = _reset(client, "shared@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 2 * LIMIT, "no mail beyond the account's limit"


def test_reset_requests_are_limited_per_client_address(client, mailoutbox):
    for number in range(10):
        assert _reset(client, f"probe{number}@example.com").status_code == 302
    response = _reset(client, "probe-last@example.com")
    assert response.status_code == 429
    assert _reset(client, "probe-last@example.com", address="203.0.113.9").status_code == 302


def test_the_limit_ends_with_its_window(client, mailoutbox):
    UserFactory(email="forgetful@example.com")
    for _ in range(LIMIT):
        _reset(client, "forgetful@example.com")
    assert _reset(client, "forgetful@example.com").status_code == 429
    RateLimitCounter.objects.update(window_ends_at=F("window_ends_at") - timedelta(days=2))
    assert _reset(client, "forgetful@example.com").status_code == 302
    assert len(mailoutbox) == LIMIT + 1


def test_an_invalid_address_is_a_form_error_and_not_counted(client, mailoutbox):
    response = _reset(client, "not-an-address")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not RateLimitCounter.objects.exists()
