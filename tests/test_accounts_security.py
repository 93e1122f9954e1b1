"""Account security: login throttling, password validators, cookie flags, logout by POST only."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.client_ip import client_ip
from support import PROJECT_DIR
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

PASSWORD = "correct-horse-battery"


@pytest.fixture
def member():
    return UserFactory(username="member", password=PASSWORD)


def _login(client, url: str, password: str, username: str = "member"):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client, member, settings, url_name
):
    url = reverse(url_name)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, url, "wrong").status_code == 200  # form error, not yet locked
    locked = _login(client, url, "wrong")
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content

    after = _login(client, url, PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_in_words(client, member, settings):
    settings.AXES_COOLOFF_TIME = timedelta(hours=1, minutes=30)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = _login(client, url, "wrong")
    assert locked.status_code == 429
    text = " ".join(locked.content.decode().replace("\xa0", " ").split())
    assert "is paused for 1 hour, 30 minutes." in text


def test_a_lockout_is_per_username_and_address(client, member, settings):
    UserFactory(username="neighbour", password=PASSWORD)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, url, "wrong")
    response = _login(client, url, PASSWORD, username="neighbour")
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, member, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, url, "wrong")
    assert _login(client, url, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, url, "wrong").status_code == 200
    assert _login(client, url, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "member123"])
def test_weak_passwords_are_rejected(member, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=member)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_over_long_username_is_a_form_error(client, url_name):
    response = client.post(reverse(url_name), {"username": "u" * 5000, "password": "x"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors


def test_logout_is_post_only(client, member):
    client.force_login(member)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_cookie_is_httponly(client, member):
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert not cookie["secure"]  # plain HTTP unless HTTPS_ONLY


def test_cookies_are_secure_behind_tls():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x", "HTTPS_ONLY": "true"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True"]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy configured: the header is the client's word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # leftmost entry forged by the client
        (2, "198.51.100.7, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.1"),  # not through the proxy
        # Not addresses (written by a client around the proxy): the socket's address instead.
        (1, "not-an-ip", "10.0.0.1"),
        (1, "203.0.113.9, 1.2.3.4.5", "10.0.0.1"),
        (1, "203.0.113.9:4431", "10.0.0.1"),
        (1, "203.0.113.9\x00", "10.0.0.1"),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip_reads_through_the_trusted_proxies(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_one_attacker_does_not_lock_out_everyone(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url, {"username": "member", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.66"
        )
    attacker = client.post(
        url, {"username": "member", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.66"
    )
    assert attacker.status_code == 429
    member_elsewhere = client.post(
        url, {"username": "member", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert member_elsewhere.status_code == 302
