from django.apps import AppConfig
from django.db.models.signals import post_delete


class AnalyticsConfig(AppConfig):
    name = "apps.analytics"
    label = "analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        from apps.analytics import integrity
        from apps.analytics.audit import statistics_audit
        from apps.blog.audit import EXTRA_AUDITS
        from apps.blog.models import Post

        # Posts live in blog_db: their statistics follow them here, not through the ORM.
        post_delete.connect(
            integrity.post_statistics_cascade_on_post_delete,
            sender=Post,
            dispatch_uid="quire_post_statistics_cascade",
        )
        EXTRA_AUDITS.append(statistics_audit)
