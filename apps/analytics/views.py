"""The signed-in author's view statistics: `/dashboard/stats/` (a table and a chart of the last
30 days, linked from the dashboard) and `/dashboard/stats.csv` (all-time totals).

Two databases, a constant number of queries: the author's posts in one query on `blog_db`, their
figures in two on `analytics_reports`, the read-only connection to the analytics database
(`author_stats` in apps/analytics/reports.py).

While the analytics database cannot be reached both answer 503 with Retry-After, saying that the
statistics are unavailable: a page of zeros would pass for real figures, and a script fetching
the CSV must not store them. The rest of the site reads no analytics, so it is unaffected.
"""

import csv
import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views import View

from apps.analytics.reports import RECENT_DAYS, REPORTS_DB, AuthorStats, author_stats
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
CSV_HEADER = ("slug", "title", "views", "visitors")
# What a spreadsheet reads as the start of a formula (OWASP "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell as text a spreadsheet shows rather than runs: a leading quote before a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_PREFIXES) else cell


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


class AuthorStatsView(LoginRequiredMixin, View):
    as_csv = False

    def get(self, request):
        try:
            stats = author_stats(author_id=request.user.pk)
        except DATABASE_UNAVAILABLE_ERRORS as error:
            return statistics_unavailable(request, error, as_csv=self.as_csv)
        return self.respond(stats)

    def respond(self, stats: AuthorStats) -> HttpResponse:
        raise NotImplementedError


class StatsView(AuthorStatsView):
    def respond(self, stats: AuthorStats) -> HttpResponse:
        context = {"stats": stats, "recent_days": RECENT_DAYS}
        return TemplateResponse(self.request, "analytics/stats.html", context)


class StatsCsvView(AuthorStatsView):
    as_csv = True

    def respond(self, stats: AuthorStats) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="quire-stats.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for row in stats.posts:
            figures = row.figures
            post = row.post
            cells = (spreadsheet_safe(post.slug), spreadsheet_safe(post.title))
            writer.writerow((*cells, figures.views, figures.visitors))
        return response
