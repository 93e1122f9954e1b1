"""A database that goes away: /readyz names it, pages answer a clear 503 within seconds, and the
running site recovers by itself when the server returns. gunicorn with the production settings
(plus a middleware that reads the user, support/fault_settings.py) on the two real servers."""

import json

import pytest

from support.live import (
    gunicorn_site,
    hung_database_url,
    reset_test_connections,
    wait_for_status,
)
from support.postgres import PostgresServer

pytestmark = pytest.mark.faults

FAIL_FAST_SECONDS = 5
BLOG_PAGES = ["/", "/posts/demo-post-1/", "/tags/django/", "/authors/demo-author-1/"]
BLOG_PAGE = BLOG_PAGES[0]


@pytest.fixture(scope="module")
def site(production_environ):
    environ = {
        **production_environ,
        "DJANGO_SETTINGS_MODULE": "support.fault_settings",
        # The page cache could answer an anonymous page it already holds; these tests are about
        # the requests that do reach a database.
        "PAGE_CACHE_SECONDS": "0",
    }
    with gunicorn_site(environ, workers=1, threads=2) as site:
        yield site


class Outage:
    """Stops servers for a test and makes sure each one runs again afterwards."""

    def __init__(self) -> None:
        self.stopped: list[PostgresServer] = []

    def stop(self, *servers: PostgresServer) -> None:
        for server in servers:
            server.stop()
            self.stopped.append(server)

    def end(self, *servers: PostgresServer) -> None:
        for server in servers:
            server.start()
            self.stopped.remove(server)

    def end_all(self) -> None:
        for server in list(self.stopped):
            self.end(server)
        # This process's own connections to the restarted servers are broken.
        reset_test_connections()


@pytest.fixture
def outage():
    outage = Outage()
    try:
        yield outage
    finally:
        outage.end_all()


def _assert_clear_503(response):
    assert response.status == 503, response.text[:500]
    assert response.seconds < FAIL_FAST_SECONDS
    assert response.headers["retry-after"].isdigit()
    assert "Temporarily unavailable" in response.text  # templates/503.html's title
    assert "Traceback" not in response.text
    assert "no-cache" in response.headers["cache-control"]
    assert "content-security-policy" in response.headers


def test_readyz_names_blog_db_while_it_is_down_and_recovers(
    site, blog_server, blog_replica_server, outage
):
    assert site.request("/readyz").status == 200
    outage.stop(blog_server, blog_replica_server)

    response = site.request("/readyz")
    assert response.status == 503
    assert json.loads(response.body) == {
        "default": "ok", "blog_db": "unavailable", "analytics": "ok",
        "default_replica_1": "ok", "blog_db_replica_1": "down", "cache:default": "ok",
    }  # fmt: skip
    assert response.seconds < FAIL_FAST_SECONDS
    assert site.request("/healthz").status == 200  # liveness does not depend on a database

    outage.end(blog_server, blog_replica_server)
    recovered = wait_for_status(site, "/readyz", 200)
    assert json.loads(recovered.body)["blog_db"] == "ok"
    assert site.process.poll() is None, "recovered without restarting gunicorn"


def test_blog_page_is_a_clear_503_while_blog_db_is_down(
    site, blog_server, blog_replica_server, outage
):
    # Warm up: the worker holds a persistent connection that the outage then breaks. Another
    # page of the list, so that no content fragment of BLOG_PAGES is kept: one would answer from
    # memory during the outage (apps/blog/caching/) without touching the database.
    assert site.request(BLOG_PAGE + "?page=2").status == 200
    outage.stop(blog_server, blog_replica_server)

    # A broken persistent connection first, then failed reconnects.
    for page in BLOG_PAGES:
        response = site.request(page, headers={"X-Request-ID": "blog-down-1"})
        _assert_clear_503(response)
        assert "blog-down-1" in response.text  # the reference the page gives for support
    site.wait_for_log(r"request_id=blog-down-1 alias=blog_db Database blog_db unreachable")
    # Pages that need only `default` keep working.
    assert site.request("/accounts/login/").status == 200
    assert site.request("/admin/login/").status == 200

    outage.end(blog_server, blog_replica_server)
    assert wait_for_status(site, BLOG_PAGE, 200).status == 200
    assert all(site.request(page).status == 200 for page in BLOG_PAGES)


def test_default_down_in_middleware_is_a_clear_503_and_probes_still_answer(
    site, default_server, default_replica_server, outage
):
    # A session cookie makes the auth middleware read `default` before any view runs.
    signed_in = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
    assert site.request(BLOG_PAGE, headers=signed_in).status == 200
    outage.stop(default_server, default_replica_server)

    _assert_clear_503(site.request(BLOG_PAGE, headers=signed_in))
    site.wait_for_log(r"alias=default Database default unreachable")
    readyz = site.request("/readyz")
    assert readyz.status == 503
    assert json.loads(readyz.body) == {
        "default": "unavailable", "blog_db": "ok", "analytics": "ok",
        "default_replica_1": "down", "blog_db_replica_1": "ok", "cache:default": "ok",
    }  # fmt: skip

    outage.end(default_server, default_replica_server)
    assert (
        wait_for_status(
            site,
            BLOG_PAGE,
            200,
        ).status
        == 200
    )


# --- A server that accepts connections and never answers ---------------------------------------


@pytest.fixture
def silent_blog_db(production_environ):
    """BLOG_DATABASE_URL pointing at a hung server (support/live.py)."""
    with hung_database_url() as url:
        environ = {
            **production_environ,
            "BLOG_DATABASE_URL": url,
            "BLOG_DATABASE_REPLICA_URLS": "",  # the hung server has none
            "PAGE_CACHE_SECONDS": "0",
        }
        with gunicorn_site(environ, workers=1, threads=4) as site:
            yield site


def test_a_hung_blog_db_fails_pages_and_probes_in_seconds(silent_blog_db):
    readyz = silent_blog_db.request("/readyz")
    assert readyz.status == 503
    assert json.loads(readyz.body) == {
        "default": "ok", "blog_db": "timeout", "analytics": "ok", "default_replica_1": "ok",
        "cache:default": "ok",
    }  # fmt: skip
    assert readyz.seconds < 3.5  # the probes' two-second budget

    page = silent_blog_db.request("/", headers={"X-Request-ID": "hung-1"})
    _assert_clear_503(page)  # within FAIL_FAST_SECONDS: DB_CONNECT_TIMEOUT is 3 s
    silent_blog_db.wait_for_log(r"request_id=hung-1 alias=blog_db Database blog_db unreachable")
    assert silent_blog_db.request("/accounts/login/").status == 200
