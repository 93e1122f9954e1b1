"""How often an account or an address may do something: post a comment, sign up.

Counts live in fixed windows (a minute, an hour, a day from midnight UTC) in the `default`
database, the one store that every worker on every host shares (the `default` cache is a directory
per host unless CACHE_URL names a server), and where one upsert counts atomically, so concurrent
requests cannot slip past a limit. django-axes keeps failed logins there for the same reasons.
Limits come from `settings.RATE_LIMITS`: {scope: [(actions, window seconds), ...]}.
"""

import math
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from apps.accounts.models import RateLimitCounter
from apps.multidb.aliases import PEOPLE_DB

SUBJECT_SALT = "apps.accounts.ratelimits"


def _window_end(now: datetime, seconds: int) -> datetime:
    ends = (int(now.timestamp()) // seconds + 1) * seconds
    return datetime.fromtimestamp(ends, tz=UTC)


def _count(*, scope: str, subject: str, window_seconds: int, window_ends_at: datetime) -> int:
    """Add one hit to the window's counter, creating it; the new total (one statement)."""
    connection = connections[PEOPLE_DB]
    quote = connection.ops.quote_name
    table = quote(RateLimitCounter._meta.db_table)
    key = ", ".join(map(quote, ["scope", "subject", "window_seconds", "window_ends_at"]))
    hits = quote("hits")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {hits}) VALUES (%s, %s, %s, %s, 1) "
            f"ON CONFLICT ({key}) DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}",
            [
                scope,
                subject,
                window_seconds,
                connection.ops.adapt_datetimefield_value(window_ends_at),
            ],
        )
        return cursor.fetchone()[0]


def ratelimit_hit(*, scope: str, subject: str) -> datetime | None:
    """Count one action of `subject` in `scope` against each of the scope's limits.

    None when every limit allows it; otherwise the moment from which it is allowed again, and the
    refused action is not counted (a visitor who retries too early does not wait longer).
    """
    limits = [(actions, seconds) for actions, seconds in settings.RATE_LIMITS[scope] if actions]
    if not limits:
        return None
    now = timezone.now()
    RateLimitCounter.objects.filter(window_ends_at__lte=now).delete()
    digest = salted_hmac(SUBJECT_SALT, f"{scope}:{subject}", algorithm="sha256").hexdigest()
    retry_at = None
    with transaction.atomic(using=PEOPLE_DB):
        for actions, seconds in limits:
            window_ends_at = _window_end(now, seconds)
            hits = _count(
                scope=scope, subject=digest, window_seconds=seconds, window_ends_at=window_ends_at
            )
            if hits > actions:
                retry_at = max(retry_at or window_ends_at, window_ends_at)
        if retry_at is not None:
            transaction.set_rollback(True, using=PEOPLE_DB)
    return retry_at


def ratelimited_response(
    request: HttpRequest,
    *,
    retry_at: datetime,
    title: str,
    message: str,
    form: forms.Form | None = None,
    submit_label: str = "",
    submit_name: str = "",
) -> HttpResponse:
    """The 429 page for a refused action: when to retry (also as Retry-After), and the refused
    form with what was typed, posting to the same URL (with `submit_name`=1 when given, as the
    refused form's own button sent it)."""
    response = render(
        request,
        "429.html",
        {
            "retry_at": retry_at,
            "title": title,
            "message": message,
            "form": form,
            "form_action": request.get_full_path(),
            "submit_label": submit_label,
            "submit_name": submit_name,
        },
        status=429,
    )
    response["Retry-After"] = str(max(1, math.ceil((retry_at - timezone.now()).total_seconds())))
    return response
