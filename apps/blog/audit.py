"""The cross-database audit: find, and with `fix` repair, drift between `default`, `blog_db` and
the stored images, and through EXTRA_AUDITS between `blog_db` and the databases of the apps built
on it.

Drift is what a lost second step leaves behind (apps/blog/integrity.py): blog rows whose author
no longer exists, users whose welcome post was never seeded, and image files no row names
(apps/blog/audit_images.py). `manage.py audit_crossdb` reports it; `--fix` deletes the orphans,
seeds the missing posts and removes the unnamed files. Rows naming missing files are reported:
no repair can make the files again.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Protocol

from django.contrib.auth import get_user_model
from django.db import models, transaction

from apps.blog.audit_images import image_column_audit, image_columns
from apps.blog.models import Comment, LibraryImage, Post
from apps.blog.services import welcome_post_seed
from apps.multidb.aliases import BLOG_DB

DEFAULT_BATCH_SIZE = 1000
SAMPLE_SIZE = 20
# The rows a repair deletes, as the report names them.
REMOVED_KINDS = {
    Post._meta.label: "posts",
    Comment._meta.label: "comments",
    Post.tags.through._meta.label: "tag_links",
    LibraryImage._meta.label: "library_images",
}


@dataclass
class Finding:
    """One kind of inconsistency: `count` ids (authors, users, posts or image directories)
    covering `rows` rows (or files)."""

    kind: str
    description: str
    count: int = 0
    rows: int = 0
    sample: list[int | str] = field(default_factory=list)
    # What a --fix run deleted for this finding, by kind of row (REMOVED_KINDS) or "files".
    removed: dict[str, int] = field(default_factory=dict)
    # False: --fix leaves it as it is (someone must decide).
    repairable: bool = True

    def add(self, ids: list[int | str], *, rows: int) -> None:
        self.count += len(ids)
        self.rows += rows
        self.sample.extend(ids[: SAMPLE_SIZE - len(self.sample)])

    def add_removed(self, per_model: dict[str, int]) -> None:
        """Count the rows of a `QuerySet.delete()` result (`{model label: rows}`)."""
        removed = Counter(self.removed)
        for label, rows in per_model.items():
            removed[REMOVED_KINDS.get(label, label)] += rows
        # A fixed order (posts, comments, tag links), whatever order Django deleted them in.
        kinds = [*REMOVED_KINDS.values(), *sorted(set(removed) - set(REMOVED_KINDS.values()))]
        self.removed = {kind: removed[kind] for kind in kinds if removed[kind]}


class ExtraAudit(Protocol):
    def __call__(self, *, fix: bool, batch_size: int) -> list[Finding]: ...


# The audits of apps built on the blog, which register them in their AppConfig.ready()
# (apps/analytics/apps.py); each returns its findings, repaired when `fix`.
EXTRA_AUDITS: list[ExtraAudit] = []


@dataclass
class AuditReport:
    findings: list[Finding]
    fixed: bool

    @property
    def clean(self) -> bool:
        return all(finding.count == 0 for finding in self.findings)

    @property
    def unrepaired(self) -> bool:
        """Whether something is left that --fix does not repair."""
        return any(finding.count and not finding.repairable for finding in self.findings)

    def as_dict(self) -> dict:
        return {
            "clean": self.clean,
            "fixed": self.fixed,
            "findings": [asdict(finding) for finding in self.findings],
        }


def distinct_id_batches(
    model: type[models.Model], *, field: str, batch_size: int
) -> Iterator[list[int]]:
    """Distinct values of `model`'s id column `field` in ascending batches (keyset paging,
    constant memory)."""
    last_id = None
    while True:
        queryset = model.objects.order_by(field).values_list(field, flat=True)
        if last_id is not None:
            queryset = queryset.filter(**{f"{field}__gt": last_id})
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
    orphan_images = Finding(
        "orphaned_library_images", "library images whose author no longer exists"
    )
    unseeded = Finding("missing_welcome_posts", "users whose welcome post was never seeded")

    # Comments before posts: deleting a post takes the comments on it along, so repaired in the
    # other order an orphaned comment on an orphaned post would be neither found nor reported.
    orphans_by_model = (
        (Comment, orphan_comments),
        (Post, orphan_posts),
        (LibraryImage, orphan_images),
    )
    for model, finding in orphans_by_model:
        for author_ids in distinct_id_batches(model, field="author_id", batch_size=batch_size):
            missing = _missing_user_ids(author_ids)
            if not missing:
                continue
            orphans = model.objects.filter(author_id__in=missing)
            finding.add(missing, rows=orphans.count())
            if fix:
                with transaction.atomic(using=BLOG_DB):
                    _, per_model = orphans.delete()
                finding.add_removed(per_model)

    for user_ids in _users_without_welcome_post_batches(batch_size):
        unseeded.add(user_ids, rows=len(user_ids))
        if fix:
            for user_id in user_ids:
                welcome_post_seed(user_id=user_id)

    findings = [orphan_posts, orphan_comments, orphan_images, unseeded]
    # After the repairs above: a removed orphan's images went with it.
    for column in image_columns():
        unnamed = Finding(
            f"{column.name}_files_unnamed",
            f"{column.kind.directory} stored that no {column.rows[:-1]} names (left by a crash "
            "between a commit and the removal of the files)",
        )
        missing = Finding(
            f"{column.name}_files_missing",
            f"{column.rows} naming {column.kind.directory} whose files are not stored",
            repairable=False,
        )
        image_column_audit(column, unnamed=unnamed, missing=missing, fix=fix, batch_size=batch_size)
        findings += [unnamed, missing]
    for audit in EXTRA_AUDITS:
        findings.extend(audit(fix=fix, batch_size=batch_size))
    return AuditReport(findings=findings, fixed=fix)
