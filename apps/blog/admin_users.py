"""The user admin, extended with each user's blog content (in `blog_db`).

A user's posts and comments cannot be JOINed or collected with the user: the counts on the list
come from one grouped query per page in `blog_db`, the change page lists the user's posts, and the
delete confirmation lists the blog content that `apps.blog.integrity` deletes right after the
user's deletion commits. While `blog_db` is unreachable the user pages still work (without the
blog figures) and deletion is refused with an error message, never a server error.

The accounts app knows nothing of the blog: `BlogUserAdmin` extends its `UserAdmin` and takes
its place on the admin site when apps/blog/admin/ is imported.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst

from apps.accounts.admin import UserAdmin
from apps.accounts.models import User
from apps.blog.integrity import BlogDatabaseUnavailable
from apps.blog.models import Comment, Post
from apps.multidb.aliases import BLOG_DB
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS

BLOG_DB_DOWN_WARNING = (
    f"The blog database ({BLOG_DB}) is unreachable: posts and comments are not shown."
)
# Rows listed on the change and delete pages; the counts are always exact.
LISTED_ROWS = 100

# Foreign keys to users on blog models whose admin uses an autocomplete for them. People who may
# write those blog rows may search users through that autocomplete even without the permission
# to view the user admin (Editors): it answers only ids and usernames.
AUTHOR_AUTOCOMPLETE_SOURCES = {("blog", "post", "author"), ("blog", "comment", "author")}


@dataclass
class BlogCounts:
    posts: dict[int, int]
    comments: dict[int, int]


def blog_counts_by_author(*, author_ids: list[int]) -> BlogCounts:
    """Posts and comments per author: one grouped query each in `blog_db`."""

    def per_author(model) -> dict[int, int]:
        rows = (
            model.objects.filter(author_id__in=author_ids)
            .order_by()
            .values("author_id")
            .annotate(count=Count("pk"))
            .values_list("author_id", "count")
        )
        return dict(rows)

    if not author_ids:
        return BlogCounts(posts={}, comments={})
    return BlogCounts(posts=per_author(Post), comments=per_author(Comment))


@dataclass
class BlogContent:
    """The blog rows that go with some users, a page's worth of each, with exact totals."""

    posts: list[Post]
    post_count: int
    comments: list[Comment]
    comment_count: int

    @property
    def empty(self) -> bool:
        return not (self.post_count or self.comment_count)


def blog_content_of_users(*, user_ids: list[int], limit: int) -> BlogContent:
    """The posts by these users and every comment that goes when they go.

    That is the comments they wrote and the comments others wrote on their posts (deleted with
    the posts), matching `apps.blog.integrity.blog_content_delete`.
    """
    posts = Post.objects.filter(author_id__in=user_ids).order_by("-created_at", "-pk")
    comments = (
        Comment.objects.filter(Q(author_id__in=user_ids) | Q(post__author_id__in=user_ids))
        .select_related("post")
        .order_by("-created_at", "-pk")
    )
    return BlogContent(
        posts=list(posts[:limit]),
        post_count=posts.count(),
        comments=list(comments[:limit]),
        comment_count=comments.count(),
    )


def _more(count: int, model) -> str:
    opts = model._meta
    return f"… and {count} more {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


def _admin_change_url(obj) -> str | None:
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    except NoReverseMatch:
        return None


