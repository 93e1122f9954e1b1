"""Batch author reads: users live in `default`, blog rows in `blog_db`.

`select_related("author")` cannot JOIN across databases and `post.author` in a loop costs one query
per row. `authors_attach` fetches every author of a list with one query on `default` and fills each
object's relation cache, so templates read `post.author` for free.
"""

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db import models

from apps.core.compiled_queries import CompiledQuery

BlogObject = TypeVar("BlogObject", bound=models.Model)

# A page's authors, one statement per number of them (compiled once per process): pages show
# at most a few dozen people; larger sets go through the ORM.
COMPILED_AUTHORS_MAX = 100
# User fields that appear on public pages (an author's page and feed, bylines): all that is read
# for such a page and kept of an author in the content cache (apps/blog/caching/), and the only
# fields whose change replaces the author's tokens (a login saves `last_login`, which must not).
PUBLIC_USER_FIELDS = frozenset(
    {"username", "display_name", "bio", "is_active", "avatar", "avatar_width", "avatar_height"}
)
# What a list of posts shows of each author (a card's byline: the name, linked to their page).
# The rest of the row (password hash, e-mail, dates) is neither sent nor decoded.
BYLINE_FIELDS = ("username", "display_name")
# A comment's writer: the byline and the avatar beside it.
BYLINE_AND_AVATAR_FIELDS = (*BYLINE_FIELDS, "avatar", "avatar_width", "avatar_height")
# One compiled statement per set of fields read (None: whole rows), built on first use.
_AUTHORS: dict[tuple[str, ...] | None, CompiledQuery] = {}


def _authors_query(fields: tuple[str, ...] | None) -> CompiledQuery:
    query = _AUTHORS.get(fields)
    if query is None:
        users = get_user_model().objects
        query = _AUTHORS[fields] = CompiledQuery(
            get_user_model(),
            lambda ids: (
                users.filter(pk__in=ids).only(*fields) if fields else users.filter(pk__in=ids)
            ),
        )
    return query


def authors_by_id(author_ids: set[int], *, fields: tuple[str, ...] | None = None) -> dict:
    if len(author_ids) > COMPILED_AUTHORS_MAX:
        users = get_user_model().objects
        return (users.only(*fields) if fields else users).in_bulk(author_ids)
    return {author.pk: author for author in _authors_query(fields)(ids=sorted(author_ids))}


def authors_attach(
    objects: Iterable[BlogObject],
    *,
    field: str = "author",
    fields: tuple[str, ...] | None = None,
) -> list[BlogObject]:
    """Attach authors to `objects` with one query; drop objects whose author no longer exists.

    An object without an author is an orphan left by a deletion whose blog cleanup has not run
    yet (`audit_crossdb --fix` removes it); pages must neither show it nor fail on it.
    `fields`: read only those (BYLINE_FIELDS, BYLINE_AND_AVATAR_FIELDS), for pages that show no
    more of an author; whole rows otherwise.
    """
    objects = list(objects)
    if not objects:
        return objects
    relation = objects[0]._meta.get_field(field)
    author_ids = {getattr(obj, relation.attname) for obj in objects}
    authors = authors_by_id(author_ids, fields=fields)
    attached = []
    for obj in objects:
        author = authors.get(getattr(obj, relation.attname))
        if author is not None:
            relation.set_cached_value(obj, author)
            attached.append(obj)
    return attached
