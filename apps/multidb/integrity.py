"""Keeping `default` and `blog_db` consistent: the user cascade, and the audit that repairs drift.

There is no transaction across the two databases. A user is deleted in `default` first; their blog
content is deleted in `blog_db` once that commit is done. If `blog_db` is unreachable the deletion
is refused before anything is deleted. If the second step is lost (a crash, or `blog_db` failing in
between), the blog rows become orphans: pages skip them (`authors_attach`) and `audit_crossdb --fix`
removes them.
"""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections, models, transaction

from apps.blog.models import Comment, Post
from apps.blog.services import welcome_post_seed
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 1000
SAMPLE_SIZE = 20


class BlogDatabaseUnavailable(DatabaseError):
    """`blog_db` cannot be reached, so a change spanning both databases is refused."""

    def __init__(self, action: str) -> None:
        super().__init__(
            f"The blog database ({BLOG_DB}) is unreachable, so {action} was refused and "
            "nothing was changed. Try again when it is back."
        )


def blog_database_require(*, action: str) -> None:
    """Raise BlogDatabaseUnavailable unless `blog_db` answers a query now."""
    try:
        with connections[BLOG_DB].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        raise BlogDatabaseUnavailable(action) from error


def blog_content_delete(*, author_ids: Iterable[int]) -> int:
    """Delete every post (with all comments on it) and every comment by these authors."""
    author_ids = list(author_ids)
    with transaction.atomic(using=BLOG_DB):
        comments, _ = Comment.objects.filter(author_id__in=author_ids).delete()
        posts, _ = Post.objects.filter(author_id__in=author_ids).delete()
    return comments + posts


def blog_content_delete_after_commit(*, author_id: int) -> None:
    """Schedule the blog cascade for a user whose deletion is in progress in `default`."""
    blog_database_require(action="deleting this user")

    def cascade() -> None:
        try:
            blog_content_delete(author_ids=[author_id])
        except DatabaseError:
            logger.exception(
                "User %s was deleted but their blog content was not; "
                "audit_crossdb --fix will remove it",
                author_id,
                extra={"alias": BLOG_DB},
            )

    transaction.on_commit(cascade, using=PEOPLE_DB)


def welcome_post_seed_after_commit(*, user_id: int) -> None:
    """Seed a new user's welcome post once their row is committed; log and move on on failure."""

    def seed() -> None:
        try:
            welcome_post_seed(user_id=user_id)
        except DatabaseError:
            logger.exception(
                "Welcome post for user %s not seeded; audit_crossdb --fix will seed it",
                user_id,
                extra={"alias": BLOG_DB},
            )

    transaction.on_commit(seed, using=PEOPLE_DB)


# --- Audit --------------------------------------------------------------------------------------


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
