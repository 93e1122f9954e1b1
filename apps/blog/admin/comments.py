"""Comments and their moderation: approve, reject, hide and show in bulk."""

from django.contrib import admin
from django.utils.text import Truncator

from apps.blog import services
from apps.blog.admin.authors import (
    AuthorListFilter,
    AuthorSearchMixin,
    BlogModelAdmin,
    bulk_change_action,
)
from apps.blog.models import Comment
from apps.blog.reply_notifications import notify_approved_replies

# Long texts in list columns are cut to this many characters, so every column fits at 1280 px.
LIST_TEXT_CHARS = 60


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

    approve = bulk_change_action(
        "Approve selected comments",
        lambda ids: services.comment_approve(comment_ids=ids),
        log_message="Approved.",
        done="Approved {count} comment(s).",
        # Replies held for approval sent no mail: they do once approved.
        after=lambda request, ids: notify_approved_replies(
            comment_ids=ids, absolute_url=request.build_absolute_uri
        ),
    )
    reject = bulk_change_action(
        "Reject selected comments (hidden)",
        lambda ids: services.comment_reject(comment_ids=ids),
        log_message="Rejected.",
        done="Rejected {count} comment(s).",
    )
    hide = bulk_change_action(
        "Hide selected comments",
        lambda ids: services.comment_hide(comment_ids=ids),
        log_message="Hidden.",
        done="Hid {count} comment(s).",
    )
    show = bulk_change_action(
        "Show selected comments",
        lambda ids: services.comment_show(comment_ids=ids),
        log_message="Shown.",
        done="Showed {count} comment(s).",
    )
