"""Admin for blog content (in `blog_db`) whose authors are users (in `default`).

What the stock admin would get wrong across the two databases, and what is done instead:
- list pages would `select_related()` every ForeignKey, JOINing `accounts_user` into a `blog_db`
  query: `list_select_related` names only same-database relations, and the authors of a page are
  attached afterwards with one query on `default` (`AuthorBatchChangeList`);
- `search_fields = ["author__username"]` would JOIN too: matching users are resolved in `default`
  first, then the rows are filtered by `author_id` (`AuthorSearchMixin`);
- a `RelatedFieldListFilter` on `author` would list every user: `AuthorListFilter` lists only
  the authors of the rows in `blog_db`, fetched by id from `default`.

Atomicity: `ModelAdmin.changeform_view` and `delete_view` already run their POST in
`transaction.atomic(using=router.db_for_write(self.model))`, which is `blog_db` for these models
(checked in tests/test_admin.py), so it is not repeated here. Actions are not wrapped by Django,
so the ones defined here open their own `blog_db` transaction. The admin log (LogEntry) is written
to `default`, outside that transaction: it runs before `blog_db` commits, so a failed log write
rolls the change back, never the other way round.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from apps.accounts.admin import may_view_users
from apps.blog import (
    admin_users,  # noqa: F401  (puts BlogUserAdmin in place of the user admin)
    services,
)
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
from apps.blog.reply_notifications import notify_approved_replies
from apps.core.image_fields import ImageFieldsAdminMixin
from apps.multidb.aliases import BLOG_DB
from apps.multidb.authors import authors_attach
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS

# Long texts in list columns are cut to this many characters, so every column fits at 1280 px.
LIST_TEXT_CHARS = 60
# Thumbnails in the image list: this wide, from the narrowest rendition.
THUMBNAIL_WIDTH = 80
# Cap on the users a search term may resolve to: the ids travel in an `IN (...)` list to blog_db.
AUTHOR_SEARCH_LIMIT = 1000


def author_ids_matching(*, term: str, by_email: bool) -> list[int]:
    """Ids of users whose username (or, `by_email`, e-mail address) contains `term` (one query
    on `default`)."""
    term = term.strip()
    if not term:
        return []
    matches = Q(username__icontains=term)
    if by_email:
        matches |= Q(email__icontains=term)
    users = get_user_model().objects.filter(matches)
    return list(users.order_by("pk").values_list("pk", flat=True)[:AUTHOR_SEARCH_LIMIT])


class AuthorBatchChangeList(ChangeList):
    """A changelist that attaches the authors of the page with one query on `default`.

    Rows whose author no longer exists (orphans awaiting `audit_crossdb --fix`) stay listed, so
    staff can see and delete them; `author_link` marks them.
    """

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        authors_attach(self.result_list)
        user_admin = self.model_admin.admin_site._registry.get(get_user_model())
        can_open_users = user_admin is not None and user_admin.has_view_or_change_permission(
            request
        )
        for obj in self.result_list:
            obj.admin_author_url = None
            if can_open_users and obj._meta.get_field("author").is_cached(obj):
                obj.admin_author_url = user_change_url(obj.author_id)


class PostChangeList(AuthorBatchChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the bodies; a page of them can weigh megabytes.
        return super().get_queryset(request, exclude_parameters).defer("body", "body_html")


def user_change_url(user_id: int) -> str | None:
    opts = get_user_model()._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(user_id)])
    except NoReverseMatch:
        return None


class AuthorListFilter(admin.SimpleListFilter):
    """Filter by author: the users who wrote rows of this model, read by id from `default`."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        # order_by() drops Meta.ordering, which would otherwise make DISTINCT see duplicates.
        author_ids = model_admin.model.objects.order_by().values_list("author_id", flat=True)
        users = get_user_model().objects.filter(pk__in=list(author_ids.distinct()))
        users = users.order_by("username")
        return [(str(pk), username) for pk, username in users.values_list("pk", "username")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(author_id=int(value))


class AuthorSearchMixin:
    """Search that also finds rows by their author's username, or e-mail address for those who
    may view users (`may_view_users`).

    The users are resolved in `default`, then the rows are matched by `author_id` in `blog_db`;
    `author__username` in `search_fields` would need a JOIN across the two databases.
    """

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        author_ids = author_ids_matching(term=search_term, by_email=may_view_users(request))
        if author_ids:
            matched = matched | queryset.filter(author_id__in=author_ids)
        return matched, may_have_duplicates


class BlogModelAdmin(admin.ModelAdmin):
    """Base for blog models: rows in `blog_db`, authors attached from `default`."""

    # Never let the changelist select_related() the author: that JOIN cannot cross databases.
    list_select_related = ()

    def get_changelist(self, request, **kwargs):
        return AuthorBatchChangeList

    @admin.display(description="author", ordering="author_id")
    def author_link(self, obj):
        if not obj._meta.get_field("author").is_cached(obj):
            return format_html("<em>deleted user #{}</em>", obj.author_id)
        url = getattr(obj, "admin_author_url", None)
        if url is None:
            return obj.author.username
        return format_html('<a href="{}">{}</a>', url, obj.author.username)

    def bulk_change(
        self,
        request,
        queryset,
        *,
        change: Callable[[list[int]], list[int]],
        log_message: str,
        done: str,
    ) -> list[int]:
        """Run a bulk action's service on the selected rows, log and report what it changed;
        returns the ids changed.

        `change` takes the selected ids and returns those it changed; `done` is the message,
        with `{count}` for their number. One log entry per changed row, written with one insert.
        """
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic(using=BLOG_DB):
            changed_ids = change(ids)
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=self.model.objects.filter(pk__in=changed_ids),
                action_flag=CHANGE,
                change_message=log_message,
            )
        self.message_user(request, done.format(count=len(changed_ids)), messages.SUCCESS)
        return changed_ids


