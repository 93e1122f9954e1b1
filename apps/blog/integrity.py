"""Keeping `default` and `blog_db` consistent as users come and go: the blog content cascade on
a user's deletion, and the welcome post on a user's creation.

There is no transaction across the two databases. A user is deleted in `default` first; their blog
content is deleted in `blog_db` once that commit is done. If `blog_db` is unreachable the deletion
is refused before anything is deleted. If the second step is lost (a crash, or `blog_db` failing in
between), the blog rows become orphans: pages skip them (`authors_attach`) and `audit_crossdb --fix`
removes them (apps/blog/audit.py). The receivers at the end are connected in `BlogConfig.ready`.
"""

import logging
from collections.abc import Iterable

from django.db import DatabaseError, transaction

from apps.blog.models import Comment, LibraryImage, Post
from apps.blog.services import welcome_post_seed
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB
from apps.multidb.availability import DatabaseUnavailable, database_probe

logger = logging.getLogger(__name__)


class BlogDatabaseUnavailable(DatabaseUnavailable):
    """`blog_db` cannot be reached, so a change spanning both databases is refused."""

    def __init__(self, action: str) -> None:
        super().__init__(
            f"The blog database ({BLOG_DB}) is unreachable, so {action} was refused and "
            "nothing was changed. Try again when it is back."
        )


def blog_database_require(*, action: str) -> None:
    """Raise BlogDatabaseUnavailable unless `blog_db` answers a query now."""
    try:
        database_probe(alias=BLOG_DB)
    except DatabaseError as error:
        raise BlogDatabaseUnavailable(action) from error


def blog_content_delete(*, author_ids: Iterable[int]) -> int:
    """Delete every post (with all comments on it), every comment and every library image by
    these authors; image files go once this commits."""
    author_ids = list(author_ids)
    with transaction.atomic(using=BLOG_DB):
        comments, _ = Comment.objects.filter(author_id__in=author_ids).delete()
        posts, _ = Post.objects.filter(author_id__in=author_ids).delete()
        images, _ = LibraryImage.objects.filter(author_id__in=author_ids).delete()
    return comments + posts + images


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


# --- Receivers of the user model's signals ------------------------------------------------------


def welcome_post_on_user_created(sender, instance, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        welcome_post_seed_after_commit(user_id=instance.pk)


def blog_content_cascade_on_user_delete(sender, instance, **kwargs) -> None:
    # Runs inside the Collector's transaction on `default`: raising here refuses the deletion.
    blog_content_delete_after_commit(author_id=instance.pk)
