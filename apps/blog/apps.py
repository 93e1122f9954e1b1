from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "apps.blog"
    label = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from apps.blog import caching  # noqa: F401  (registers the cache invalidation receivers)
