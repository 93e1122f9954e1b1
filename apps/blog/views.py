"""Reader pages (author pages are in author_views.py). Thin: rules live in selectors.py (reads),
services.py (writes) and permissions.py (who may do what)."""

from django.contrib import messages
from django.core.paginator import InvalidPage, Page
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView, TemplateView

from apps.accounts.client_ip import client_ip
from apps.accounts.ratelimits import ratelimit_hit, ratelimited_response
from apps.blog import (
    comment_selectors,
    permissions,
    post_lists,
    selectors,
    services,
)
from apps.blog.caching.dependencies import (
    LISTS,
    POST_TEXT,
    article_tag,
    depends_on,
    post_tag,
    posts_linked,
    posts_shown,
)
from apps.blog.caching.fragments import (
    cached_author,
    cached_page,
    cached_public_post,
    cached_tag,
    kept_per_version,
)
from apps.blog.caching.paginator import (
    CachedCountPaginator,
    DeferredQuerySet,
    KnownCountPaginator,
)
from apps.blog.forms import CommentForm
from apps.blog.models import Comment, Post
from apps.blog.moderation import comment_needs_approval
from apps.blog.post_lists import PostList
from apps.blog.post_page import post_for_page
from apps.blog.related_posts import RelatedPost, post_list_related
from apps.blog.reply_notifications import notify_after_commit
from apps.core import page_descriptions

POSTS_PER_PAGE = 10
COMMENTS_PER_PAGE = comment_selectors.COMMENTS_PER_PAGE
COMMENT_PAGE_PARAM = comment_selectors.COMMENT_PAGE_PARAM
REPLY_PARAM = "reply"  # /posts/<slug>/?reply=<comment id>#comment-form


def related_posts(*, post: Post, tags: list) -> list[RelatedPost]:
    depends_on(LISTS)
    related = post_list_related(post=post, tags=tags)
    posts_linked(related)  # titles, authors and dates: comments on them change none
    return related


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


PUBLIC_POST_HEADER = "X-Quire-Public-Post"


