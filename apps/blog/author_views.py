"""Author pages: the dashboard, the comment queue, writing, editing and deleting. Reader pages
are in views.py; rules live in selectors.py, services.py and permissions.py."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, ListView, TemplateView

from apps.accounts.ratelimits import ratelimit_hit, ratelimited_response
from apps.blog import comment_selectors, permissions, selectors, services
from apps.blog.editor import PREVIEW_BUTTON, post_preview, saved_cookie_set
from apps.blog.forms import CommentDecisionForm, PostForm
from apps.blog.models import Comment, Post
from apps.blog.reply_notifications import notify_approved_replies
from apps.blog.views import PaginatedPostsMixin
from apps.core.image_files import ImageStorageUnavailable


class DashboardView(LoginRequiredMixin, PaginatedPostsMixin, ListView):
    template_name = "blog/dashboard.html"
    paginate_by = 20

    def posts(self):
        return selectors.post_list_for_dashboard(author_id=self.request.user.pk)

    def page_posts_prepare(self, posts) -> list[Post]:
        return selectors.posts_attach_author(posts, author=self.request.user)

    def get_context_data(self, **kwargs):
        queue = comment_selectors.comments_awaiting_approval_on_posts_of(
            author_id=self.request.user.pk
        )
        return super().get_context_data(comments_awaiting_approval=queue.count(), **kwargs)


class CommentQueueView(LoginRequiredMixin, ListView):
    """Comments awaiting approval on the signed-in author's posts, oldest first; POST approves
    or rejects one of them."""

    template_name = "blog/comment_queue.html"
    paginate_by = 20
    context_object_name = "held_comments"

    def get_queryset(self):
        return comment_selectors.comments_awaiting_approval_on_posts_of(
            author_id=self.request.user.pk
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = comment_selectors.comments_attach_authors(page.object_list)
        return paginator, page, page.object_list, is_paginated

    def post(self, request, *args, **kwargs):
        form = CommentDecisionForm(request.POST)
        if not form.is_valid():
            raise BadRequest("Approve or reject one comment.")
        comment = get_object_or_404(self.get_queryset(), pk=form.cleaned_data["comment"])
        if form.cleaned_data["decision"] == "approve":
            services.comment_approve(comment_ids=[comment.pk])
            notify_approved_replies(
                comment_ids=[comment.pk], absolute_url=request.build_absolute_uri
            )
            messages.success(request, "Comment approved: readers see it now.")
        else:
            services.comment_reject(comment_ids=[comment.pk])
            messages.success(request, "Comment rejected: readers will not see it.")
        return redirect("comment_queue")


# Marks a page as a view of the public post whose id it holds, for the view counter outside the
# page cache (apps/analytics/counting.py), which removes it: cached copies keep it.


class ManagedPostMixin:
    """Loads the post at `slug` as `post_object` for its author or staff; 403/404 for others."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:  # anonymous visitors go to login first
            self.post_object = selectors.post_get_for_manager(
                slug=kwargs["slug"], user=request.user
            )
        return super().dispatch(request, *args, **kwargs)


class PostCreateView(LoginRequiredMixin, FormView):
    template_name = "blog/post_form.html"
    form_class = PostForm
    success_message = "Post saved."

    def post_to_save(self) -> Post:
        return Post(author_id=self.request.user.pk)

    def post(self, request, *args, **kwargs):
        # Counted before the form is validated: validating already renders the body.
        previewing = PREVIEW_BUTTON in request.POST
        retry_at = ratelimit_hit(
            scope="post_preview" if previewing else "post_save", subject=str(request.user.pk)
        )
        if retry_at is None:
            return super().post(request, *args, **kwargs)
        if previewing:
            title = "You are previewing faster than we allow"
            message = "Your post was not previewed, and nothing was saved."
        else:
            title = "You are saving faster than we allow"
            message = "Your post was not saved."
        return ratelimited_response(
            request,
            retry_at=retry_at,
            title=title,
            message=message,
            # Unbound, so the refusal renders no Markdown; it shows what was typed.
            form=self.form_class(initial=request.POST.dict()),
            submit_label="Preview" if previewing else "Save",
            submit_name=PREVIEW_BUTTON if previewing else "",
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if PREVIEW_BUTTON in self.request.POST:
            preview = post_preview(
                title=data["title"],
                body=data["body"],
                status=data["status"],
                published_at=data["published_at"],
                tag_names=data["tags"],
            )
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            post = services.post_create_or_update(
                post=self.post_to_save(),
                title=data["title"],
                body=data["body"],
                status=data["status"],
                published_at=data["published_at"],
                tag_names=data["tags"],
                cover_image=data["cover_image"],
            )
        except ImageStorageUnavailable as error:
            form.add_error("cover_image", str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        response = redirect(post)
        saved_cookie_set(response, form_path=self.request.path)
        return response


class PostEditView(ManagedPostMixin, PostCreateView):
    success_message = "Changes saved."

    def post_to_save(self) -> Post:
        return self.post_object

    def get_initial(self):
        return PostForm.initial_for(self.post_object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)


class PostDeleteView(ManagedPostMixin, LoginRequiredMixin, TemplateView):
    """GET asks for confirmation; POST deletes."""

    template_name = "blog/post_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)

    def post(self, request, *args, **kwargs):
        services.post_delete_with_comments(post=self.post_object)
        messages.success(request, "Post deleted.")
        return redirect("dashboard")


class CommentDeleteView(LoginRequiredMixin, TemplateView):
    """GET asks for confirmation; POST deletes. For the commenter, the post author and staff."""

    template_name = "blog/comment_confirm_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.post_object = selectors.post_get_for_viewer(slug=kwargs["slug"], user=request.user)
            self.comment = get_object_or_404(Comment, pk=kwargs["pk"], post=self.post_object)
            if not permissions.user_can_delete_comment(
                user=request.user, comment=self.comment, post=self.post_object
            ):
                raise PermissionDenied("You cannot remove this comment.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, comment=self.comment, **kwargs)

    def post(self, request, *args, **kwargs):
        services.comment_delete(comment=self.comment)
        messages.success(request, "Comment removed.")
        return redirect(self.post_object)
