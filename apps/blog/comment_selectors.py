"""Blog reads of comments: the post page's pages of comments with their replies and writers,
where a comment stands, and the moderation queue's reads.

A page of comments is read as rows (`ShownComment`, with bylines from apps/accounts/bylines.py),
in one query for the page and one for its replies on `blog_db` and one for the writers on
`default`; nothing here joins across the two databases.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from apps.accounts.bylines import Byline, bylines_by_id
from apps.blog.models import Comment, Post
from apps.core.compiled_queries import CompiledRows
from apps.multidb.authors import authors_attach


def comment_list_visible(*, post: Post | int):
    """The post's visible top-level comments, oldest first (lazy queryset; the post page's pages).

    Replies are shown under their comment, so they are not counted in the pages.
    """
    return Comment.objects.public().filter(post=post, parent=None).order_by("created_at", "id")


@dataclass(slots=True)
class ShownComment:
    """A comment as a page of them shows it: the columns of `SHOWN_COMMENT_COLUMNS`, its writer's
    byline, its replies and whether the viewer may remove it. Read as rows: 25 `Comment`
    instances cost about as much as their query (bench/HISTORY.md, "Post page cold render")."""

    pk: int
    author_id: int
    parent_id: int | None
    created_at: datetime
    body_html: str
    writer: Byline | None = None
    # Shared and empty unless the comment has replies: a list per comment cost an allocation
    # each on a page of 25 comments without replies.
    replies_shown: Sequence["ShownComment"] = ()
    can_delete: bool = False


SHOWN_COMMENT_COLUMNS = ("pk", "author_id", "parent_id", "created_at", "body_html")


def comments_with_replies(*, post: Post, bounds: slice) -> list[ShownComment]:
    """The top-level comments of `post` in `bounds` (a page of `comment_list_visible`), each with
    its visible `replies_shown`, and every writer's byline as `writer` (apps/accounts/bylines.py:
    name, address and avatar, not a `User`).

    One query for the page and one for its replies in `blog_db` (none for an empty page, no
    replies query for a post whose visible comments are all top-level: its two counts, read with
    the post, are equal), one for all the writers on `default`; orphans left out.
    """
    if bounds.stop <= bounds.start:
        return []
    comments = [ShownComment(*row) for row in _COMMENTS_SHOWN(post_id=post.pk, bounds=bounds)]
    has_replies = comments and post.comment_count > post.top_level_comment_count
    replies = _REPLIES_SHOWN(parent_ids=[c.pk for c in comments]) if has_replies else []
    replies = [ShownComment(*row) for row in replies]
    writer = bylines_by_id({c.author_id for c in comments} | {r.author_id for r in replies}).get
    shown = []
    for comment in comments:
        comment.writer = writer(comment.author_id)
        if comment.writer is not None:
            shown.append(comment)
    if replies:  # most posts have none: no lists to build for them
        by_parent: dict[int, list[ShownComment]] = {}
        for reply in replies:
            reply.writer = writer(reply.author_id)
            if reply.writer is not None:
                by_parent.setdefault(reply.parent_id, []).append(reply)
        for comment in shown:
            comment.replies_shown = by_parent.get(comment.pk, ())
    return shown


_COMMENTS_SHOWN = CompiledRows(
    Comment,
    lambda post_id: comment_list_visible(post=post_id).values_list(*SHOWN_COMMENT_COLUMNS),
)
_REPLIES_SHOWN = CompiledRows(
    Comment,
    lambda parent_ids: (
        Comment.objects.public()
        .filter(parent__in=parent_ids)
        .order_by("created_at", "id")
        .values_list(*SHOWN_COMMENT_COLUMNS)
    ),
)


def comment_author_ids(page_comments) -> set[int]:
    """Who wrote a page (a sliced queryset) of top-level comments or their visible replies.

    One query: the page is a subquery.
    """
    page_ids = page_comments.values("pk")
    return set(
        Comment.objects.public()
        .filter(Q(pk__in=page_ids) | Q(parent__in=page_ids))
        .values_list("author_id", flat=True)
    )


def comment_position(*, comment: Comment) -> int:
    """Where `comment`, or the comment it replies to, stands among the top-level ones, from 1."""
    comment = comment.parent or comment
    earlier = Q(created_at__lt=comment.created_at) | Q(
        created_at=comment.created_at, id__lte=comment.pk
    )
    return comment_list_visible(post=comment.post_id).filter(earlier).count()


COMMENTS_PER_PAGE = 50
COMMENT_PAGE_PARAM = "comments"  # /posts/<slug>/?comments=2


def comment_path(*, comment: Comment) -> str:
    """The address of a public comment: its post, the page of comments it is on, its anchor."""
    page = math.ceil(comment_position(comment=comment) / COMMENTS_PER_PAGE)
    query = f"?{COMMENT_PAGE_PARAM}={page}" if page > 1 else ""
    return f"{comment.post.get_absolute_url()}{query}#comment-{comment.pk}"


def comments_awaiting_approval_on_posts_of(*, author_id: int):
    """The queue of one author: held comments on their posts, oldest first, with their post
    (lazy queryset; authors are attached per page)."""
    return (
        Comment.objects.awaiting_approval()
        .filter(post__author_id=author_id)
        .select_related("post")
        .order_by("created_at", "id")
    )


def comments_attach_authors(comments) -> list[Comment]:
    """Authors for a page of comments in one query on `default`; orphans are left out."""
    return authors_attach(comments)


def comment_held_writer_ids(*, post: Post) -> set[int]:
    """Who has comments awaiting approval on `post`."""
    held = Comment.objects.awaiting_approval().filter(post=post)
    return set(held.values_list("author_id", flat=True))


def comments_awaiting_approval_by(*, author_id: int, post: Post) -> list[Comment]:
    """`author_id`'s own held comments on `post`: shown to them alone, marked as waiting."""
    return list(Comment.objects.awaiting_approval().filter(post=post, author_id=author_id))
