from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apps.blog import selectors
from apps.blog.caching.dependencies import LISTS, POST_TEXT, author_tag, depends_on
from apps.blog.models import Page, Post


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "tag_index"]

    def location(self, item: str) -> str:
        return reverse(item)


class PostSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # Orphans (author deleted, cleanup pending) would 404, so only posts by existing authors.
        depends_on(LISTS, POST_TEXT)  # which posts, and their dates
        author_ids = [author.pk for author in selectors.authors_with_published_posts()]
        return Post.objects.published().filter(author_id__in=author_ids).only("slug", "updated_at")

    def lastmod(self, item: Post):
        return item.updated_at


class AuthorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list:
        authors = selectors.authors_with_published_posts()
        depends_on(LISTS, *(author_tag(author.pk) for author in authors))
        return authors

    def location(self, item) -> str:
        return reverse("author_detail", args=[item.username])


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        depends_on(LISTS)
        return selectors.tag_list_public().order_by("name")


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.filter(status=Page.Status.PUBLISHED).only("slug", "updated_at")

    def lastmod(self, item: Page):
        return item.updated_at


SITEMAPS = {
    "static": StaticSitemap,
    "posts": PostSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "pages": PageSitemap,
}
