"""Reader pages (author pages are in author_views.py, the post page in post_views.py). Thin:
rules live in selectors.py (reads), services.py (writes) and permissions.py (who may do what)."""

from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView, TemplateView

from apps.blog import (
    post_lists,
    selectors,
)
from apps.blog.caching.dependencies import (
    LISTS,
    POST_TEXT,
    depends_on,
    posts_shown,
)
from apps.blog.caching.fragments import (
    cached_author,
    cached_page,
    cached_tag,
)
from apps.blog.caching.paginator import (
    CachedCountPaginator,
    DeferredQuerySet,
    KnownCountPaginator,
)
from apps.blog.models import Post
from apps.blog.post_lists import PostList
from apps.core import page_descriptions

POSTS_PER_PAGE = 10


def tags_with_counts() -> list:
    depends_on(LISTS)
    return list(selectors.tag_list_with_post_counts())


class PaginatedPostsMixin:
    """Paginate `posts()`, then attach authors to the current page only (one query on `default`).

    The list is built, and the page's posts read, only when the template first uses them: a list
    whose content fragment is cached (apps/blog/caching/) costs no query and builds no
    queryset. `?page=abc`, `?page=0` and pages past the end are 404s (ListView's own rule,
    decided from the total).
    """

    context_object_name = "posts"
    # What decides which posts the list holds (apps/blog/caching/dependencies.py).
    list_tags: tuple[str, ...] = (LISTS,)

    def posts(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> DeferredQuerySet:
        return DeferredQuerySet(self.posts)

    def page_posts_prepare(self, posts) -> list[Post]:
        return selectors.posts_attach_authors(posts)

    def page_cards(self, posts) -> list[Post]:
        """The page's posts (a slice of `get_queryset()`) with what their cards show."""
        return list(selectors.posts_with_card_data(posts.resolve()))

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _, is_paginated = super().paginate_queryset(queryset, page_size)
        posts = page.object_list
        page.object_list = SimpleLazyObject(lambda: self.page_posts_load(posts))
        return paginator, page, page.object_list, is_paginated

    def page_posts_load(self, posts: DeferredQuerySet) -> list[Post]:
        depends_on(*self.list_tags)
        prepared = self.page_posts_prepare(self.page_cards(posts))
        posts_shown(prepared)
        return prepared


class PostListView(PaginatedPostsMixin, ListView):
    """A reader list: its total, cards and their tags from compiled SQL (post_lists.py)."""

    paginate_by = POSTS_PER_PAGE

    def posts(self) -> PostList:
        raise NotImplementedError

    def get_queryset(self) -> PostList:
        return self.posts()

    def page_cards(self, posts: PostList) -> list[Post]:
        return posts.cards()

    def page_posts_prepare(self, posts) -> list[Post]:
        return selectors.posts_attach_bylines(posts)

    def list_name(self) -> str:
        """Names the list among all reader lists, whatever the page number."""
        return self.request.path

    def get_paginator(self, queryset, per_page, **kwargs):
        # Reader lists are the same for everyone: their totals are counted again only when
        # which posts they hold may have changed.
        return CachedCountPaginator(
            queryset, per_page, count_key=self.list_name(), tags=self.list_tags, **kwargs
        )


class HomeView(PostListView):
    template_name = "blog/home.html"

    def posts(self):
        return post_lists.post_list_published()


class AuthorDetailView(PostListView):
    template_name = "blog/author_detail.html"

    def get_queryset(self):
        self.author = cached_author(username=self.kwargs["username"])
        return super().get_queryset()

    def posts(self):
        return post_lists.post_list_by_author(author_id=self.author.pk)

    def page_posts_prepare(self, posts) -> list[Post]:
        # One author, already loaded: no batch query needed.
        return selectors.posts_attach_author(posts, author=self.author)

    def get_context_data(self, **kwargs):
        bio = self.author.bio
        return super().get_context_data(
            author=self.author,
            # Shown in two meta tags when there is a bio.
            description=page_descriptions.description(bio) if bio else "",
            **kwargs,
        )


class TagDetailView(PostListView):
    template_name = "blog/tag_detail.html"

    def get_queryset(self):
        self.tag = cached_tag(slug=self.kwargs["slug"])
        return super().get_queryset()

    def posts(self):
        return post_lists.post_list_by_tag(tag=self.tag)

    def get_paginator(self, queryset, per_page, **kwargs):
        # The tag was read with its number of public posts: no COUNT of the list.
        return KnownCountPaginator(queryset, per_page, count=self.tag.public_post_count, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class TagIndexView(TemplateView):
    """Every tag with a public post, with its count of public posts."""

    template_name = "blog/tag_index.html"

    def get_context_data(self, **kwargs):
        # Read only when the content fragment is missing.
        tags = SimpleLazyObject(lambda: list(tags_with_counts()))
        return super().get_context_data(tags=tags, **kwargs)


class SearchView(PostListView):
    template_name = "blog/search.html"
    list_tags = (LISTS, POST_TEXT)  # an edit may make a post match or stop matching

    def get_queryset(self):
        self.query = selectors.search_query_clean(self.request.GET.get("q"))
        return super().get_queryset()

    def list_name(self) -> str:
        return f"{self.request.path}?q={self.query}"

    def posts(self):
        return post_lists.post_search(query=self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class PageDetailView(TemplateView):
    """A page of its own (About, Contact...); drafts only for staff who may see them."""

    template_name = "blog/page_detail.html"

    def get_context_data(self, **kwargs):
        page = cached_page(slug=self.kwargs["slug"], user=self.request.user)
        return super().get_context_data(page=page, **kwargs)
