"""Views under gunicorn as deployed (config/gunicorn.py, production settings) on the three real
servers: exact counts written by each worker's thread without further requests, an analytics
server stopped and restarted under the running site, a hung one that no page waits for, and the
views a worker still holds written when it stops."""

import json
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from support.live import (
    gunicorn_site,
    hung_database_url,
    reset_test_connections,
    wait_for_status,
)
from tests.analytics.conftest import BROWSER

pytestmark = pytest.mark.faults

POST = "/posts/demo-post-1/"
FLUSH_SECONDS = 1
# A view reaches the database within the flush interval; the rest is the machine's slack.
ARRIVAL_SECONDS = FLUSH_SECONDS + 9
QUICK_SECONDS = 1.0


def reader(tag: str) -> dict[str, str]:
    """A browser of its own: a visitor no earlier test has been."""
    return {"User-Agent": f"{BROWSER} quire-test/{tag}-{uuid.uuid4().hex[:8]}"}


class Statistics:
    """The post's totals, read straight from the scratch analytics database."""

    def __init__(self, environ: dict[str, str]) -> None:
        self.url = environ["ANALYTICS_DATABASE_URL"]
        with psycopg.connect(environ["BLOG_DATABASE_URL"]) as blog:
            (self.post_id,) = blog.execute(
                "SELECT id FROM blog_post WHERE slug = %s", [POST.split("/")[2]]
            ).fetchone()

    def totals(self) -> tuple[int, int]:
        with psycopg.connect(self.url, connect_timeout=3) as connection:
            (views,) = connection.execute(
                "SELECT coalesce(sum(views), 0) FROM analytics_postviewsday WHERE post_id = %s",
                [self.post_id],
            ).fetchone()
            (visitors,) = connection.execute(
                "SELECT count(*) FROM analytics_postvisitorday WHERE post_id = %s", [self.post_id]
            ).fetchone()
        return views, visitors

    def wait_for(self, expected: tuple[int, int], timeout: float = ARRIVAL_SECONDS) -> float:
        """Seconds until the totals are `expected` (and fail if they go past it)."""
        started = time.monotonic()
        while (totals := self.totals()) != expected and time.monotonic() - started < timeout:
            assert totals[0] <= expected[0], f"{totals} counted, {expected} expected"
            time.sleep(0.1)
        assert totals == expected
        return time.monotonic() - started


def head(site, path: str, *, headers: dict[str, str]) -> int:
    request = urllib.request.Request(site.base_url + path, headers=headers, method="HEAD")
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.status


@pytest.fixture
def live_environ(production_environ):
    return {**production_environ, "ANALYTICS_FLUSH_SECONDS": str(FLUSH_SECONDS)}


def test_each_worker_writes_exact_counts_without_further_requests(live_environ):
    statistics = Statistics(live_environ)
    views, visitors = statistics.totals()
    readers = [reader(f"exact-{n}") for n in range(3)]
    with gunicorn_site(live_environ, workers=2, threads=2) as site:
        wanted = [readers[n % 3] for n in range(30)]
        with ThreadPoolExecutor(max_workers=6) as pool:  # both workers busy at once
            responses = list(pool.map(lambda h: site.request(POST, headers=h), wanted))
        assert [r.status for r in responses] == [200] * 30
        assert sum(r.headers.get("x-page-cache") == "hit" for r in responses) >= 20
        for headers in (None, {"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}):
            assert site.request(POST, headers=headers).status == 200  # urllib's agent, a bot
        assert head(site, POST, headers=readers[0]) == 200
        # No request from here on: each worker's thread writes what it holds.
        statistics.wait_for((views + 30, visitors + 3))
        time.sleep(2 * FLUSH_SECONDS)
        assert statistics.totals() == (views + 30, visitors + 3)  # nothing counted twice


def test_a_worker_that_stops_writes_what_it_holds(production_environ):
    statistics = Statistics(production_environ)
    views, visitors = statistics.totals()
    environ = {**production_environ, "ANALYTICS_FLUSH_SECONDS": "600"}
    with gunicorn_site(environ, workers=1, threads=2) as site:
        for _ in range(4):
            assert site.request(POST, headers=reader("exit")).status == 200
        time.sleep(1)
        assert statistics.totals() == (views, visitors)  # still in the worker's memory
    # gunicorn_site stopped it gracefully (SIGTERM): worker_exit wrote the views.
    assert statistics.totals() == (views + 4, visitors + 4)


@pytest.fixture
def analytics_stopped(analytics_server):
    """Stops the analytics server for a test; it runs again afterwards whatever happens."""
    stopped = []

    def stop() -> None:
        analytics_server.stop()
        stopped.append(analytics_server)

    def start() -> None:
        analytics_server.start()
        stopped.remove(analytics_server)

    stop.start = start
    try:
        yield stop
    finally:
        for server in stopped:
            server.start()
        reset_test_connections()  # this process's own connections to it are broken


def test_views_wait_out_an_analytics_outage(live_environ, analytics_stopped):
    statistics = Statistics(live_environ)
    with gunicorn_site(live_environ, workers=1, threads=2) as site:
        views, visitors = statistics.totals()
        assert site.request(POST, headers=reader("before")).status == 200
        views, visitors = views + 1, visitors + 1
        statistics.wait_for((views, visitors))  # the worker's thread holds a connection now

        analytics_stopped()
        during = [reader(f"outage-{n}") for n in range(5)]
        for headers in during * 2:
            response = site.request(POST, headers=headers)
            assert response.status == 200 and response.seconds < QUICK_SECONDS
        readyz = site.request("/readyz")
        assert readyz.status == 200
        assert json.loads(readyz.body)["analytics"] == "unavailable"
        site.wait_for_log(r"alias=analytics Views not written, kept in memory \(\d+ entries")

        analytics_stopped.start()
        assert wait_for_status(site, "/readyz", 200).status == 200
        statistics.wait_for((views + 10, visitors + 5))
        assert json.loads(site.request("/readyz").body)["analytics"] == "ok"
        assert site.process.poll() is None, "recovered without restarting gunicorn"


@pytest.fixture
def hung_analytics(live_environ):
    """ANALYTICS_DATABASE_URL pointing at a hung server (support/live.py)."""
    with hung_database_url() as url:
        environ = {**live_environ, "ANALYTICS_DATABASE_URL": url}
        with gunicorn_site(environ, workers=1, threads=2) as site:
            yield site


def test_a_hung_analytics_server_delays_no_page(hung_analytics):
    site = hung_analytics
    assert site.request(POST, headers=reader("hung")).status == 200
    time.sleep(FLUSH_SECONDS + 0.5)  # the worker's thread now waits on the hung server
    for page in [POST] * 5 + [f"{POST}?comments=1", "/"]:
        response = site.request(page, headers=reader("hung"))
        assert response.status == 200 and response.seconds < QUICK_SECONDS, (page, response)
    readyz = site.request("/readyz")
    assert readyz.status == 200
    assert json.loads(readyz.body)["analytics"] == "timeout"
    assert readyz.seconds < 3.5  # the probes' two-second budget
    site.wait_for_log(r"alias=analytics Views not written, kept in memory")
