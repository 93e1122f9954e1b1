"""The analytics part of `audit_crossdb` (registered in apps/blog/audit.py's EXTRA_AUDITS):
statistics of posts that no longer exist in `blog_db`, which a lost cascade leaves behind
(apps/analytics/integrity.py). `--fix` deletes them."""

from apps.analytics.services import STATISTICS_MODELS, post_statistics_delete
from apps.blog.audit import Finding, distinct_id_batches
from apps.blog.models import Post
from apps.multidb.aliases import BLOG_DB


def _missing_post_ids(ids: list[int]) -> list[int]:
    # From the primary: a post a replica has not received yet must not lose its statistics.
    existing = set(Post.objects.using(BLOG_DB).filter(pk__in=ids).values_list("pk", flat=True))
    return [post_id for post_id in ids if post_id not in existing]


def statistics_audit(*, fix: bool, batch_size: int) -> list[Finding]:
    orphans = Finding(
        "orphaned_statistics", "view counts and visitors of posts that no longer exist"
    )
    found: set[int] = set()
    for model in STATISTICS_MODELS.values():
        for post_ids in distinct_id_batches(model, field="post_id", batch_size=batch_size):
            missing = [post_id for post_id in _missing_post_ids(post_ids) if post_id not in found]
            if not missing:
                continue
            found.update(missing)
            rows = sum(
                m.objects.filter(post_id__in=missing).count() for m in STATISTICS_MODELS.values()
            )
            orphans.add(missing, rows=rows)
            if fix:
                orphans.add_removed(post_statistics_delete(post_ids=missing))
    return [orphans]
