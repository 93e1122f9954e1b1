"""The page cache across gunicorn workers: a change made in another process shows on the next
request in every worker (the production configuration).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from apps.blog import services
from apps.blog.models import Post
from support import PROJECT_DIR
from support.gunicorn_process import GunicornProcess
from support.scratch import current_database_urls
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

WORKERS = 3
ACCESS_LOG_FORMAT = "%(p)s %(U)s %({x-page-cache}o)s"


class Site:
    """gunicorn with config/gunicorn.py and DEBUG=false on the test databases, `WORKERS` workers.

    Its access log records, per request, the worker's pid and whether the page came from the
    cache, so a test can tell that every worker answered.
    """

    def __init__(self, work_dir: Path) -> None:
        self.access_log = work_dir / "access.log"
        self.work_dir = work_dir
        self.gunicorn: GunicornProcess | None = None

    def environ(self, cache_url: str) -> dict[str, str]:
        return {
            **os.environ,
            **current_database_urls(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "HTTPS_ONLY": "false",
            "SECRET_KEY": "page-cache-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(self.work_dir / "static"),
            "CACHE_URL": cache_url,
            "PAGE_CACHE_SECONDS": "300",
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_THREADS": "1",
        }

    def start(self, cache_url: str) -> None:
        env = self.environ(cache_url)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"],
                       cwd=PROJECT_DIR, env=env, check=True, capture_output=True)  # fmt: skip
        access_log = ["--access-logfile", str(self.access_log),
                      "--access-logformat", ACCESS_LOG_FORMAT]  # fmt: skip
        self.gunicorn = GunicornProcess(env, self.work_dir / "gunicorn.log", extra_args=access_log)
        self.gunicorn.start()

    def stop(self) -> None:
        self.gunicorn.stop()

    def get(self, path: str) -> str:
        # A new connection each time, so the workers take turns.
        request = urllib.request.Request(self.gunicorn.url + path)
        request.add_header("Connection", "close")
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read().decode()

    def log_lines(self) -> list[tuple[str, str, str]]:
        if not self.access_log.exists():
            return []
        lines = self.access_log.read_text().splitlines()
        return [tuple(line.split(" ", 2)) for line in lines if line.count(" ") >= 2]

    def log_lines_after(self, start: int, count: int) -> list[tuple[str, str, str]]:
        """The access log lines of `count` requests made after line `start`, once written."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            lines = self.log_lines()[start:]
            if len(lines) >= count:
                return lines
            time.sleep(0.01)
        pytest.fail(f"gunicorn logged {len(lines)} of {count} requests")

    def every_worker_answers(self, path: str, *, check) -> set[str]:
        """GET `path` until each worker has answered it (at most 300 requests), checking every
        page with `check`; returns the cache states the workers reported."""
        start = len(self.log_lines())
        for count in range(1, 301):
            check(self.get(path))
            seen = self.log_lines_after(start, count)
            if len({pid for pid, _, _ in seen}) == WORKERS:
                return {state for _, _, state in seen}
        pytest.fail(f"not every worker answered {path}: {seen}")


@pytest.fixture
def site(tmp_path, settings):
    # The test process and the site share the content version through this directory.
    cache_url = f"filecache://{tmp_path / 'shared-cache'}"
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "shared-cache"),
    }}  # fmt: skip
    running = Site(tmp_path)
    running.start(cache_url)
    yield running
    running.stop()


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_changes_show_on_the_next_request_in_every_gunicorn_worker(site):
    author = UserFactory(username="writer", display_name="The Writer")
    old = PostFactory(author=author, title="Old news")
    home, post_url = "/", old.get_absolute_url()

    def shows(*texts):
        def check(page: str) -> None:
            for text in texts:
                assert text in page

        return check

    def lacks(*texts):
        def check(page: str) -> None:
            for text in texts:
                assert text not in page

        return check

    # Every worker holds the home page and the post page in its memory.
    site.every_worker_answers(home, check=shows("Old news"))
    assert site.every_worker_answers(home, check=shows("Old news")) == {"hit"}
    site.every_worker_answers(post_url, check=shows("Old news"))
    assert site.every_worker_answers(post_url, check=shows("Old news")) == {"hit"}

    fresh = services.post_create_or_update(
        post=Post(author_id=author.pk), title="Fresh news", body="New", status=Post.Status.PUBLISHED
    )
    assert "miss" in site.every_worker_answers(home, check=shows("Fresh news", "Old news"))

    services.post_create_or_update(
        post=old, title="Corrected news", body=old.body, status=old.status
    )
    site.every_worker_answers(home, check=shows("Corrected news"))
    site.every_worker_answers(home, check=lacks("Old news"))
    post_url = Post.objects.get(pk=old.pk).get_absolute_url()

    site.every_worker_answers(post_url, check=lacks("First comment"))
    services.comment_create(post=old, author_id=author.pk, body="First comment")
    site.every_worker_answers(post_url, check=shows("First comment"))

    services.post_delete_with_comments(post=fresh)
    site.every_worker_answers(home, check=lacks("Fresh news"))

    author.display_name = "Renamed Writer"
    author.save()
    site.every_worker_answers(home, check=shows("Renamed Writer"))
    assert re.search(r"\bhit\b", " ".join(s for *_, s in site.log_lines()))
