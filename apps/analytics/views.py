"""The signed-in author's view statistics: `/dashboard/stats/` (a table and a chart of the last
30 days, linked from the dashboard) and `/dashboard/stats.csv` (all-time totals).

Two databases, a constant number of queries: the author's posts in one query on `blog_db`, their
figures in two on `analytics_reports`, the read-only connection to the analytics database
(apps/analytics/reports.py).

While the analytics database cannot be reached both answer 503 with Retry-After, saying that the
statistics are unavailable: a page of zeros would pass for real figures, and a script fetching
the CSV must not store them. The rest of the site reads no analytics, so it is unaffected.
"""

import csv
import logging
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View

from apps.analytics.chart import DailyChart, daily_chart, daily_series
from apps.analytics.reports import (
    NO_VIEWS,
    RECENT_DAYS,
    REPORTS_DB,
    PostTotals,
    views_report,
)
from apps.blog.models import Post
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
CSV_HEADER = ("slug", "title", "views", "visitors")


@dataclass(frozen=True)
class PostStats:
    post: Post
    figures: PostTotals


@dataclass(frozen=True)
class AuthorStats:
    posts: list[PostStats]  # most viewed first
    totals: PostTotals  # of all the author's posts
    chart: DailyChart


def author_stats(*, author_id: int) -> AuthorStats:
    """Every post of the author, drafts included (a post may have been public once), with its
    figures."""
    posts = list(Post.objects.by_author(author_id).only("pk", "slug", "title").order_by())
    today = timezone.localdate()
    report = views_report(post_ids=[post.pk for post in posts], today=today)
    rows = [PostStats(post=post, figures=report.of(post.pk)) for post in posts]
    rows.sort(key=lambda row: (-row.figures.views, row.post.title, row.post.pk))
    totals = PostTotals(
        **{
            name: sum(getattr(row.figures, name) for row in rows)
            for name in ("views", "visitors", "recent_views", "recent_visitors")
        }
    )
    series = daily_series(report.daily_views, last_day=today, days=RECENT_DAYS)
    return AuthorStats(posts=rows, totals=totals, chart=daily_chart(series))


def statistics_unavailable(request, error: Exception, *, as_csv: bool) -> HttpResponse:
    logger.warning(
        "Statistics unavailable for %s: %s: %s",
        request.path,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
        extra={"alias": REPORTS_DB},
    )
    if as_csv:
        response = HttpResponse(
            "Statistics are unavailable right now; try again in a minute.\n",
            content_type="text/plain; charset=utf-8",
            status=503,
        )
    else:
        response = TemplateResponse(
            request, "analytics/stats.html", {"unavailable": True}, status=503
        )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class StatsView(LoginRequiredMixin, View):
    def get(self, request):
        try:
            stats = author_stats(author_id=request.user.pk)
        except DATABASE_UNAVAILABLE_ERRORS as error:
            return statistics_unavailable(request, error, as_csv=False)
        context = {"stats": stats, "recent_days": RECENT_DAYS, "no_views": NO_VIEWS}
        return TemplateResponse(request, "analytics/stats.html", context)


class StatsCsvView(LoginRequiredMixin, View):
    def get(self, request):
        try:
            stats = author_stats(author_id=request.user.pk)
        except DATABASE_UNAVAILABLE_ERRORS as error:
            return statistics_unavailable(request, error, as_csv=True)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="quire-stats.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for row in stats.posts:
            figures = row.figures
            writer.writerow((row.post.slug, row.post.title, figures.views, figures.visitors))
        return response