@admin.register(Post)
class PostAdmin(ImageFieldsAdminMixin, AuthorSearchMixin, BlogModelAdmin):
    list_display = ("title", "author_link", "state", "published_at", "comment_count")
    list_filter = ("status", "tags", AuthorListFilter)
    search_fields = ("title", "body")
    search_help_text = (
        "Search title, body, and the author's username (or e-mail address, if you may view users)."
    )
    date_hierarchy = "published_at"
    autocomplete_fields = ("author", "tags")
    readonly_fields = ("created_at", "updated_at")
    fields = (
        "title",
        "slug",
        "author",
        "status",
        "published_at",
        "tags",
        "body",
        "cover_image",
        "created_at",
        "updated_at",
    )
    actions = ("publish", "unpublish")

    def get_changelist(self, request, **kwargs):
        return PostChangeList

    def get_queryset(self, request):
        return super().get_queryset(request).with_comment_count(hidden_too=True)

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        # What readers get, not only the status chosen: a published post may still be scheduled.
        return obj.state.label

    @admin.display(description="comments", ordering="comment_count")
    def comment_count(self, obj):
        return obj.comment_count

    @admin.action(description="Publish selected posts", permissions=["change"])
    def publish(self, request, queryset):
        self.bulk_change(
            request,
            queryset,
            change=lambda ids: services.post_publish(post_ids=ids),
            log_message="Published.",
            done="Published {count} post(s).",
        )

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self.bulk_change(
            request,
            queryset,
            change=lambda ids: services.post_unpublish(post_ids=ids),
            log_message="Unpublished.",
            done="Unpublished {count} post(s).",
        )


