"""The post page: the post, its author card, related posts and comments; POST adds a comment.
Its own reads are in post_page.py; rules live in selectors.py, services.py and permissions.py."""

from django.contrib import messages
from django.core.paginator import InvalidPage, Page
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from apps.accounts.client_ip import client_ip
from apps.accounts.ratelimits import ratelimit_hit, ratelimited_response
from apps.blog import (
    comment_selectors,
    permissions,
    services,
    site_content,
)
from apps.blog.caching.dependencies import (
    LISTS,
    article_tag,
    depends_on,
    post_tag,
    posts_linked,
)
from apps.blog.caching.fragments import (
    cached_public_post,
    kept_per_version,
)
from apps.blog.caching.paginator import (
    DeferredQuerySet,
    KnownCountPaginator,
)
from apps.blog.forms import CommentForm
from apps.blog.models import Comment, Post
from apps.blog.moderation import comment_needs_approval
from apps.blog.post_page import post_for_page
from apps.blog.related_posts import RelatedPost, post_list_related
from apps.blog.reply_notifications import notify_after_commit
from apps.core import page_descriptions

COMMENTS_PER_PAGE = comment_selectors.COMMENTS_PER_PAGE
COMMENT_PAGE_PARAM = comment_selectors.COMMENT_PAGE_PARAM
REPLY_PARAM = "reply"  # /posts/<slug>/?reply=<comment id>#comment-form


def related_posts(*, post: Post, tags: list) -> list[RelatedPost]:
    depends_on(LISTS)
    related = post_list_related(post=post, tags=tags)
    posts_linked(related)  # titles, authors and dates: comments on them change none
    return related


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
        rows = getattr(self.post_object, "site_content_rows", None)
        if rows is not None:  # read with the post: base.html needs no statement of its own
            setattr(request, site_content.READ_WITH_PAGE, site_content.site_content_from(*rows))
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
