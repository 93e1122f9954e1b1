"""What replaces the content version, wired in BlogConfig.ready() (apps/blog/apps.py).

Blog content: every statement that writes to `blog_db` (INSERT, UPDATE, DELETE, ...), whoever
runs it (a model's save, a bulk `update()`, an admin action, raw SQL, a migration), replaces the
version through a database execute wrapper, so no write path can forget to. People: users live
in `default`, where most writes (logins, sessions) change nothing a reader sees, so only a
change to a user's public profile or a deletion replaces it.
"""

from __future__ import annotations

from apps.blog.caching.fragments import PUBLIC_USER_FIELDS
from apps.blog.caching.version import content_changed
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE")


def statement_writes(sql) -> bool:
    """Whether `sql` may change rows; SQL that is not a plain string counts as a write."""
    if not isinstance(sql, str):
        return True
    return sql.lstrip()[:8].upper().startswith(WRITE_STATEMENTS)


def blog_writes_invalidate(execute, sql, params, many, context):
    """An execute wrapper: runs the statement, then replaces the version if it wrote."""
    result = execute(sql, params, many, context)
    if statement_writes(sql):
        content_changed(using=context["connection"].alias)
    return result


def blog_writes_watch(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: watch every `blog_db` connection, in every thread."""
    if connection.alias == BLOG_DB and blog_writes_invalidate not in connection.execute_wrappers:
        connection.execute_wrappers.append(blog_writes_invalidate)


def author_changed(
    sender, using: str = PEOPLE_DB, update_fields=None, created: bool = False, **kwargs
) -> None:
    """`post_save`/`post_delete` receiver for the user model."""
    if created:  # a new user is on no public page yet
        return
    if update_fields is not None and not PUBLIC_USER_FIELDS.intersection(update_fields):
        return
    content_changed(using=using)
