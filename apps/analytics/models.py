"""Post views per day and the daily-salted visitor hashes that unique visitors are counted from.

Every row points at a post in `blog_db` by id: a ForeignKey without a database constraint and
without an ORM cascade (apps/multidb/checks.py); deleting a post removes its rows explicitly.
"""

from django.db import models

VISITOR_HASH_BYTES = 32


def _post_reference() -> models.ForeignKey:
    # No index of its own: each unique constraint below starts with post_id.
    return models.ForeignKey(
        "blog.Post",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class PostViewsDay(models.Model):
    """How many times a post was viewed on a day (one row per post per day, upserted)."""

    post = _post_reference()
    day = models.DateField()
    views = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "day"], name="analytics_views_post_day")
        ]

    def __str__(self) -> str:
        return f"post {self.post_id} on {self.day}: {self.views} views"


class PostVisitorDay(models.Model):
    """One visitor of a post on a day: a hash of the day's salt, the client's address and its
    User-Agent. The address itself is never stored, and the salt is deleted after its day, so
    the hash can no longer be recomputed from an address."""

    post = _post_reference()
    day = models.DateField()
    visitor = models.BinaryField(max_length=VISITOR_HASH_BYTES)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "day", "visitor"], name="analytics_visitor_post_day"
            )
        ]

    def __str__(self) -> str:
        return f"a visitor of post {self.post_id} on {self.day}"


class DailySalt(models.Model):
    """The random salt of a day's visitor hashes, shared by every process of every host."""

    day = models.DateField(primary_key=True)
    salt = models.BinaryField(max_length=VISITOR_HASH_BYTES)

    def __str__(self) -> str:
        return f"salt of {self.day}"
