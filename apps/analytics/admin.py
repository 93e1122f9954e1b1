"""Staff see each post's all-time views in the post admin's list.

The blog's PostAdmin, re-registered with a `views` column: the figures of the page's posts are
read at once, in one query on `analytics_reports`, after the page's rows. The column cannot be
sorted on (the views live in another database). While the analytics database cannot be reached
the column says so and the rest of the admin works as usual.
"""

import logging

from django.contrib import admin

from apps.analytics.reports import REPORTS_DB, views_totals
from apps.blog.admin import PostAdmin, PostChangeList
from apps.blog.models import Post
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

VIEWS_UNAVAILABLE = "unavailable"


class PostViewsChangeList(PostChangeList):
    def get_results(self, request):
        super().get_results(request)
        try:
            totals = views_totals(post_ids=[post.pk for post in self.result_list])
        except DATABASE_UNAVAILABLE_ERRORS as error:
            logger.warning(
                "Post views unavailable in the admin: %s", type(error).__name__,
                extra={"alias": REPORTS_DB},
            )  # fmt: skip
            totals = None
        for post in self.result_list:
            post.views_total = None if totals is None else totals.get(post.pk, 0)


admin.site.unregister(Post)


@admin.register(Post)
class PostWithViewsAdmin(PostAdmin):
    list_display = (*PostAdmin.list_display, "views")

    def get_changelist(self, request, **kwargs):
        return PostViewsChangeList

    @admin.display(description="views")
    def views(self, post):
        return VIEWS_UNAVAILABLE if post.views_total is None else post.views_total
