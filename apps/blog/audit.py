"""The cross-database audit: find, and with `fix` repair, drift between `default` and `blog_db`.

Drift is what a lost second step leaves behind (apps/blog/integrity.py): blog rows whose author
no longer exists, and users whose welcome post was never seeded. `manage.py audit_crossdb`
reports it; `--fix` deletes the orphans and seeds the missing posts.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction

from apps.blog.models import Comment, Post
from apps.blog.services import welcome_post_seed
from apps.multidb.aliases import BLOG_DB

DEFAULT_BATCH_SIZE = 1000
SAMPLE_SIZE = 20


@dataclass
class Finding:
    """One kind of inconsistency: `count` ids (authors or users) covering `rows` rows."""

    kind: str
    description: str
    count: int = 0
    rows: int = 0
    sample: list[int] = field(default_factory=list)

    def add(self, ids: list[int], *, rows: int) -> None:
        self.count += len(ids)
        self.rows += rows
        self.sample.extend(ids[: SAMPLE_SIZE - len(self.sample)])


@dataclass
class AuditReport:
    findings: list[Finding]
    fixed: bool

    @property
    def clean(self) -> bool:
        return all(finding.count == 0 for finding in self.findings)

    def as_dict(self) -> dict:
        return {
            "clean": self.clean,
            "fixed": self.fixed,
            "findings": [asdict(finding) for finding in self.findings],
        }


def _distinct_author_id_batches(model: type[models.Model], batch_size: int) -> Iterator[list[int]]:
    """Distinct author ids of `model` in ascending batches (keyset paging, constant memory)."""
    last_id = None
    while True:
        queryset = model.objects.order_by("author_id").values_list("author_id", flat=True)
        if last_id is not None:
            queryset = queryset.filter(author_id__gt=last_id)
        batch = list(queryset.distinct()[:batch_size])
        if not batch:
            return
        yield batch
        last_id = batch[-1]


def _missing_user_ids(ids: list[int]) -> list[int]:
    existing = set(get_user_model().objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [user_id for user_id in ids if user_id not in existing]


def _users_without_welcome_post_batches(batch_size: int) -> Iterator[list[int]]:
    users = get_user_model().objects.filter(welcome_post_seeded_at__isnull=True).order_by("pk")
    last_id = 0
    while batch := list(users.filter(pk__gt=last_id).values_list("pk", flat=True)[:batch_size]):
        yield batch
        last_id = batch[-1]


def crossdb_audit(*, fix: bool = False, batch_size: int = DEFAULT_BATCH_SIZE) -> AuditReport:
    """Find (and with `fix`, repair) every inconsistency between `default` and `blog_db`."""
    orphan_posts = Finding("orphaned_posts", "posts whose author no longer exists")
    orphan_comments = Finding("orphaned_comments", "comments whose author no longer exists")
    unseeded = Finding("missing_welcome_posts", "users whose welcome post was never seeded")

    for model, finding in ((Post, orphan_posts), (Comment, orphan_comments)):
        for author_ids in _distinct_author_id_batches(model, batch_size):
            missing = _missing_user_ids(author_ids)
            if not missing:
                continue
            orphans = model.objects.filter(author_id__in=missing)
            # Each model repairs only its own rows (a post takes the comments on it along), so
            # a --fix run reports the same findings as the plain run before it.
            finding.add(missing, rows=orphans.count())
            if fix:
                with transaction.atomic(using=BLOG_DB):
                    orphans.delete()

    for user_ids in _users_without_welcome_post_batches(batch_size):
        unseeded.add(user_ids, rows=len(user_ids))
        if fix:
            for user_id in user_ids:
                welcome_post_seed(user_id=user_id)

    return AuditReport(findings=[orphan_posts, orphan_comments, unseeded], fixed=fix)
