"""Posts (publish and unpublish in bulk) and tags."""

from django.contrib import admin

from apps.blog import services
from apps.blog.admin.authors import (
    AuthorBatchChangeList,
    AuthorListFilter,
    AuthorSearchMixin,
    BlogModelAdmin,
    bulk_change_action,
)
from apps.blog.models import Post, Tag, count_of
from apps.core.image_fields import ImageFieldsAdminMixin


class PostChangeList(AuthorBatchChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the bodies; a page of them can weigh megabytes.
        return super().get_queryset(request, exclude_parameters).defer("body", "body_html")


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

    publish = bulk_change_action(
        "Publish selected posts",
        lambda ids: services.post_publish(post_ids=ids),
        log_message="Published.",
        done="Published {count} post(s).",
    )
    unpublish = bulk_change_action(
        "Unpublish selected posts (back to draft)",
        lambda ids: services.post_unpublish(post_ids=ids),
        log_message="Unpublished.",
        done="Unpublished {count} post(s).",
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
