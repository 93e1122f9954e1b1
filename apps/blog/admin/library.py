"""Authors' image libraries, to look through and delete from."""

from django.contrib import admin
from django.utils.html import format_html

from apps.blog.admin.authors import AuthorListFilter, AuthorSearchMixin, BlogModelAdmin
from apps.blog.models import LibraryImage
from apps.multidb.authors import authors_attach

# Thumbnails in the image list: this wide, from the narrowest rendition.
THUMBNAIL_WIDTH = 80


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