class UserChangeList(ChangeList):
    """Attaches each user's post and comment counts: two grouped queries per page in blog_db."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        try:
            counts = blog_counts_by_author(author_ids=[user.pk for user in self.result_list])
        except DATABASE_UNAVAILABLE_ERRORS:
            counts = None
            self.model_admin.message_user(request, BLOG_DB_DOWN_WARNING, messages.WARNING)
        for user in self.result_list:
            user.blog_post_count = counts.posts.get(user.pk, 0) if counts else None
            user.blog_comment_count = counts.comments.get(user.pk, 0) if counts else None


class BlogUserAdmin(UserAdmin):
    # The welcome post's marker is kept on the user row, where seeding locks it.
    fieldsets = (*UserAdmin.fieldsets, ("Blog", {"fields": ("welcome_post_seeded_at",)}))
    readonly_fields = (*UserAdmin.readonly_fields, "welcome_post_seeded_at")
    list_display = (*UserAdmin.list_display, "post_count", "comment_count")

    def get_changelist(self, request, **kwargs):
        return UserChangeList

    # Counts live in another database, so they cannot be sorted on (no `ordering`).
    @admin.display(description="posts")
    def post_count(self, user):
        return "?" if user.blog_post_count is None else user.blog_post_count

    @admin.display(description="comments")
    def comment_count(self, user):
        return "?" if user.blog_comment_count is None else user.blog_comment_count

    # --- Author autocomplete for blog editors ---------------------------------------------

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or (
            obj is None and self._is_author_autocomplete_for_blog_writer(request)
        )

    def _is_author_autocomplete_for_blog_writer(self, request) -> bool:
        match = request.resolver_match
        if match is None or match.view_name != f"{self.admin_site.name}:autocomplete":
            return False
        source = tuple(request.GET.get(key) for key in ("app_label", "model_name", "field_name"))
        if source not in AUTHOR_AUTOCOMPLETE_SOURCES:
            return False
        app_label, model_name, _ = source
        return request.user.has_perm(f"{app_label}.add_{model_name}") or request.user.has_perm(
            f"{app_label}.change_{model_name}"
        )

    # --- Change page: the user's posts ------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._blog_posts_context(request, object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _blog_posts_context(self, request, object_id) -> dict:
        try:
            user_id = int(object_id)
        except ValueError:
            return {}  # not an id: the admin answers "does not exist" itself
        try:
            posts = Post.objects.filter(author_id=user_id).order_by("-created_at", "-pk")
            listed, post_count = list(posts[:LISTED_ROWS]), posts.count()
            comment_count = Comment.objects.filter(author_id=user_id).count()
        except DATABASE_UNAVAILABLE_ERRORS:
            return {"blog_unavailable": True, "blog_unavailable_message": BLOG_DB_DOWN_WARNING}
        post_admin = self.admin_site._registry.get(Post)
        can_open_posts = post_admin is not None and post_admin.has_view_or_change_permission(
            request
        )
        for post in listed:
            post.admin_url = _admin_change_url(post) if can_open_posts else None
        changelist_url = None
        if can_open_posts:
            changelist_url = f"{reverse('admin:blog_post_changelist')}?author={user_id}"
        return {
            "blog_posts": listed,
            "blog_post_count": post_count,
            "blog_comment_count": comment_count,
            "blog_posts_changelist_url": changelist_url,
        }

    # --- Deletion: show the blog content, refuse while blog_db is down ----------------------

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        users = list(objs)
        if not users:
            return to_delete, model_count, perms_needed, protected
        try:
            content = blog_content_of_users(user_ids=[user.pk for user in users], limit=LISTED_ROWS)
        except DATABASE_UNAVAILABLE_ERRORS as error:
            action = "deleting this user" if len(users) == 1 else "deleting these users"
            raise BlogDatabaseUnavailable(action) from error
        if content.empty:
            return to_delete, model_count, perms_needed, protected

        usernames = {user.pk: user.username for user in users}
        for model, count in ((Post, content.post_count), (Comment, content.comment_count)):
            if not count:
                continue
            model_count[model._meta.verbose_name_plural] = count
            model_admin = self.admin_site._registry.get(model)
            if model_admin is not None and not model_admin.has_delete_permission(request):
                perms_needed.add(model._meta.verbose_name)
        entries = [
            format_html(
                "{} (by {})", self._deleted_link(post, str(post)), usernames[post.author_id]
            )
            for post in content.posts
        ]
        if content.post_count > len(content.posts):
            entries.append(_more(content.post_count - len(content.posts), Post))
        entries += [
            format_html(
                "{} on “{}”",
                self._deleted_link(comment, Truncator(comment.body).chars(60)),
                comment.post.title,
            )
            for comment in content.comments
        ]
        if content.comment_count > len(content.comments):
            entries.append(_more(content.comment_count - len(content.comments), Comment))
        to_delete += [
            format_html("Blog content in the {} database, deleted right after the user:", BLOG_DB),
            entries,
        ]
        return to_delete, model_count, perms_needed, protected

    @staticmethod
    def _deleted_link(obj, text: str) -> str:
        label = capfirst(obj._meta.verbose_name)
        url = _admin_change_url(obj)
        if url is None:
            return format_html("{}: {}", label, text)
        return format_html('{}: <a href="{}">{}</a>', label, url, text)

    @admin.action(
        permissions=["delete"], description="Delete selected users and their blog content"
    )
    def delete_selected(self, request, queryset):
        return super().delete_selected(request, queryset)


admin.site.unregister(User)
admin.site.register(User, BlogUserAdmin)
