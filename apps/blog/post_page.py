"""What the post page reads of its post: the post with its comment totals and its tags in one
statement, and its author's card (apps/accounts/bylines.py: byline, avatar and bio), not the
account. On PostgreSQL the same statement reads what base.html shows of the site (its settings
and navigation, apps/blog/site_content_query.py): a round trip fewer on every post page.

Edit, delete and comment removal read the post through `selectors.post_get_for_viewer`, with
its author's whole row.
"""

from typing import NamedTuple

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import CharField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import Http404

from apps.accounts.bylines import author_card
from apps.blog import selectors
from apps.blog.models import Post, Tag
from apps.blog.permissions import AnyUser
from apps.blog.post_lists import tags_as_arrays
from apps.blog.site_content_query import navigation_subquery, settings_texts_subquery
from apps.core.compiled_queries import CompiledQuery
from apps.core.url_templates import url_with_argument


class PostTag(NamedTuple):
    """A tag as the post page shows it (its meta and its list of tags) and picks related posts
    by it."""

    pk: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return url_with_argument("tag_detail", self.slug)


def _for_page(posts: QuerySet) -> QuerySet:
    """`posts` reading their tags as `tag_rows`, [id, name, slug] by name (PostgreSQL's arrays),
    and the site content as `site_texts` and `site_navigation`; elsewhere (the SQLite of the
    local quick-start) `post_for_page` reads the tags in a query of their own and base.html the
    site content."""
    if connections[posts.db].vendor != "postgresql":
        return posts
    return posts.annotate(
        tag_rows=tags_as_arrays(Cast("pk", CharField()), F("name"), F("slug")),
        site_texts=RawSQL(settings_texts_subquery(), (), output_field=ArrayField(CharField())),
        site_navigation=RawSQL(
            navigation_subquery(), (), output_field=ArrayField(ArrayField(CharField()))
        ),
    )


_POST_FOR_PAGE = CompiledQuery(Post, lambda slug: _for_page(selectors.post_by_slug(slug)))


def post_for_page(*, slug: str, user: AnyUser) -> Post:
    """The post at `slug` as `user` may see it, with `shown_tags` (PostTags by name) and
    `author_card`, or Http404: drafts and scheduled posts exist only for those who may see them
    (apps.blog.permissions), a post whose author is gone (an orphan awaiting cleanup) for
    nobody. One query per database. On PostgreSQL, `site_content_rows` holds the site's
    settings texts and navigation rows read by the same statement
    (`site_content.site_content_from`), for this request only: what is kept of the post leaves
    them out (caching/fragments.py)."""
    post = selectors.post_visible_or_404(_POST_FOR_PAGE(slug=slug), user=user)
    card = author_card(post.author_id)
    if card is None:
        raise Http404("No such post.")
    if hasattr(post, "tag_rows"):
        rows = post.tag_rows
        post.site_content_rows = (post.site_texts, post.site_navigation)
    else:
        rows = Tag.objects.filter(posts=post.pk).values_list("pk", "name", "slug")
    post.shown_tags = [PostTag(int(pk), name, slug) for pk, name, slug in rows]
    post.author_card = card
    return post
