"""The authors' statistics: /dashboard/stats/ and /dashboard/stats.csv, read from the analytics
database through `analytics_reports`, the connection that cannot write.

The rows are written through `analytics` and committed (transactional tests): the report reads
them over its own connection, which would not see another connection's open transaction.
"""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import InternalError, connections, router
from django.utils import timezone

from apps.analytics.models import PostViewsDay, PostVisitorDay
from apps.analytics.reports import REPORTS_DB
from apps.blog.models import Post
from apps.multidb.replicas import primary_aliases
from support.live import reset_test_connections
from tests.admin_helpers import count_queries
from tests.factories import PostFactory, UserFactory

ALIASES = ("default", "blog_db", "analytics", REPORTS_DB)
pytestmark = pytest.mark.django_db(databases=list(ALIASES), transaction=True)

STATS_URL = "/dashboard/stats/"
CSV_URL = "/dashboard/stats.csv"


def record_views(post, *, days_ago: int, views: int, visitors: int = 0) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    PostViewsDay.objects.create(post_id=post.pk, day=day, views=views)
    PostVisitorDay.objects.bulk_create(
        PostVisitorDay(post_id=post.pk, day=day, visitor=f"{post.pk}-{n}".encode())
        for n in range(visitors)
    )


@pytest.fixture
def author(client):
    user = UserFactory(username="statwriter")
    Post.objects.filter(author_id=user.pk).delete()  # the welcome draft: only the test's posts
    client.force_login(user)
    return user


@pytest.fixture
def read_posts(author):
    """Two posts of the author with views inside and outside the last 30 days, a draft never
    read, and another author's post with views of its own."""
    popular = PostFactory(author=author, title="Popular", slug="popular")
    record_views(popular, days_ago=0, views=7, visitors=3)
    record_views(popular, days_ago=29, views=5, visitors=2)  # the oldest of the 30 days
    record_views(popular, days_ago=30, views=100, visitors=40)  # before them
    quiet = PostFactory(author=author, title='Quiet, but "quoted"', slug="quiet")
    record_views(quiet, days_ago=3, views=2, visitors=1)
    draft = PostFactory(author=author, title="Draft", slug="draft", draft=True)
    others = PostFactory(title="Someone else's", slug="someone-elses")
    record_views(others, days_ago=0, views=50, visitors=9)
    return popular, quiet, draft, others


