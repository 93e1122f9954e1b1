"""Staff see each post's all-time views in the post admin's list (apps/analytics/admin.py), read
for the whole page in one query on the read-only `analytics_reports`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.analytics.models import PostViewsDay
from apps.analytics.reports import REPORTS_DB
from apps.blog.models import Post
from support.live import reset_test_connections
from tests.admin_helpers import admin_url, changelist_rows, count_queries
from tests.factories import PostFactory

ALIASES = ("default", "blog_db", "analytics", REPORTS_DB)
# Committed rows: the report's connection does not see another connection's open transaction.
pytestmark = pytest.mark.django_db(databases=list(ALIASES), transaction=True)


def viewed_post(title: str, *daily_views: int) -> Post:
    post = PostFactory(title=title)
    today = timezone.localdate()
    PostViewsDay.objects.bulk_create(
        PostViewsDay(post_id=post.pk, day=today - timedelta(days=400 * n), views=views)
        for n, views in enumerate(daily_views)
    )
    return post


def views_by_title(admin_client) -> dict[str, str]:
    rows = changelist_rows(admin_client, Post)
    return {row["title"]: row["views"] for row in rows if row["title"].startswith("Viewed")}


def test_the_post_list_shows_each_posts_views_of_all_time(admin_client):
    viewed_post("Viewed often", 30, 12)
    viewed_post("Viewed once", 1)
    viewed_post("Viewed never")
    assert views_by_title(admin_client) == {
        "Viewed often": "42",
        "Viewed once": "1",
        "Viewed never": "0",
    }


def test_the_views_cost_one_query_whatever_the_rows(admin_client):
    url = admin_url(Post, "changelist")
    admin_client.get(url)  # the session, content type and permission caches

    def measure():
        assert admin_client.get(url).status_code == 200

    for n in range(2):
        viewed_post(f"Viewed {n}", 3)
    with_two = count_queries(measure, aliases=ALIASES)
    for n in range(2, 20):
        viewed_post(f"Viewed {n}", 3)
    with_twenty = count_queries(measure, aliases=ALIASES)
    assert with_two == with_twenty
    assert (with_two["analytics"], with_two[REPORTS_DB]) == (0, 1)


@pytest.mark.faults
def test_while_analytics_is_down_the_post_list_says_views_are_unavailable(
    admin_client, analytics_server
):
    viewed_post("Viewed often", 30)
    analytics_server.stop()
    try:
        assert views_by_title(admin_client) == {"Viewed often": "unavailable"}
    finally:
        analytics_server.start()
        reset_test_connections()
    assert views_by_title(admin_client) == {"Viewed often": "30"}
