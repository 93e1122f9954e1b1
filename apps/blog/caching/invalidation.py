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
from collections.abc import Collection, Iterator
from contextvars import ContextVar

from django.db import connections

from apps.blog.caching.dependencies import EVERYTHING, author_tag, post_saved_tags, post_tag
from apps.blog.caching.version import content_version_bump, writes_unseen
from apps.blog.models import Comment, Post
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB
from apps.multidb.authors import PUBLIC_USER_FIELDS
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS


class _BumpAtCommit:
    """The on_commit callback of a transaction's changes: the tags of every write it holds."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.tags: set[str] = set()

    def __call__(self) -> None:
        content_version_bump(using=self.using, tags=self.tags)


def _bump_at_commit(connection) -> _BumpAtCommit:
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _BumpAtCommit):
            return entry[1]
    bump = _BumpAtCommit(connection.alias)
    connection.on_commit(bump)
    return bump


def content_changed(*, using: str, tags: Collection[str] = (EVERYTHING,)) -> None:
    """Replace the tokens of `tags` once the write that changed them is committed: at once in
    autocommit, else when its transaction commits, one replacement per transaction with the
    tags of all its writes (a request that read new tokens before the commit could still render
    the old rows and store them under them). Until then only the writing thread sees the new
    rows; it gets the change when it next reads the version or tokens (`writes_unseen`), also
    in a transaction that never commits (the test suite's).
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        content_version_bump(using=using, tags=tags)
        return
    at_commit = _bump_at_commit(connection)
    at_commit.tags.update(tags)
    writes_unseen(using, tags, at_commit=at_commit)


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
