"""What replaces which tokens, wired in BlogConfig.ready() (apps/blog/apps.py).

Blog content: every statement that writes to `blog_db` (INSERT, UPDATE, DELETE, ...), whoever
runs it (a model's save, a bulk `update()`, an admin action, raw SQL, a migration), replaces
tokens through a database execute wrapper, so no write path can forget to. A write path that
knows what it changes says so with `content_changes(tags)` (apps/blog/services.py), and its
statements replace those tags' tokens only; any other write replaces `everything`. People: users
live in `default`, where most writes (logins, sessions) change nothing a reader sees, so only a
change to a user's public profile replaces tokens (theirs and those of the posts that show them),
and a deletion everything.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from apps.blog.caching.dependencies import EVERYTHING, author_tag, post_saved_tags, post_tag
from apps.blog.caching.version import content_changed
from apps.blog.models import Comment, Post
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB
from apps.multidb.authors import PUBLIC_USER_FIELDS
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS

WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE")

# The tags that the writes under way change, as a write path declared them.
_classified: ContextVar[frozenset[str] | None] = ContextVar("content_changes", default=None)


@contextlib.contextmanager
def content_changes(*tags: str) -> Iterator[None]:
    """The writes to `blog_db` inside the block change only what `tags` name."""
    token = _classified.set(frozenset(tags))
    try:
        yield
    finally:
        _classified.reset(token)


def statement_writes(sql) -> bool:
    """Whether `sql` may change rows; SQL that is not a plain string counts as a write."""
    if not isinstance(sql, str):
        return True
    return sql.lstrip()[:8].upper().startswith(WRITE_STATEMENTS)


def blog_writes_invalidate(execute, sql, params, many, context):
    """An execute wrapper: runs the statement, then replaces the tokens of what it changed."""
    result = execute(sql, params, many, context)
    if statement_writes(sql):
        tags = _classified.get() or (EVERYTHING,)
        content_changed(using=context["connection"].alias, tags=tags)
    return result


def blog_writes_watch(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: watch every `blog_db` connection, in every thread."""
    if connection.alias == BLOG_DB and blog_writes_invalidate not in connection.execute_wrappers:
        connection.execute_wrappers.append(blog_writes_invalidate)


def author_changed(
    sender, instance=None, using: str = PEOPLE_DB, update_fields=None, created=False, **kwargs
) -> None:
    """`post_save` receiver for the user model: a public profile changed."""
    if created:  # a new user is on no public page yet
        return
    if update_fields is not None and not PUBLIC_USER_FIELDS.intersection(update_fields):
        return
    content_changed(using=using, tags=author_shown_on(instance.pk))


def author_shown_on(user_id: int) -> tuple[str, ...]:
    """The tags of what shows a user: their page, every post they wrote (its article and the
    links to it too) or commented on; everything while `blog_db` cannot say which posts those
    are."""
    try:
        written = set(Post.objects.filter(author_id=user_id).values_list("pk", flat=True))
        commented = set(Comment.objects.filter(author_id=user_id).values_list("post_id", flat=True))
    except DATABASE_UNAVAILABLE_ERRORS:
        return (EVERYTHING,)
    return (
        author_tag(user_id),
        *(tag for post_id in written for tag in post_saved_tags(post_id)),
        *(post_tag(post_id) for post_id in commented - written),
    )


def author_deleted(sender, using: str = PEOPLE_DB, **kwargs) -> None:
    """`post_delete` receiver for the user model: their posts and comments go from every list."""
    content_changed(using=using)
