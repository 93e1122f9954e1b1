"""Reports on post views, read through `analytics_reports`: a second connection to the analytics
database on which every transaction is read-only (PostgreSQL's `default_transaction_read_only`),
so no report can change what it reports. Each read names that alias (`.using(REPORTS_DB)`); the
router keeps sending the analytics app's own reads and writes to `analytics`.

A visitor is counted once per post and day (the hash that identifies one is salted afresh each
day), so a period's visitors are the sum of its days' unique visitors: someone who reads a post
on three days counts three times.
"""

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, timedelta

from django.db.models import Case, Count, DateField, Q, Sum, When
from django.utils import timezone

from apps.analytics.chart import DailyChart, daily_chart, daily_series
from apps.analytics.models import PostViewsDay, PostVisitorDay
from apps.blog.models import Post

REPORTS_DB = "analytics_reports"
RECENT_DAYS = 30


@dataclass(frozen=True)
class PostTotals:
    views: int = 0
    visitors: int = 0
    recent_views: int = 0  # the last RECENT_DAYS days, today included
    recent_visitors: int = 0


NO_VIEWS = PostTotals()


@dataclass(frozen=True)
class ViewsReport:
    totals: dict[int, PostTotals]  # by post id; posts never viewed are absent
    daily_views: dict[date, int]  # the posts' views together, per day of the last RECENT_DAYS

    def of(self, post_id: int) -> PostTotals:
        return self.totals.get(post_id, NO_VIEWS)


def recent_start(*, today: date) -> date:
    return today - timedelta(days=RECENT_DAYS - 1)


def views_report(*, post_ids: Collection[int], today: date) -> ViewsReport:
    """All-time and recent views and visitors of `post_ids`, and their daily views over the
    recent days: two queries on `analytics_reports`, whatever the number of posts."""
    if not post_ids:
        return ViewsReport(totals={}, daily_views={})
    start = recent_start(today=today)
    # One row per post for the days before the recent ones (day NULL), one per recent day.
    views = (
        PostViewsDay.objects.using(REPORTS_DB)
        .filter(post_id__in=post_ids)
        .annotate(recent_day=Case(When(day__gte=start, then="day"), output_field=DateField()))
        .values_list("post_id", "recent_day")
        .annotate(views=Sum("views"))
        .order_by()
    )
    visitors = (
        PostVisitorDay.objects.using(REPORTS_DB)
        .filter(post_id__in=post_ids)
        .values_list("post_id")
        .annotate(visitors=Count("pk"), recent=Count("pk", filter=Q(day__gte=start)))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    daily_views: dict[date, int] = {}
    for post_id, recent_day, day_views in views:
        post = counts.setdefault(post_id, {})
        post["views"] = post.get("views", 0) + day_views
        if recent_day is not None:
            post["recent_views"] = post.get("recent_views", 0) + day_views
            daily_views[recent_day] = daily_views.get(recent_day, 0) + day_views
    for post_id, all_visitors, recent_visitors in visitors:
        post = counts.setdefault(post_id, {})
        post.update(visitors=all_visitors, recent_visitors=recent_visitors)
    return ViewsReport(
        totals={post_id: PostTotals(**figures) for post_id, figures in counts.items()},
        daily_views=daily_views,
    )


def views_totals(*, post_ids: Collection[int]) -> dict[int, int]:
    """All-time views of each of `post_ids` that has any: one query on `analytics_reports`."""
    rows = (
        PostViewsDay.objects.using(REPORTS_DB)
        .filter(post_id__in=post_ids)
        .values_list("post_id")
        .annotate(views=Sum("views"))
        .order_by()
    )
    return dict(rows)


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
            figure.name: sum(getattr(row.figures, figure.name) for row in rows)
            for figure in fields(PostTotals)
        }
    )
    series = daily_series(report.daily_views, last_day=today, days=RECENT_DAYS)
    return AuthorStats(posts=rows, totals=totals, chart=daily_chart(series))
