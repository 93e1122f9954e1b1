"""Related posts: the few other public posts that share the most tags with a post, chosen among
the most recent posts of each of its tags so that the work is bounded however many posts share a
tag (docs/writing.md, "Tags and related posts").

They are read as rows (`RelatedPost`) with their writers' bylines (apps/accounts/bylines.py):
three `Post` and three `User` instances cost about as much CPU as both queries together.
"""

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from django.db import connections
from django.db.models import Q
from django.utils import timezone

from apps.accounts.bylines import Byline, bylines_by_id
from apps.blog.models import Post, Tag, count_of
from apps.core.compiled_queries import CompiledRows
from apps.multidb.aliases import BLOG_DB

RELATED_POSTS_MAX = 3
# Related posts are chosen among the most recent posts of each of the post's tags, this many per
# tag. Each tag's share is read backwards from an index (migration 0017) and stops there, so the
# query does the same work however many posts share a tag; ranking every post that shares one
# took 200 ms in PostgreSQL at 100,000 posts (bench/HISTORY.md).
RELATED_CANDIDATES_PER_TAG = 50


@dataclass(slots=True)
class RelatedPost:
    """A related post as the post page links it: the columns of `RELATED_POST_COLUMNS` and its
    writer's byline."""

    pk: int
    title: str
    slug: str
    author_id: int
    published_at: datetime
    writer: Byline | None = None


RELATED_POST_COLUMNS = ("pk", "title", "slug", "author_id", "published_at")


def post_list_related(*, post: Post, tags: Sequence[Tag]) -> list[RelatedPost]:
    """Up to three other public posts sharing the most of `tags` (the post's, already loaded)
    with `post`, the latest published first on ties, among the `RELATED_CANDIDATES_PER_TAG` most
    recent public posts of each tag, each with its writer's byline as `writer`: one query on
    `blog_db`, one on `default` for the writers, none for a post without tags; posts whose
    writer no longer exists are left out (apps/multidb/authors.py, `authors_attach`)."""
    if not tags:
        return []
    rows = _RELATED(
        now=timezone.now(),
        post_id=post.pk,
        tag_ids=[tag.pk for tag in tags],
        bounds=slice(0, RELATED_POSTS_MAX),
    )
    related = [RelatedPost(*row) for row in rows]
    bylines = bylines_by_id({post.author_id for post in related})
    for related_post in related:
        related_post.writer = bylines.get(related_post.author_id)
    return [related_post for related_post in related if related_post.writer is not None]


def _related_candidates(*, now: datetime, post_id: int, tag_ids: Sequence[int]) -> Q:
    """Each tag's most recent public posts but `post_id`, one LIMITed subquery per tag. Most
    recent by id, the order posts were written in: the tag-then-post index holds it, so a tag's
    share costs about `RELATED_CANDIDATES_PER_TAG` index entries whatever the tag's size. (By
    publication date no index of a tag's posts exists: the planner either walks every post by
    date or sorts every post of the tag, thousands of rows for a mid-sized tag.)"""
    first, *rest = (
        Post.objects.published(now=now)
        .exclude(pk=post_id)
        .filter(tags=tag_id)
        .order_by("-pk")
        .values("pk")[:RELATED_CANDIDATES_PER_TAG]
        for tag_id in tag_ids
    )
    if not rest or connections[BLOG_DB].features.supports_slicing_ordering_in_compound:
        return Q(pk__in=first.union(*rest, all=True) if rest else first)
    # SQLite (the local quick-start) takes no LIMIT inside a UNION: a subquery per tag instead.
    return reduce(operator.or_, (Q(pk__in=share) for share in (first, *rest)))


_RELATED = CompiledRows(
    Post,
    lambda now, post_id, tag_ids: (
        Post.objects.filter(_related_candidates(now=now, post_id=post_id, tag_ids=tag_ids))
        .annotate(
            shared_tags=count_of(
                Post.tags.through.objects.filter(tag_id__in=tag_ids), pointing_at="post"
            )
        )
        .order_by("-shared_tags", *Post._meta.ordering)
        .values_list(*RELATED_POST_COLUMNS)
    ),
)
