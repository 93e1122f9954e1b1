"""Deploy checks for what accounts need in production (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

E_MAIL_NOT_DELIVERED = "accounts.E001"

# Backends that do not deliver mail, and why that is wrong for password-reset links.
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every message to the log, so "
    "whoever reads the log can reset any account's password",
    "django.core.mail.backends.filebased.EmailBackend": "writes every message to files on the "
    "server, so whoever reads them can reset any account's password",
    "django.core.mail.backends.locmem.EmailBackend": "keeps messages in memory; nobody gets them",
    "django.core.mail.backends.dummy.EmailBackend": "drops every message; nobody gets them",
}


@checks.register(checks.Tags.security, deploy=True)
def mail_delivery_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problem = UNDELIVERED_BACKENDS.get(settings.EMAIL_BACKEND)
    if problem is None:
        return []
    return [
        checks.Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: it {problem}.",
            hint="Set EMAIL_URL to an SMTP relay, e.g. smtp+tls://user:password@host:587 "
            "(docs/deployment.md).",
            id=E_MAIL_NOT_DELIVERED,
        )
    ]
