"""People as a page of comments shows them: name, address and avatar, read as rows; and an
author as their post's page shows them (the same and their bio: `AuthorCard`).

A page of comments shows six columns of each writer. Made into `User` instances they cost about
7 us each (Django's `Model.__init__` walks every field of the user model), several times the
query's own decoding, on a page of 25 commenters (bench/HISTORY.md, "Post page cold render").
`Byline` holds those six values and answers what the avatar and the byline ask of a user.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from apps.accounts.people import ShownAsPerson
from apps.core.compiled_queries import CompiledRows

BYLINE_COLUMNS = ("pk", "username", "display_name", "avatar", "avatar_width", "avatar_height")
# Compiled once per number of people (as apps/multidb/authors.py does); more through the ORM.
COMPILED_BYLINES_MAX = 100


@dataclass(frozen=True, slots=True)
class Byline(ShownAsPerson):
    pk: int
    username: str
    display_name: str
    avatar_file: str  # the photo's name, "" without one
    avatar_width: int | None
    avatar_height: int | None

    def avatar_name(self) -> str:
        return self.avatar_file


def _users():
    return get_user_model().objects


_BYLINES = CompiledRows(
    get_user_model(), lambda ids: _users().filter(pk__in=ids).values_list(*BYLINE_COLUMNS)
)


def bylines_by_id(user_ids: Collection[int]) -> dict[int, Byline]:
    """The bylines of `user_ids` that still exist: one query on the users' database."""
    ids = sorted(user_ids)
    if not ids:
        return {}
    if len(ids) > COMPILED_BYLINES_MAX:
        rows = _users().filter(pk__in=ids).values_list(*BYLINE_COLUMNS)
    else:
        rows = _BYLINES(ids=ids)
    return {row[0]: Byline(*row) for row in rows}


@dataclass(frozen=True, slots=True)
class AuthorCard(Byline):
    """An author as their post's page shows them: the byline, the avatar and the bio (no
    password hash, e-mail or dates: the account is neither read nor kept with the post)."""

    bio: str


_AUTHOR_CARD = CompiledRows(
    get_user_model(),
    lambda user_id: _users().filter(pk=user_id).values_list(*BYLINE_COLUMNS, "bio"),
)


def author_card(user_id: int) -> AuthorCard | None:
    """The card of `user_id`, None when the user no longer exists: one query."""
    rows = _AUTHOR_CARD(user_id=user_id)
    return AuthorCard(*rows[0]) if rows else None