class PostDetailView(TemplateView):
    """The post, its author card and comments (the post's own reads: post_page.py); POST adds
    a comment (signed-in readers)."""

    template_name = "blog/post_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.post_object.is_public:
            response[PUBLIC_POST_HEADER] = str(self.post_object.pk)
        return response

    def dispatch(self, request, *args, **kwargs):
        slug, user = kwargs["slug"], request.user
        if request.method in ("GET", "HEAD"):
            self.post_object = cached_public_post(slug=slug, user=user)
        else:
            self.post_object = post_for_page(slug=slug, user=user)
        return super().dispatch(request, *args, **kwargs)

    def comment_page(self) -> Page:
        """The page of visible comments that `?comments=N` asks for; 404 if there is none."""
        post = self.post_object
        paginator = KnownCountPaginator(
            DeferredQuerySet(lambda: comment_selectors.comment_list_visible(post=post)),
            COMMENTS_PER_PAGE,
            count=post.top_level_comment_count,  # read with the post
        )
        try:
            return paginator.page(self.request.GET.get(COMMENT_PAGE_PARAM) or 1)
        except InvalidPage:
            raise Http404("No such page of comments.") from None

    def comment_variant(self, page: Page) -> str:
        """Which rendered copy of a page of comments the viewer gets. Copies differ only in their
        Remove links, so there are at most two plus one per commenter on that page, however many
        readers come: readers who may remove none (anonymous ones too), moderators, and each
        reader with a comment of their own on the page."""
        post, user = self.post_object, self.request.user
        if not user.is_authenticated:
            return "reader"
        if permissions.user_can_moderate_comments(user=user, post=post):
            return "moderator"

        def load() -> set[int]:
            depends_on(post_tag(post.pk))
            return comment_selectors.comment_author_ids(page.object_list.resolve())

        authors = kept_per_version(f"comment-authors:{post.pk}:{page.number}", load)
        return f"author:{user.pk}" if user.pk in authors else "reader"

    def comments_for_viewer(self, page: Page) -> list[comment_selectors.ShownComment]:
        post, user = self.post_object, self.request.user
        depends_on(post_tag(post.pk))  # read inside the comments fragment
        comments = comment_selectors.comments_with_replies(
            post=post, bounds=page.object_list.bounds
        )
        can_delete = permissions.user_can_delete_comments(user=user, post=post)
        for comment in comments:
            comment.can_delete = can_delete(comment)
            for reply in comment.replies_shown:
                reply.can_delete = can_delete(reply)
        return comments

    def comments_awaiting_approval(self) -> list[Comment]:
        """The viewer's own held comments, rendered outside every shared copy. Who has any is
        kept until a comment on the post changes, so other readers cost no query."""
        post, user = self.post_object, self.request.user
        if not user.is_authenticated:
            return []

        def load() -> set[int]:
            depends_on(post_tag(post.pk))  # a comment held or decided on replaces it
            return comment_selectors.comment_held_writer_ids(post=post)

        writers = kept_per_version(f"held-writers:{post.pk}", load)
        if user.pk not in writers:
            return []
        return comment_selectors.comments_awaiting_approval_by(author_id=user.pk, post=post)

    def comment_form_for_reply(self) -> CommentForm:
        """An empty comment form; `?reply=<id>` (a comment's Reply link) makes it a reply."""
        reply_to = self.request.GET.get(REPLY_PARAM, "")
        initial = {"parent": int(reply_to)} if reply_to.isdigit() else {}
        return CommentForm(post=self.post_object, initial=initial)

    def get_context_data(self, **kwargs):
        post, user = self.post_object, self.request.user
        if user.is_authenticated:
            kwargs.setdefault("comment_form", self.comment_form_for_reply())
        else:
            kwargs.setdefault("comment_form", None)
        page = self.comment_page()
        tags = post.shown_tags  # read with the post
        return super().get_context_data(
            post=post,
            author=post.author_card,
            tags=tags,
            # Each shown twice or more: in the head (description, cover), and in the article.
            description=page_descriptions.description(post.excerpt),
            cover=post.cover_picture,
            # Read only when the template renders them: cached fragments need none of these.
            related_posts=SimpleLazyObject(lambda: related_posts(post=post, tags=tags)),
            # Every content fragment of the page shows the post; the comments fragment also
            # depends on its comments (comments_for_viewer).
            content_tags=(article_tag(post.pk),),
            comment_page=page,
            comment_variant=SimpleLazyObject(lambda: self.comment_variant(page)),
            comments=SimpleLazyObject(lambda: self.comments_for_viewer(page)),
            comments_awaiting_approval=self.comments_awaiting_approval(),
            can_manage=permissions.user_can_manage_post(user=user, post=post),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={self.post_object.get_absolute_url()}")
        form = CommentForm(request.POST, post=self.post_object)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form), status=400)
        retry_at = ratelimit_hit(scope="comment", subject=str(request.user.pk)) or ratelimit_hit(
            scope="comment_client", subject=client_ip(request) or "unknown"
        )
        if retry_at is not None:
            return ratelimited_response(
                request,
                retry_at=retry_at,
                title="You are commenting faster than we allow",
                message="Your comment was not posted.",
                form=form,
                submit_label="Post comment",
            )
        comment = services.comment_create(
            post=self.post_object,
            author_id=request.user.pk,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
            awaiting_approval=comment_needs_approval(post=self.post_object, author=request.user),
        )
        if comment.awaiting_approval:
            messages.success(
                request, "Your comment is awaiting approval: others see it once it is approved."
            )
            return redirect(f"{self.post_object.get_absolute_url()}#comment-{comment.pk}")
        messages.success(request, "Your comment is up.")
        url = comment_selectors.comment_path(comment=comment)
        if comment.parent is not None:
            notify_after_commit(reply=comment, url=request.build_absolute_uri(url))
        return HttpResponseRedirect(url)


class PageDetailView(TemplateView):
    """A page of its own (About, Contact...); drafts only for staff who may see them."""

    template_name = "blog/page_detail.html"

    def get_context_data(self, **kwargs):
        page = cached_page(slug=self.kwargs["slug"], user=self.request.user)
        return super().get_context_data(page=page, **kwargs)
