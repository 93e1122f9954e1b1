"""Statistics follow their posts: a post deleted in `blog_db` (by its author, by staff, or in the
cascade of its author's deletion, apps/blog/integrity.py) has its view counts and visitors
deleted in `analytics` once that deletion has committed, in one batch per transaction. If that
second step is lost (analytics down, a crash in between), the rows are orphans: reports skip them
(they name no post) and `audit_crossdb --fix` removes them (apps/analytics/audit.py).
"""

import logging
import threading
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from apps.analytics.services import post_statistics_delete
from apps.multidb.aliases import ANALYTICS_DB

logger = logging.getLogger(__name__)
# Per thread (connections are), the batch of the transaction open on each alias.
_open = threading.local()


@dataclass
class _DeletedPosts:
    using: str
    savepoints: list[str]
    post_ids: list[int] = field(default_factory=list)

    def statistics_delete(self) -> None:
        if getattr(_open, "batches", {}).get(self.using) is self:
            del _open.batches[self.using]
        try:
            post_statistics_delete(post_ids=self.post_ids)
        except DatabaseError:
            logger.exception(
                "Posts %s were deleted but their statistics were not; "
                "audit_crossdb --fix will remove them",
                self.post_ids,
                extra={"alias": ANALYTICS_DB},
            )


def post_statistics_delete_after_commit(*, post_id: int, using: str) -> None:
    """Delete `post_id`'s statistics once the transaction deleting it on `using` commits."""
    connection = transaction.get_connection(using)
    batches = _open.__dict__.setdefault("batches", {})
    batch = batches.get(using)
    # A new batch for a new transaction or savepoint: Django drops the callbacks of one that is
    # rolled back, and with them the ids of posts that were not deleted after all.
    if (
        batch is None
        or batch.savepoints != connection.savepoint_ids
        or not any(func == batch.statistics_delete for _, func, _ in connection.run_on_commit)
    ):
        batch = batches[using] = _DeletedPosts(using, list(connection.savepoint_ids), [post_id])
        transaction.on_commit(batch.statistics_delete, using=using)
    else:
        batch.post_ids.append(post_id)


def post_statistics_cascade_on_post_delete(sender, instance, using: str, **kwargs) -> None:
    post_statistics_delete_after_commit(post_id=instance.pk, using=using)
