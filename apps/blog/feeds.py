"""Atom feeds: the whole site, one author, one tag. Latest published posts, full HTML content."""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from apps.blog import selectors
from apps.blog.caching.dependencies import LISTS, author_tag, depends_on, posts_shown
from apps.blog.caching.fragments import cache_shared_response
from apps.blog.models import Post
from apps.blog.rendering import html_with_absolute_urls
from apps.blog.site_content import site_title
from apps.core.text import control_characters_strip

FEED_SIZE = 20
# Feed readers show an entry's first image as its picture; most take neither srcset nor WebP.
FEED_COVER_MIN_WIDTH = 1024


def _without_control_characters(fields: dict) -> dict:
    def cleaned(value):
        if isinstance(value, str):
            return control_characters_strip(value)
        if isinstance(value, list | tuple):  # categories
            return [cleaned(item) for item in value]
        return value

    return {key: cleaned(value) for key, value in fields.items()}


class AtomFeedWithoutControlCharacters(Atom1Feed):
    """Forms refuse control characters; a row written another way must still give valid XML."""

    def write(self, outfile, encoding) -> None:
        self.feed = _without_control_characters(self.feed)
        self.items = [_without_control_characters(item) for item in self.items]
        super().write(outfile, encoding)


def _cover_html(cover, *, base_url: str) -> str:
    """The cover image heading an entry's content, at an absolute URL ("" without one)."""
    if cover is None:
        return ""
    rendition = cover.rendition(FEED_COVER_MIN_WIDTH)
    return format_html(
        '<p><img src="{}" width="{}" height="{}" alt=""></p>',
        urljoin(base_url, rendition.url),
        rendition.width,
        rendition.height,
    )


class LatestPostsFeed(Feed):
    feed_type = AtomFeedWithoutControlCharacters

    def __call__(self, request, *args, **kwargs):
        # The same for every reader, signed in or not. Its links are absolute, so each host
        # name gets its own copy; an unknown author or tag (a 404) is never kept.
        def feed_built() -> HttpResponse:
            response = super(LatestPostsFeed, self).__call__(request, *args, **kwargs)
            # The feed generator writes its XML in ~1,000 small pieces, which gunicorn would send
            # with a system call each; one piece is sent at once.
            response.content = response.content
            return response

        return cache_shared_response(f"feed:{request.build_absolute_uri(request.path)}", feed_built)

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Feed readers resolve relative URLs against the feed, if at all: give them the post's.
        for entry in feed.items:
            entry["description"] = _cover_html(entry.pop("cover"), base_url=entry["link"]) + (
                html_with_absolute_urls(entry["description"], base_url=entry["link"])
            )
        return feed

    def item_extra_kwargs(self, item: Post) -> dict:
        return {"cover": item.cover_picture}

    # The title names the site, so the subtitle need not read it again.
    subtitle = "The latest posts."

    def title(self, obj=None) -> str:
        return site_title()

    def link(self, obj=None) -> str:
        return reverse("home")

    def posts(self, obj=None):
        return selectors.post_list_published()

    def items(self, obj=None) -> list[Post]:
        # One query per alias however many authors: the page's authors come in one batch.
        posts = self.posts(obj).prefetch_related("tags").defer("body")
        depends_on(LISTS)
        items = selectors.posts_attach_authors(posts[:FEED_SIZE])
        posts_shown(items)
        return items

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        # Stored HTML, sanitised by nh3 when the post was saved.
        return item.body_html

    def item_author_name(self, item: Post) -> str:
        return item.author.public_name

    def item_author_link(self, item: Post) -> str:
        return reverse("author_detail", args=[item.author.username])

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Post) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class AuthorPostsFeed(LatestPostsFeed):
    def get_object(self, request, username: str):
        author = selectors.user_get_by_username(username=username)
        depends_on(author_tag(author.pk))
        return author

    def title(self, obj) -> str:
        return f"{obj.public_name} on {site_title()}"

    def subtitle(self, obj) -> str:
        return f"The latest posts by {obj.public_name}."

    def link(self, obj) -> str:
        return reverse("author_detail", args=[obj.username])

    def posts(self, obj):
        return selectors.post_list_by_author(author_id=obj.pk)


class TagPostsFeed(LatestPostsFeed):
    def get_object(self, request, slug: str):
        return selectors.tag_get_by_slug(slug=slug)

    def title(self, obj) -> str:
        return f"Posts tagged “{obj.name}” on {site_title()}"

    def subtitle(self, obj) -> str:
        return f"The latest posts tagged “{obj.name}”."

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def posts(self, obj):
        return selectors.post_list_by_tag(tag=obj)
