"""Blog reads for the web UI, feeds and sitemap.

Every list is built from a constant number of queries per alias: the page's posts (with comment
counts annotated in `blog_db`), their tags (same database) and their authors (one batch query on
`default` through `authors_attach`, which also drops orphans). Nothing here joins across the two
databases. Reader lists and the lookups every reader page makes run as SQL compiled once per
process (apps/blog/post_lists.py, apps/core/compiled_queries.py); the dashboard's list through
the ORM (`posts_with_card_data`).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    OuterRef,
    PositiveSmallIntegerField,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from apps.accounts.bylines import Byline, bylines_by_id
from apps.blog.models import (
    SITE_SETTINGS_PK,
    Comment,
    LibraryImage,
    Page,
    Post,
    SiteSettings,
    Tag,
    count_of,
)
from apps.blog.permissions import (
    AnyUser,
    user_can_manage_post,
    user_can_see_draft_pages,
    user_can_see_unpublished,
)
from apps.core.compiled_queries import CompiledQuery, CompiledRows
from apps.multidb.aliases import BLOG_DB
from apps.multidb.authors import (
    BYLINE_FIELDS,
    PUBLIC_USER_FIELDS,
    authors_attach,
)

SEARCH_CONFIG = "english"
# Title and body as a tsvector: a generated, GIN-indexed column on PostgreSQL (migration 0004),
# so neither matching nor ranking parses the bodies at query time.
SEARCH_DOCUMENT_SQL = '"blog_post"."search_document"'
SEARCH_QUERY_MAX_LENGTH = 200

User = get_user_model()


def posts_with_card_data(posts):
    """What a post card needs from `blog_db`: tags (one extra query) and visible comment count.

    Applied to the page being shown, not to the whole list: building the annotation costs as
    much as a cached page, and a list served from its content fragment never runs it. Cards show
    the stored excerpt and word count, so the bodies (most of a row's bytes) stay in the database.
    """
    return posts.with_comment_count().prefetch_related("tags").defer("body", "body_html")


# Reader lists are newest first: Post.Meta.ordering.


def post_list_published(*, now: datetime | None = None):
    """Published posts for the home page and the site feed (lazy queryset)."""
    return Post.objects.published(now=now)


def post_list_by_author(*, author_id: int, now: datetime | None = None):
    return Post.objects.published(now=now).by_author(author_id)


def post_list_by_tag(*, tag: Tag | int, now: datetime | None = None):
    return Post.objects.published(now=now).filter(tags=tag)


def post_list_for_dashboard(*, author_id: int):
    """Every post of one author, drafts and scheduled ones included, latest activity first."""
    return Post.objects.by_author(author_id).order_by("-updated_at", "-id")


def search_query_clean(raw: str | None) -> str:
    """A search string safe to send to PostgreSQL: NUL bytes removed, whitespace trimmed."""
    return (raw or "").replace("\x00", "").strip()[:SEARCH_QUERY_MAX_LENGTH]


RELATED_POSTS_MAX = 3
# Related posts are chosen among the most recent posts of each of the post's tags, this many per
# tag. Each tag's share is read backwards from an index (migration 0017) and stops there, so the
# query does the same work however many posts share a tag; ranking every post that shares one
# took 200 ms in PostgreSQL at 100,000 posts (bench/HISTORY.md).
RELATED_CANDIDATES_PER_TAG = 50


def post_list_related(*, post: Post, tags: Sequence[Tag]) -> list[Post]:
    """Up to three other public posts sharing the most of `tags` (the post's, already loaded)
    with `post`, the latest published first on ties, among the `RELATED_CANDIDATES_PER_TAG` most
    recent public posts of each tag: one query on `blog_db`, one batch on `default` for the
    authors, none for a post without tags."""
    if not tags:
        return []
    related = _RELATED(
        now=timezone.now(),
        post_id=post.pk,
        tag_ids=[tag.pk for tag in tags],
        bounds=slice(0, RELATED_POSTS_MAX),
    )
    return authors_attach(related, fields=BYLINE_FIELDS)  # a byline is all they show


def _related_candidates(*, now: datetime, post_id: int, tag_ids: Sequence[int]):
    """The ids of each tag's most recent public posts but `post_id`, one LIMITed subquery per
    tag. Most recent by id, the order posts were written in: the tag-then-post index holds it,
    so a tag's share costs about `RELATED_CANDIDATES_PER_TAG` index entries whatever the tag's
    size. (By publication date no index of a tag's posts exists: the planner either walks every
    post by date or sorts every post of the tag, thousands of rows for a mid-sized tag.)"""
    first, *rest = (
        Post.objects.published(now=now)
        .exclude(pk=post_id)
        .filter(tags=tag_id)
        .order_by("-pk")
        .values("pk")[:RELATED_CANDIDATES_PER_TAG]
        for tag_id in tag_ids
    )
    return first.union(*rest, all=True) if rest else first


_RELATED = CompiledQuery(
    Post,
    lambda now, post_id, tag_ids: (
        Post.objects.filter(pk__in=_related_candidates(now=now, post_id=post_id, tag_ids=tag_ids))
        .annotate(
            shared_tags=count_of(
                Post.tags.through.objects.filter(tag_id__in=tag_ids), pointing_at="post"
            )
        )
        .order_by("-shared_tags", *Post._meta.ordering)
        .only("slug", "title", "published_at", "author_id")
    ),
)
_POST_TAGS = CompiledQuery(Tag, lambda post_id: Tag.objects.filter(posts=post_id))


def post_tags(*, post: Post) -> list[Tag]:
    """The post's tags, by name."""
    return _POST_TAGS(post_id=post.pk)


def post_search_match(*, query: str) -> RawSQL:
    """The full-text condition, written so PostgreSQL answers it from the GIN index."""
    return RawSQL(
        f"{SEARCH_DOCUMENT_SQL} @@ websearch_to_tsquery(%s::regconfig, %s)",
        [SEARCH_CONFIG, query],
        output_field=BooleanField(),
    )


def post_search(*, query: str, now: datetime | None = None):
    """Published posts matching `query` in title or body, best match first.

    PostgreSQL: full-text search on the GIN-indexed document; SQLite (local runs): icontains.
    """
    posts = Post.objects.published(now=now)
    if not query:
        return posts.none()
    if connections[BLOG_DB].vendor == "postgresql":
        rank = RawSQL(
            f"ts_rank({SEARCH_DOCUMENT_SQL}, websearch_to_tsquery(%s::regconfig, %s))",
            [SEARCH_CONFIG, query],
        )
        posts = (
            posts.filter(post_search_match(query=query))
            .annotate(rank=rank)
            .order_by("-rank", *Post._meta.ordering)
        )
    else:
        posts = posts.filter(Q(title__icontains=query) | Q(body__icontains=query))
    return posts


def posts_attach_authors(posts: Sequence[Post]) -> list[Post]:
    """Authors for a page of posts in one query on `default`; orphans are left out."""
    return authors_attach(posts)


def posts_attach_bylines(posts: Sequence[Post]) -> list[Post]:
    """Authors for a page of cards, which show each author's name and link only: those fields
    alone, in one query on `default`; orphans are left out."""
    return authors_attach(posts, fields=BYLINE_FIELDS)


def posts_attach_author(posts: Sequence[Post], *, author) -> list[Post]:
    """For lists by one known author: set the relation cache, no query."""
    posts = list(posts)
    for post in posts:
        Post.author.field.set_cached_value(post, author)
    return posts


# The lookups behind a post's, an author's and a tag's page (slugs and usernames are unique);
# `comment_count` (replies included) heads a post's comment section.
# `top_level_comment_count` is the total behind the pages of comments (replies are shown under
# their comment, not counted in the pages): read with the post, not by a query of its own.
_POST_BY_SLUG = CompiledQuery(
    Post,
    lambda slug: (
        Post.objects.with_comment_count()
        .annotate(
            top_level_comment_count=count_of(
                Comment.objects.public().filter(parent=None), pointing_at="post"
            )
        )
        .filter(slug=slug)
    ),
)
# An author's page and feed show their public profile only.
_USER_BY_USERNAME = CompiledQuery(
    User, lambda username: User.objects.filter(username=username).only(*PUBLIC_USER_FIELDS)
)
# A tag with `public_post_count`, the total of its page's list (read with the tag: no COUNT of
# the list); none public, no page.
_TAG_BY_SLUG = CompiledQuery(
    Tag,
    lambda slug, now: Tag.objects.filter(slug=slug).annotate(
        public_post_count=count_of(Post.objects.published(now=now), pointing_at="tags")
    ),
)


def post_get_for_viewer(*, slug: str, user: AnyUser) -> Post:
    """The post at `slug` with its author attached, or Http404.

    Drafts and scheduled posts exist only for those who may see them (apps.blog.permissions);
    a post whose author is gone (an orphan awaiting cleanup) exists for nobody.
    """
    found = _POST_BY_SLUG(slug=slug)
    post = found[0] if found else None
    if post is None:
        raise Http404("No such post.")
    if not post.is_public and not user_can_see_unpublished(user=user, post=post):
        raise Http404("No such post.")
    if not authors_attach([post]):
        raise Http404("No such post.")
    return post


def post_get_for_manager(*, slug: str, user: AnyUser) -> Post:
    """The post at `slug` for editing or deleting.

    404 when the viewer may not even see it (so drafts do not leak), 403 when they may see it
    but not change it.
    """
    post = post_get_for_viewer(slug=slug, user=user)
    if not user_can_manage_post(user=user, post=post):
        raise PermissionDenied("Only the author can change this post.")
    return post


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
    replies_shown: list["ShownComment"] = field(default_factory=list)
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
    bylines = bylines_by_id({c.author_id for c in [*comments, *replies]})
    everyone = []
    for comment in [*comments, *replies]:
        comment.writer = bylines.get(comment.author_id)
        if comment.writer is not None:
            everyone.append(comment)
    by_parent: dict[int, list[ShownComment]] = {}
    for reply in everyone:
        if reply.parent_id is not None:
            by_parent.setdefault(reply.parent_id, []).append(reply)
    shown = [comment for comment in everyone if comment.parent_id is None]
    for comment in shown:
        comment.replies_shown = by_parent.get(comment.pk, [])
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


def user_get_by_username(*, username: str):
    found = _USER_BY_USERNAME(username=username)
    if not found:
        raise Http404("No such author.")
    return found[0]


def tag_list_public(*, now: datetime | None = None):
    """Tags with at least one public post: the only ones that have a page, a feed and a place in
    the sitemap. A tag that only drafts or scheduled posts use would otherwise betray them."""
    return Tag.objects.filter(Exists(Post.objects.published(now=now).filter(tags=OuterRef("pk"))))


def tag_list_with_post_counts():
    """Every public tag with `post_count`, its number of public posts, alphabetical: one query."""
    return (
        Tag.objects.filter(posts__in=Post.objects.published())
        .annotate(post_count=Count("posts"))
        .order_by("name")
    )


def tag_get_by_slug(*, slug: str) -> Tag:
    """The public tag at `slug` (tag_list_public) with `public_post_count`, or Http404."""
    found = _TAG_BY_SLUG(slug=slug, now=timezone.now())
    if not found or not found[0].public_post_count:
        raise Http404("No such tag.")
    return found[0]


def authors_with_published_posts() -> list:
    """Users who have at least one public post (for the sitemap): one query per alias."""
    author_ids = Post.objects.published().values_list("author_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=list(author_ids)).order_by("username"))


def page_get_for_viewer(*, slug: str, user: AnyUser) -> Page:
    """The page at `slug`, or Http404; a draft exists only for staff who may see it."""
    page = Page.objects.filter(slug=slug).first()
    if page is None or not (page.is_public or user_can_see_draft_pages(user=user)):
        raise Http404("No such page.")
    return page


# What base.html shows on every page, read in one statement compiled once per process: the
# site settings row (when one was saved) and then the navigation's pages, in their order.
_SETTINGS_ROW, _NAVIGATION_ROW = 0, 1
# The union's columns: (kind, title, description, footer_text, nav_order, slug).
_SITE_CONTENT = CompiledRows(
    SiteSettings,
    lambda: (
        SiteSettings.objects.filter(pk=SITE_SETTINGS_PK)
        .annotate(
            kind=Value(_SETTINGS_ROW),
            nav_order=Value(None, output_field=PositiveSmallIntegerField()),
            slug=Value(None, output_field=CharField()),
        )
        .values_list("kind", "title", "description", "footer_text", "nav_order", "slug")
        .union(
            Page.objects.filter(status=Page.Status.PUBLISHED, nav_order__isnull=False)
            .order_by()
            .annotate(
                kind=Value(_NAVIGATION_ROW),
                description=Value(None, output_field=CharField()),
                footer_text=Value(None, output_field=CharField()),
            )
            .values_list("kind", "title", "description", "footer_text", "nav_order", "slug"),
            all=True,
        )
        .order_by("kind", "nav_order", "title")
    ),
)


def site_settings_and_navigation() -> tuple[SiteSettings, list[Page]]:
    """The site settings row (one with the defaults, unsaved, while there is none) and the
    published pages that are in the navigation, in its order (titles and slugs only)."""
    settings_row = None
    navigation = []
    for kind, title, description, footer_text, nav_order, slug in _SITE_CONTENT():
        if kind == _SETTINGS_ROW:
            settings_row = SiteSettings(
                pk=SITE_SETTINGS_PK, title=title, description=description, footer_text=footer_text
            )
        else:
            navigation.append(Page(title=title, slug=slug, nav_order=nav_order))
    return settings_row or SiteSettings(), navigation


def library_images_of(*, author_id: int):
    """An author's image library, newest first."""
    return LibraryImage.objects.filter(author_id=author_id)