@admin.register(Comment)
class CommentAdmin(AuthorSearchMixin, BlogModelAdmin):
    list_display = ("excerpt", "post_title", "author_link", "created_at", "state")
    # `post` is in blog_db too, so that JOIN is fine; the author is attached separately.
    list_select_related = ("post",)
    # "Awaiting approval: Yes" is the moderation queue.
    list_filter = ("awaiting_approval", "is_visible", AuthorListFilter)
    search_fields = ("body",)
    search_help_text = (
        "Search the comment text and the author's username (or e-mail address, if you may view "
        "users)."
    )
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")  # moderation starts from the newest
    autocomplete_fields = ("post", "author")
    readonly_fields = ("parent", "awaiting_approval", "created_at")
    actions = ("approve", "reject", "hide", "show")

    @admin.display(description="comment", ordering="body")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(LIST_TEXT_CHARS)

    @admin.display(description="post", ordering="post")
    def post_title(self, obj):
        # Titles run to 200 characters: in full they push the last columns off a laptop screen.
        return Truncator(obj.post.title).chars(LIST_TEXT_CHARS)

    @admin.display(description="state", ordering="awaiting_approval")
    def state(self, obj):
        # One column for both flags: two would push the list past a laptop screen.
        if obj.awaiting_approval:
            return "Awaiting approval"
        return "Shown" if obj.is_visible else "Hidden"

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        approved_ids = self.bulk_change(
            request,
            queryset,
            change=lambda ids: services.comment_approve(comment_ids=ids),
            log_message="Approved.",
            done="Approved {count} comment(s).",
        )
        notify_approved_replies(comment_ids=approved_ids, absolute_url=request.build_absolute_uri)

    @admin.action(description="Reject selected comments (hidden)", permissions=["change"])
    def reject(self, request, queryset):
        self.bulk_change(
            request,
            queryset,
            change=lambda ids: services.comment_reject(comment_ids=ids),
            log_message="Rejected.",
            done="Rejected {count} comment(s).",
        )

    @admin.action(description="Hide selected comments", permissions=["change"])
    def hide(self, request, queryset):
        self.bulk_change(
            request,
            queryset,
            change=lambda ids: services.comment_hide(comment_ids=ids),
            log_message="Hidden.",
            done="Hid {count} comment(s).",
        )

    @admin.action(description="Show selected comments", permissions=["change"])
    def show(self, request, queryset):
        self.bulk_change(
            request,
            queryset,
            change=lambda ids: services.comment_show(comment_ids=ids),
            log_message="Shown.",
            done="Showed {count} comment(s).",
        )


@admin.register(LibraryImage)
class LibraryImageAdmin(AuthorSearchMixin, BlogModelAdmin):
    """Authors' image libraries, to look through and delete from: authors add their own images
    (/dashboard/images/), and an image is never replaced under the posts that show it. Deleting
    a row, one or in bulk, removes its files once the deletion commits
    (`image_files_delete_with_row`), as the library page does; posts that showed the image then
    show its description."""

    list_display = ("thumbnail", "image", "author_link", "size", "created_at")
    list_display_links = ("thumbnail", "image")
    list_filter = (AuthorListFilter,)
    search_fields = ("image",)
    search_help_text = (
        "Search the file name and the author's username (or e-mail address, if you may view users)."
    )
    date_hierarchy = "created_at"
    fields = ("author_link", "image", "preview", "size", "markdown", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_object(self, request, object_id, from_field=None):
        # The author from `default`, for the page's author field (missing: "deleted user").
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            authors_attach([obj])
        return obj

    @admin.display(description="image")
    def thumbnail(self, obj):
        return self._picture_html(obj, width=THUMBNAIL_WIDTH)

    @admin.display(description="preview")
    def preview(self, obj):
        return self._picture_html(obj, width=None)

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.image_width} x {obj.image_height}"

    @staticmethod
    def _picture_html(obj, *, width: int | None):
        """The narrowest rendition, `width` wide (its own width with None); the URL only, so a
        list page opens no file."""
        picture = obj.picture
        if picture is None:
            return "-"
        rendition = picture.rendition()
        width = width or rendition.width
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
            rendition.url,
            width,
            max(1, round(rendition.height * width / rendition.width)),
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "post_count")
    search_fields = ("name", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(post_count=count_of(Post.tags.through.objects.all(), pointing_at="tag"))
        )

    @admin.display(description="posts", ordering="post_count")
    def post_count(self, obj):
        return obj.post_count


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "status", "nav_order", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "slug")
    ordering = ("nav_order", "title")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "slug", "status", "nav_order", "body")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the changelist leads to it, and it is never added twice nor deleted."""

    def has_add_permission(self, request) -> bool:
        if not super().has_add_permission(request):
            return False
        # Asked on every admin page (the app list): with blog_db down, the user pages must
        # still answer, and nothing can be added anyway.
        try:
            return not SiteSettings.objects.filter(pk=SITE_SETTINGS_PK).exists()
        except DATABASE_UNAVAILABLE_ERRORS:
            return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
