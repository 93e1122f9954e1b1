"""Blog reads of posts, tags, pages and site settings for the web UI, feeds and sitemap (comments:
comment_selectors.py; related posts: related_posts.py).

Every list is built from a constant number of queries per alias: the page's posts (with comment
counts annotated in `blog_db`), their tags (same database) and their authors (one batch query on
`default` through `authors_attach`, which also drops orphans). Nothing here joins across the two
databases. Reader lists and the lookups every reader page makes run as SQL compiled once per
process (apps/blog/post_lists.py, apps/core/compiled_queries.py); the dashboard's list through
the ORM (`posts_with_card_data`).
"""

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from apps.blog.models import (
    Comment,
    LibraryImage,
    Page,
    Post,
    Tag,
    count_of,
)
from apps.blog.permissions import (
    AnyUser,
    user_can_manage_post,
    user_can_see_draft_pages,
    user_can_see_unpublished,
)
from apps.core.compiled_queries import CompiledQuery
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
def post_by_slug(slug: str):
    """The post at `slug` with its comment totals (lazy queryset)."""
    return (
        Post.objects.with_comment_count()
        .annotate(
            top_level_comment_count=count_of(
                Comment.objects.public().filter(parent=None), pointing_at="post"
            )
        )
        .filter(slug=slug)
    )


_POST_BY_SLUG = CompiledQuery(Post, post_by_slug)
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
    """The post at `slug` with its author's whole row attached, or Http404 (edit, delete and
    comment removal; the post's own page reads less: apps/blog/post_page.py).

    Drafts and scheduled posts exist only for those who may see them (apps.blog.permissions);
    a post whose author is gone (an orphan awaiting cleanup) exists for nobody.
    """
    post = post_visible_or_404(_POST_BY_SLUG(slug=slug), user=user)
    if not authors_attach([post]):
        raise Http404("No such post.")
    return post


def post_visible_or_404(found: Sequence[Post], *, user: AnyUser) -> Post:
    """The post found by slug (none or one) if `user` may see it, else Http404."""
    post = found[0] if found else None
    if post is None:
        raise Http404("No such post.")
    if not post.is_public and not user_can_see_unpublished(user=user, post=post):
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


def library_images_of(*, author_id: int):
    """An author's image library, newest first."""
    return LibraryImage.objects.filter(author_id=author_id)
