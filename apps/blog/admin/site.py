"""The static pages and the site settings."""

from django.contrib import admin

from apps.blog.models import SITE_SETTINGS_PK, Page, SiteSettings
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS


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
