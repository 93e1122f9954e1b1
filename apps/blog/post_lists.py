"""The reader lists of posts (home, an author's, a tag's, search results) as compiled SQL.

Each list's total, its page of cards and the cards' tags are one query each, built and compiled
by the ORM once per process (apps/core/compiled_queries.py): every page of every list runs
the same three statements with its own values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from apps.blog import selectors
from apps.blog.models import Post, Tag
from apps.core.compiled_queries import CompiledCount, CompiledQuery

# What a card shows (templates/blog/_post_card.html): bodies and dates it does not show
# stay in the database.
CARD_FIELDS = (
    *("title", "slug", "author_id", "excerpt", "word_count", "status", "published_at"),
    *("cover_image", "cover_image_width", "cover_image_height"),
)

CARD_TAGS = CompiledQuery(
    Tag,
    lambda post_ids: Tag.objects.filter(posts__in=post_ids).annotate(card_post_id=F("posts")),
)


def cards_attach_tags(posts: list[Post]) -> list[Post]:
    """Each post's tags as `card_tags`, by name: one query for the whole page."""
    by_post: dict[int, list[Tag]] = {post.pk: [] for post in posts}
    if posts:
        for tag in CARD_TAGS(post_ids=list(by_post)):
            by_post[tag.card_post_id].append(tag)
    for post in posts:
        post.card_tags = by_post[post.pk]
    return posts


class CompiledPostList:
    """A kind of list: `build(now=..., **values)` is its queryset of public posts."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.cards = CompiledQuery(
            Post,
            lambda **values: build(**values).with_comment_count().only(*CARD_FIELDS),
        )
        self.total = CompiledCount(Post, build)

    def __call__(self, **values: Any) -> PostList:
        return PostList(self, {"now": timezone.now(), **values})


class PostList:
    """One list (a kind and its values), as Django's Paginator wants it: countable, ordered and
    sliced once; `cards()` reads the slice's posts with their comment counts and tags."""

    ordered = True

    def __init__(
        self, kind: CompiledPostList | None, values: dict[str, Any], bounds: slice | None = None
    ) -> None:
        self.kind = kind  # None: a list known to be empty
        self.values = values
        self.bounds = bounds

    def __getitem__(self, bounds: slice) -> PostList:
        if not isinstance(bounds, slice) or self.bounds is not None:
            raise TypeError("a post list is sliced once, by its paginator")
        return PostList(self.kind, self.values, bounds)

    def count(self) -> int:
        return 0 if self.kind is None else self.kind.total(**self.values)

    def cards(self) -> list[Post]:
        if self.kind is None:
            return []
        return cards_attach_tags(self.kind.cards(bounds=self.bounds, **self.values))


def _search(*, now: datetime, query: str) -> QuerySet:
    return selectors.post_search(query=query, now=now)


PUBLISHED = CompiledPostList(lambda now: selectors.post_list_published(now=now))
BY_AUTHOR = CompiledPostList(
    lambda now, author_id: selectors.post_list_by_author(author_id=author_id, now=now)
)
BY_TAG = CompiledPostList(lambda now, tag_id: selectors.post_list_by_tag(tag=tag_id, now=now))
SEARCH = CompiledPostList(_search)


def post_list_published() -> PostList:
    return PUBLISHED()


def post_list_by_author(*, author_id: int) -> PostList:
    return BY_AUTHOR(author_id=author_id)


def post_list_by_tag(*, tag: Tag) -> PostList:
    return BY_TAG(tag_id=tag.pk)


def post_search(*, query: str) -> PostList:
    """Search results; an empty query finds nothing (and compiles nothing)."""
    return SEARCH(query=query) if query else PostList(None, {})
