"""Settings come from the environment; production-safe defaults."""

import subprocess
import sys

from support import PROJECT_DIR

PRINT_SETTINGS = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
    "settings.DATABASES['blog_db']['ENGINE'])"
)


def _python(code: str, **environ: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", **environ}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = _python(PRINT_SETTINGS)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set_and_sqlite_is_the_fallback():
    result = _python(PRINT_SETTINGS, SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "django.db.backends.sqlite3",
    ]


def test_database_urls_select_postgresql():
    result = _python(
        PRINT_SETTINGS,
        SECRET_KEY="x",
        DEBUG="true",
        DATABASE_URL="postgres://u@127.0.0.1:1/a",
        BLOG_DATABASE_URL="postgres://u@127.0.0.1:1/b",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.postgresql",
        "django.db.backends.postgresql",
    ]


PRINT_MAIL = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)"
)


def test_mail_goes_to_an_smtp_server_unless_debug_or_email_url_say_otherwise():
    """Production never prints password-reset links to the log by default."""
    result = _python(PRINT_MAIL, SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "localhost",
        "25",
    ]

    result = _python(PRINT_MAIL, SECRET_KEY="x", DEBUG="true")
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"

    result = _python(PRINT_MAIL, SECRET_KEY="x", EMAIL_URL="smtp://relay.internal:2525")
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "relay.internal",
        "2525",
    ]


def test_time_zone_comes_from_the_environment_and_defaults_to_utc():
    code = (
        "import django; from django.conf import settings; django.setup(); print(settings.TIME_ZONE)"
    )
    assert _python(code, SECRET_KEY="x").stdout.strip() == "UTC"
    assert _python(code, SECRET_KEY="x", TIME_ZONE="Europe/Paris").stdout.strip() == "Europe/Paris"
    wrong = _python(code, SECRET_KEY="x", TIME_ZONE="Europe/Nowhere")
    assert wrong.returncode != 0
    assert "Incorrect timezone setting: Europe/Nowhere" in wrong.stderr


def test_comment_moderation_accepts_only_none_first_or_all():
    code = "import django; from django.conf import settings; print(settings.COMMENT_MODERATION)"
    assert _python(code, SECRET_KEY="x").stdout.strip() == "none"
    assert _python(code, SECRET_KEY="x", COMMENT_MODERATION="first").stdout.strip() == "first"
    refused = _python(code, SECRET_KEY="x", COMMENT_MODERATION="sometimes")
    assert refused.returncode != 0
    assert "COMMENT_MODERATION must be none, first or all, not 'sometimes'" in refused.stderr
