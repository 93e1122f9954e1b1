"""Writes to the `analytics` database: a batch of counted views, and the removal of a post's
statistics. Never called on a reader's request (apps/analytics/recorder.py calls the first)."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connections, transaction

from apps.analytics.buffer import PendingViews
from apps.analytics.models import VISITOR_HASH_BYTES, DailySalt, PostViewsDay, PostVisitorDay
from apps.multidb.aliases import ANALYTICS_DB

BATCH_ROWS = 1000
# Salts of days already read, per process: one query per day, not per flush.
_salts: dict[date, bytes] = {}


def daily_salt(*, day: date) -> bytes:
    """The salt of `day`'s visitor hashes: the same for every process of every host, drawn at
    random by whichever asks first. Salts of days before yesterday are deleted then, so their
    hashes can no longer be recomputed from an address; yesterday's is kept for the views of
    its last seconds that are written after midnight."""
    if day not in _salts:
        DailySalt.objects.bulk_create(
            [DailySalt(day=day, salt=secrets.token_bytes(VISITOR_HASH_BYTES))],
            ignore_conflicts=True,
        )
        DailySalt.objects.filter(day__lt=day - timedelta(days=1)).delete()
        _salts.clear()  # at most the days of one flush
        _salts[day] = bytes(DailySalt.objects.get(day=day).salt)
    return _salts[day]


def visitor_hash(*, salt: bytes, visitor: bytes) -> bytes:
    """What is stored of a visitor: their address and User-Agent digest, keyed with the salt."""
    return hashlib.blake2b(visitor, key=salt, digest_size=VISITOR_HASH_BYTES).digest()


def _views_upsert(rows: list[tuple[int, date, int]]) -> None:
    # One statement per batch of (post, day) rows, each added to the day's count. Django's
    # bulk_create(update_conflicts=True) can only overwrite a count, not add to it.
    connection = connections[ANALYTICS_DB]
    table = connection.ops.quote_name(PostViewsDay._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_ROWS):
            batch = rows[start : start + BATCH_ROWS]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (post_id, day, views) VALUES {values} "
                f"ON CONFLICT (post_id, day) DO UPDATE SET views = {table}.views + EXCLUDED.views",
                [value for post_id, day, views in batch for value in (post_id, adapt(day), views)],
            )


def post_views_write(*, pending: PendingViews) -> None:
    """Add `pending` views to their days' counts and record its visitors, all or nothing."""
    # Before the transaction: a salt drawn must be kept even if the writes fail.
    salts = {day: daily_salt(day=day) for _, day, _ in pending.visitors}
    with transaction.atomic(using=ANALYTICS_DB):
        _views_upsert([(post_id, day, views) for (post_id, day), views in pending.views.items()])
        PostVisitorDay.objects.bulk_create(
            [
                PostVisitorDay(
                    post_id=post_id, day=day, visitor=visitor_hash(salt=salts[day], visitor=v)
                )
                for post_id, day, v in pending.visitors
            ],
            batch_size=BATCH_ROWS,
            ignore_conflicts=True,
        )


# The rows of a post's statistics, by the name reports give them.
STATISTICS_MODELS = {"view_counts": PostViewsDay, "visitors": PostVisitorDay}


def post_statistics_delete(*, post_ids: Iterable[int]) -> dict[str, int]:
    """Delete every view count and visitor of these posts; the rows deleted, by kind."""
    post_ids = list(post_ids)
    with transaction.atomic(using=ANALYTICS_DB):
        return {
            kind: model.objects.filter(post_id__in=post_ids).delete()[0]
            for kind, model in STATISTICS_MODELS.items()
        }
