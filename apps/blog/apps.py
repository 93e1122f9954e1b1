from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save, pre_delete


class BlogConfig(AppConfig):
    name = "apps.blog"
    label = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from apps.accounts.site_title import site_title_source_set
        from apps.blog import integrity
        from apps.blog.caching import invalidation
        from apps.blog.site_content import site_title
        from apps.core.image_fields import image_files_delete_with_row

        # Accounts' mail names the site by the title staff set here (apps/accounts/site_title.py).
        site_title_source_set(site_title)

        # Users live in `default`: their blog content follows them here, not through the ORM.
        post_save.connect(
            integrity.welcome_post_on_user_created,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="quire_welcome_post",
        )
        pre_delete.connect(
            integrity.blog_content_cascade_on_user_delete,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="quire_user_cascade",
        )

        # Cached content is rendered again after every write to blog_db that changed what it
        # shows, whatever ran it, and after a change to what readers see of a user
        # (apps/blog/caching/invalidation.py).
        connection_created.connect(
            invalidation.blog_writes_watch, dispatch_uid="quire_cache_blog_writes"
        )
        post_save.connect(
            invalidation.author_changed,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="quire_cache_author_saved",
        )
        post_delete.connect(
            invalidation.author_deleted,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="quire_cache_author_deleted",
        )

        # Image files go after their row's deletion commits, whoever deleted it.
        post_delete.connect(
            image_files_delete_with_row, sender="blog.Post", dispatch_uid="quire_post_cover_files"
        )
        post_delete.connect(
            image_files_delete_with_row,
            sender="blog.LibraryImage",
            dispatch_uid="quire_library_image_files",
        )
