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
_AUTHORS = CompiledQuery(get_user_model(), lambda ids: get_user_model().objects.filter(pk__in=ids))


def authors_by_id(author_ids: set[int]) -> dict:
    if len(author_ids) > COMPILED_AUTHORS_MAX:
        return get_user_model().objects.in_bulk(author_ids)
    return {author.pk: author for author in _AUTHORS(ids=sorted(author_ids))}


def authors_attach(objects: Iterable[BlogObject], *, field: str = "author") -> list[BlogObject]:
    """Attach authors to `objects` with one query; drop objects whose author no longer exists.

    An object without an author is an orphan left by a deletion whose blog cleanup has not run
    yet (`audit_crossdb --fix` removes it); pages must neither show it nor fail on it.
    """
    objects = list(objects)
    if not objects:
        return objects
    relation = objects[0]._meta.get_field(field)
    author_ids = {getattr(obj, relation.attname) for obj in objects}
    authors = authors_by_id(author_ids)
    attached = []
    for obj in objects:
        author = authors.get(getattr(obj, relation.attname))
        if author is not None:
            relation.set_cached_value(obj, author)
            attached.append(obj)
    return attached
