"""Two web hosts behind one load balancer: two gunicorn instances, each with several workers,
sharing one real redis-server (CACHE_URL) and the two PostgreSQL servers. A change made through
one host shows on the other on the very next request, in every worker; with Redis stopped or
hung, every page still answers, uncached, and caching resumes without anything stale.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support.gunicorn_process import GunicornProcess
from support.live import ADMIN_PASSWORD, ADMIN_USERNAME, LiveSite, Response
from support.redis_process import RedisProcess

WORKERS = 2
# Far below a request waiting on a dead Redis for seconds; the cache's timeouts are 0.25 s.
QUICK_SECONDS = 1.5
READER_PAGES = ("/", "/feed/", "/search/?q=hosts", f"/authors/{ADMIN_USERNAME}/")
ACCESS_LOG_FORMAT = "%(p)s %(s)s %({x-page-cache}o)s"


class Host:
    """One gunicorn instance; its access log records which worker answered and how."""

    def __init__(self, name: str, environ: dict[str, str], work_dir: Path) -> None:
        self.name = name
        self.access_log = work_dir / f"{name}-access.log"
        access = ["--access-logfile", str(self.access_log),
                  "--access-logformat", ACCESS_LOG_FORMAT]  # fmt: skip
        environ = {**environ, "GUNICORN_WORKERS": str(WORKERS), "GUNICORN_THREADS": "2"}
        self.gunicorn = GunicornProcess(environ, work_dir / f"{name}.log", extra_args=access)

    def client(self) -> LiveSite:
        """A browser of its own: cookies kept, a new connection per request."""
        return LiveSite(self.gunicorn.url, self.gunicorn.process, self.gunicorn.log_path)

    def logged(self) -> list[list[str]]:
        if not self.access_log.exists():
            return []
        return [line.split(" ") for line in self.access_log.read_text().splitlines()]

    def every_worker_answers(self, path: str, check: Callable[[Response], None]) -> set[str]:
        """GET `path` anonymously until each worker has answered it, checking every answer;
        the cache states the workers reported."""
        reader, start = self.client(), len(self.logged())
        for count in range(1, 101):
            check(reader.request(path))
            deadline = time.monotonic() + 5
            while len(seen := self.logged()[start:]) < count and time.monotonic() < deadline:
                time.sleep(0.01)
            if len({pid for pid, *_ in seen}) == WORKERS:
                return {state for *_, state in seen}
        pytest.fail(f"not every worker of {self.name} answered {path}: {seen}")


@pytest.fixture(scope="module")
def redis(tmp_path_factory) -> Iterator[RedisProcess]:
    server = RedisProcess(tmp_path_factory.mktemp("redis") / "redis.log")
    server.start()
    yield server
    server.destroy()


@pytest.fixture(scope="module")
def hosts(production_environ, redis, tmp_path_factory) -> Iterator[tuple[Host, Host]]:
    environ = {**production_environ, "CACHE_URL": redis.url}
    work_dir = tmp_path_factory.mktemp("hosts")
    pair = (Host("a", environ, work_dir), Host("b", environ, work_dir))
    with contextlib.ExitStack() as stack:
        for host in pair:
            host.gunicorn.spawn()
            stack.callback(host.gunicorn.stop)
        for host in pair:
            host.gunicorn.wait_until_serving()
        yield pair


def shows(*texts: str) -> Callable[[Response], None]:
    def check(response: Response) -> None:
        assert response.status == 200
        for text in texts:
            assert text in response.text

    return check


def lacks(*texts: str) -> Callable[[Response], None]:
    def check(response: Response) -> None:
        assert response.status == 200
        for text in texts:
            assert text not in response.text

    return check


def quick(check: Callable[[Response], None]) -> Callable[[Response], None]:
    def timed(response: Response) -> None:
        check(response)
        assert response.seconds < QUICK_SECONDS

    return timed


def is_gone(response: Response) -> None:
    assert response.status == 404


def everywhere(hosts: tuple[Host, ...], path: str, check: Callable[[Response], None]) -> None:
    for host in hosts:
        host.every_worker_answers(path, check)


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def submit(browser: LiveSite, path: str, fields: dict[str, str], *, form: str = "") -> Response:
    """POST `fields` to `path` with the CSRF token of the form at `form` (default: `path`)."""
    token = _csrf_token(browser.request(form or path).text)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True).encode()
    return browser.request(path, data=data, headers={"Referer": browser.base_url + path})


def signed_in_admin(host: Host) -> LiveSite:
    browser = host.client()
    response = submit(browser, "/accounts/login/",
                      {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD})  # fmt: skip
    assert response.status == 302, response.text[:500]
    return browser


def post_publish(browser: LiveSite, title: str, *, tags: str = "") -> str:
    """Publish a post through the site; its path."""
    response = submit(browser, "/posts/new/",
                      {"title": title, "body": f"{title}, told.", "tags": tags,
                       "status": "published", "published_at": ""})  # fmt: skip
    assert response.status == 302, response.text[:500]
    return urllib.parse.urlsplit(response.headers["location"]).path


def admin_post_id(browser: LiveSite, title: str) -> str:
    changelist = browser.request("/admin/blog/post/?" + urllib.parse.urlencode({"q": title}))
    return re.search(r"/admin/blog/post/(\d+)/change/", changelist.text).group(1)


def test_a_change_through_one_host_shows_on_the_other_in_every_worker(hosts):
    a, b = hosts
    writer = signed_in_admin(a)
    path = post_publish(writer, "Two hosts first", tags="twohostsharbour")
    everywhere(hosts, "/", shows("Two hosts first"))
    everywhere(hosts, "/tags/twohostsharbour/", shows("Two hosts first"))
    # Both hosts now hold the page in every worker: what follows must replace it.
    assert b.every_worker_answers("/", shows("Two hosts first")) == {"hit"}
    assert b.every_worker_answers(path, shows("Two hosts first")) <= {"hit", "miss"}

    response = submit(
        writer,
        f"{path}edit/",
        {
            "title": "Two hosts edited",
            "body": "Edited.",
            "tags": "twohostsharbour, twohostsquay",
            "status": "published",
            "published_at": "",
        },
    )
    assert response.status == 302, response.text[:500]
    everywhere(hosts, "/", shows("Two hosts edited"))
    everywhere(hosts, "/", lacks("Two hosts first"))
    everywhere(hosts, "/tags/twohostsharbour/", shows("Two hosts edited"))
    everywhere(hosts, "/tags/twohostsquay/", shows("Two hosts edited"))

    assert submit(writer, path, {"body": "A comment from host a"}).status == 302
    everywhere(hosts, path, shows("A comment from host a"))

    profile = {"display_name": "Admin Renamed On A", "bio": "Writes from host a."}
    assert submit(writer, "/accounts/profile/", profile).status == 302
    everywhere(hosts, path, shows("Admin Renamed On A"))

    post_id = admin_post_id(writer, "Two hosts edited")
    action = {"action": "unpublish", "_selected_action": post_id, "index": "0"}
    response = submit(writer, "/admin/blog/post/", action)
    assert response.status == 302, response.text[:500]
    everywhere(hosts, "/", lacks("Two hosts edited"))
    everywhere(hosts, path, is_gone)

    second = post_publish(writer, "Two hosts second")
    everywhere(hosts, second, shows("Two hosts second"))
    response = submit(writer, f"{second}delete/", {})
    assert response.status == 302, response.text[:500]
    everywhere(hosts, second, is_gone)
    everywhere(hosts, "/", lacks("Two hosts second"))


def assert_cache_degraded(host: Host) -> None:
    readyz = host.client().request("/readyz")
    assert readyz.status == 200
    assert json.loads(readyz.body)["cache:default"] == "unavailable"
    assert readyz.seconds < QUICK_SECONDS


def until_cached_again(host: Host, path: str, check: Callable[[Response], None]) -> None:
    """Every worker of `host` stores and serves `path` again, within RETRY_SECONDS and a margin."""
    deadline = time.monotonic() + 15
    while "hit" not in host.every_worker_answers(path, check):
        assert time.monotonic() < deadline, f"{host.name} never cached {path} again"
        time.sleep(0.5)


def test_with_redis_stopped_pages_and_writes_work_and_caching_resumes(hosts, redis):
    a, b = hosts
    writer = signed_in_admin(a)
    path = post_publish(writer, "Two hosts outage")
    everywhere(hosts, path, shows("Two hosts outage"))
    redis.stop()
    try:
        for host in hosts:
            assert host.every_worker_answers(path, quick(shows("Two hosts outage"))) == {"-"}
            for page in READER_PAGES:
                assert host.every_worker_answers(page, quick(shows("Quire"))) == {"-"}
            assert_cache_degraded(host)
        fields = {"title": "Two hosts outage edited", "body": "Edited during the outage.",
                  "tags": "", "status": "published", "published_at": ""}  # fmt: skip
        assert submit(writer, f"{path}edit/", fields).status == 302
        everywhere(hosts, path, quick(shows("Two hosts outage edited")))
        signed_in_admin(b)  # sessions and login throttling live in the database
    finally:
        redis.start()
    for host in hosts:
        until_cached_again(host, path, shows("Two hosts outage edited"))


def test_a_change_made_while_redis_hangs_brings_no_old_page_back(hosts, redis):
    a, b = hosts
    writer = signed_in_admin(a)
    path = post_publish(writer, "Two hosts hang")
    b.every_worker_answers(path, shows("Two hosts hang"))
    assert b.every_worker_answers(path, shows("Two hosts hang")) == {"hit"}
    redis.pause()  # its port still accepts connections; nothing answers
    try:
        fields = {"title": "Two hosts hang edited", "body": "Edited while Redis hung.",
                  "tags": "", "status": "published", "published_at": ""}  # fmt: skip
        response = submit(writer, f"{path}edit/", fields)
        assert response.status == 302 and response.seconds < QUICK_SECONDS
        # Only host a is read: host b's workers never notice the outage.
        a.every_worker_answers(path, quick(shows("Two hosts hang edited")))
        for page in READER_PAGES:
            a.every_worker_answers(page, quick(shows("Quire")))
        assert_cache_degraded(a)
    finally:
        redis.resume()
    # Redis still holds the version host b's pages were stored under; the change replaces it
    # as soon as Redis answers again (MISSED_CHANGE_RETRY_SECONDS).
    time.sleep(1)
    b.every_worker_answers(path, shows("Two hosts hang edited"))
    until_cached_again(b, path, shows("Two hosts hang edited"))
