"""The reader lists of posts (home, an author's, a tag's, search results) as compiled SQL.

Each list's total and its page of cards with their tags are one query each, built and compiled
by the ORM once per process (apps/core/compiled_queries.py): every page of every list runs
the same two statements with its own values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import CharField, Expression, F, Func, OuterRef, QuerySet
from django.utils import timezone

from apps.blog import selectors
from apps.blog.models import Post, Tag
from apps.core.compiled_queries import CompiledCount, CompiledQuery

# What a card shows (apps/blog/templatetags/post_cards.py): bodies and dates it does not show
# stay in the database.
CARD_FIELDS = (
    *("title", "slug", "author_id", "excerpt", "word_count", "status", "published_at"),
    *("cover_image", "cover_image_width", "cover_image_height"),
)


class CardTag(NamedTuple):
    """A tag as a card links to it."""

    name: str
    slug: str


def tags_as_arrays(*columns: Expression) -> ArraySubquery:
    """The post's tags by name, each as a text array of `columns`: read with the post by a
    correlated subquery (one statement for the post and its tags, no Tag instances to build).
    PostgreSQL only."""
    row = Func(*columns, template="ARRAY[%(expressions)s]", output_field=ArrayField(CharField()))
    return ArraySubquery(
        Tag.objects.filter(posts=OuterRef("pk")).order_by("name").values(row=row),
        output_field=ArrayField(ArrayField(CharField())),
    )


def card_tags() -> ArraySubquery:
    """The post's tags by name, as [name, slug] pairs, read with the card."""
    return tags_as_arrays(F("name"), F("slug"))


def _with_card_tags(posts: QuerySet) -> QuerySet:
    """`posts` reading their tags as `card_tag_pairs` (PostgreSQL's arrays); elsewhere (the
    SQLite of the local quick-start) `PostList.cards` reads them in a query of their own."""
    if connections[posts.db].vendor != "postgresql":
        return posts
    return posts.annotate(card_tag_pairs=card_tags())


def _card_tag_pairs(posts: list[Post]) -> dict[int, list[tuple[str, str]]]:
    """Each post's tags as (name, slug) pairs by name, in one query: what `card_tags` reads
    with the cards on PostgreSQL."""
    pairs: dict[int, list[tuple[str, str]]] = {post.pk: [] for post in posts}
    links = Post.tags.through.objects.filter(post_id__in=pairs).order_by("tag__name")
    for post_id, name, slug in links.values_list("post_id", "tag__name", "tag__slug"):
        pairs[post_id].append((name, slug))
    return pairs


class CompiledPostList:
    """A kind of list: `build(now=..., **values)` is its queryset of public posts."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.cards = CompiledQuery(
            Post,
            lambda **values: _with_card_tags(build(**values).with_comment_count()).only(
                *CARD_FIELDS
            ),
        )
        self.total = CompiledCount(Post, build)

    def __call__(self, **values: Any) -> PostList:
        return PostList(self, {"now": timezone.now(), **values})


class PostList:
    """One list (a kind and its values), as Django's Paginator wants it: countable, ordered and
    sliced once; `cards()` reads the slice's posts with their comment counts and tags
    (`card_tags`, CardTags by name)."""

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
        posts = self.kind.cards(bounds=self.bounds, **self.values)
        if posts and not hasattr(posts[0], "card_tag_pairs"):
            tags = _card_tag_pairs(posts)
            for post in posts:
                post.card_tag_pairs = tags[post.pk]
        for post in posts:
            post.card_tags = [CardTag(name, slug) for name, slug in post.card_tag_pairs]
        return posts


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
