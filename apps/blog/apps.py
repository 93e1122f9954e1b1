from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save, pre_delete


class BlogConfig(AppConfig):
    name = "apps.blog"
    label = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from apps.blog import integrity

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

        from apps.blog import caching  # noqa: F401  (registers the cache invalidation receivers)