def table_rows(html: str) -> list[list[str]]:
    """The statistics table as text: the post's title, then its four figures."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells]


def test_anonymous_readers_are_sent_to_log_in(client):
    for url in (STATS_URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_the_page_shows_own_posts_most_read_first_with_recent_and_all_time_figures(
    client, read_posts
):
    response = client.get(STATS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert table_rows(html) == [
        ["Popular", "12", "5", "112", "45"],
        ["Quiet, but &quot;quoted&quot;", "2", "1", "2", "1"],
        ["Draft", "0", "0", "0", "0"],
    ]
    assert "Someone else" not in html
    summary = re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", html)
    assert summary == [
        ("Views, last 30 days", "14"),
        ("Visitors, last 30 days", "6"),
        ("Views, all time", "114"),
        ("Visitors, all time", "46"),
    ]
    assert 'href="/dashboard/stats.csv"' in html


def test_the_chart_is_inline_svg_with_a_bar_per_day_that_had_views(client, read_posts):
    html = client.get(STATS_URL).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    today, oldest = timezone.localdate(), timezone.localdate() - timedelta(days=29)
    bars = re.findall(r"<rect [^>]*><title>([^<]*)</title></rect>", svg)
    assert bars == [
        f"{oldest:%-d %b}: 5",
        f"{today - timedelta(days=3):%-d %b}: 2",
        f"{today:%-d %b}: 7",
    ]
    assert f"{oldest:%-d %b} to {today:%-d %b %Y}: 14 in all, at most 7 on {today:%-d %b}." in svg
    assert 'role="img"' in html.split("<svg", 1)[1].split(">", 1)[0]
    # Nothing the Content-Security-Policy would block: no script, no inline style or handler.
    assert not re.search(r"<script|\sstyle=|\son[a-z]+=", html)


def test_the_csv_has_a_header_and_one_row_per_own_post_with_all_time_totals(client, read_posts):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="quire-stats.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["slug", "title", "views", "visitors"],
        ["popular", "Popular", "112", "45"],
        ["quiet", 'Quiet, but "quoted"', "2", "1"],
        ["draft", "Draft", "0", "0"],
    ]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote(client, author):
    titles = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rReturn", "a=b"]
    for n, title in enumerate(titles):
        PostFactory(author=author, title=title, slug=f"post-{n}")
    PostFactory(author=author, title="Leading hyphen", slug="-dash")
    rows = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode(), newline="")))
    cells = sorted((row[0], row[1]) for row in rows[1:])
    assert cells == sorted(
        [(f"post-{n}", f"'{t}" if n < 6 else t) for n, t in enumerate(titles)]
        + [("'-dash", "Leading hyphen")]
    )


def test_an_author_without_posts_gets_an_empty_page_and_a_header_only_csv(client, author):
    response = client.get(STATS_URL)
    assert response.status_code == 200
    assert "You have no posts yet." in response.content.decode()
    assert client.get(CSV_URL).content.decode() == "slug,title,views,visitors\r\n"


def _queries(client, url: str) -> dict[str, int]:
    def get():
        assert client.get(url).status_code == 200

    return count_queries(get, aliases=ALIASES)


@pytest.mark.parametrize("url", [STATS_URL, CSV_URL])
def test_queries_per_alias_do_not_grow_with_the_posts(client, author, url):
    def grow(count: int) -> None:
        for _ in range(count):
            post = PostFactory(author=author)
            record_views(post, days_ago=1, views=3, visitors=2)
            record_views(post, days_ago=40, views=1, visitors=1)

    client.get(url)  # the session and the site settings' first reads
    grow(2)
    with_two = _queries(client, url)
    grow(18)
    with_twenty = _queries(client, url)
    assert with_two == with_twenty
    # The author's posts in one query on blog_db and their figures in two, through the read-only
    # connection only; the session and the user on default; the page's site settings and
    # navigation (one statement); and on both, the write position read-your-writes keeps for a
    # client that wrote (this test's client wrote the posts).
    expected_blog_db = 3 if url == STATS_URL else 2
    assert with_two == {"default": 3, "blog_db": expected_blog_db, "analytics": 0, REPORTS_DB: 2}


def test_the_reporting_connection_cannot_write(read_posts):
    popular = read_posts[0]
    refused = "cannot execute INSERT in a read-only transaction"
    with pytest.raises(InternalError, match=refused) as error:
        PostViewsDay.objects.using(REPORTS_DB).create(
            post_id=popular.pk, day=timezone.localdate() - timedelta(days=400), views=1
        )
    # PostgreSQL's own refusal (read_only_sql_transaction), not a rule of Django's.
    assert error.value.__cause__.sqlstate == "25006"
    with connections[REPORTS_DB].cursor() as cursor:
        cursor.execute("SHOW default_transaction_read_only")
        assert cursor.fetchone() == ("on",)
    # It reads the database `analytics` writes: the same rows.
    assert PostViewsDay.objects.using(REPORTS_DB).filter(post_id=popular.pk).count() == 3


def test_the_dashboard_links_to_the_statistics(client, author):
    html = client.get("/dashboard/").content.decode()
    assert f'<a href="{STATS_URL}">Statistics</a>' in html


def test_the_reporting_alias_is_neither_migrated_nor_a_primary():
    assert REPORTS_DB not in primary_aliases()
    assert not router.allow_migrate(REPORTS_DB, "analytics")
    output = io.StringIO()
    call_command("migrate_all", "--check", stdout=output)
    assert REPORTS_DB not in output.getvalue()
    assert "analytics: up to date" in output.getvalue()


@pytest.mark.faults
def test_while_analytics_is_down_statistics_answer_503_and_the_rest_of_the_site_works(
    client, read_posts, analytics_server
):
    popular = read_posts[0]
    analytics_server.stop()
    try:
        page = client.get(STATS_URL)
        assert page.status_code == 503
        assert page["Retry-After"] == "30"
        assert "no-cache" in page["Cache-Control"]
        html = page.content.decode()
        assert "Statistics are unavailable right now." in html
        assert "Your statistics" in html and "Traceback" not in html
        assert "Download CSV" not in html
        spreadsheet = client.get(CSV_URL)
        assert spreadsheet.status_code == 503
        assert spreadsheet["Content-Type"] == "text/plain; charset=utf-8"
        assert (
            spreadsheet.content == b"Statistics are unavailable right now; try again in a minute.\n"
        )
        for url in ("/dashboard/", popular.get_absolute_url(), "/"):
            assert client.get(url).status_code == 200, url
    finally:
        analytics_server.start()
        reset_test_connections()
    assert client.get(STATS_URL).status_code == 200
