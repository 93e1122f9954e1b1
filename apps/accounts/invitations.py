"""Invitations: mail the accounts staff created a link to choose their password.

The link is Django's password-reset link (`password_reset_confirm`), so it works once, expires
after `PASSWORD_RESET_TIMEOUT` and also suits accounts created without a usable password.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.accounts.site_title import site_title


def send_invitations(request: HttpRequest, users) -> int:
    """Mail each active user with an e-mail address their link; returns how many were sent."""
    title = site_title()
    messages = [
        EmailMessage(
            subject=f"You are invited to write on {title}",
            body=render_to_string(
                "accounts/invitation_email.txt",
                {
                    "user": user,
                    "site_title": title,
                    "protocol": request.scheme,
                    "domain": request.get_host(),
                    "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            ),
            to=[user.email],
        )
        for user in users
        if user.is_active and user.email
    ]
    # One connection for the batch; a relay that is down raises, and the admin shows the error.
    return get_connection().send_messages(messages) if messages else 0
