"""The production configuration outside containers: gunicorn with config/gunicorn.py on a free
loopback port, alone or behind nginx (config/nginx.conf), against scratch databases on the two
real test servers."""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections

from support import PROJECT_DIR
from support.gunicorn_process import GunicornProcess
from support.nginx_process import NginxProcess
from support.scratch import scratch_database_urls

STRONG_SECRET_KEY = "quire-test-3c9f1e7a5b2d8c4e6f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d-live"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "a-long-admin-password-for-tests"
SEED_ARGS = ("--authors", "4", "--posts", "24")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class LiveSite:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def request(
        self,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 15,
    ) -> Response:
        """One request, redirects not followed, cookies kept between requests."""
        opener = urllib.request.build_opener(
            _NoRedirects, urllib.request.HTTPCookieProcessor(self.cookies)
        )
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers or {})
        started = time.monotonic()
        try:
            with opener.open(request, timeout=timeout) as response:
                body, status, response_headers = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            body, status, response_headers = error.read(), error.code, error.headers
        return Response(
            status, {k.lower(): v for k, v in response_headers.items()}, body,
            time.monotonic() - started,
        )  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 10) -> str:
        """The log once `pattern` (a regex) appears in it: gunicorn writes its access log line
        after the response has reached the client."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, log := self.log()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert re.search(pattern, log), f"{pattern!r} not in the log:\n{log[-3000:]}"
        return log


def production_environ(urls: dict[str, str], **overrides: str) -> dict[str, str]:
    """The environment production runs with: DEBUG off, a real secret, the scratch databases."""
    return {
        **os.environ,
        **urls,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": STRONG_SECRET_KEY,
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "",
        "LOG_LEVEL": "INFO",
        **overrides,
    }


def tls_environ(environ: dict[str, str]) -> dict[str, str]:
    """`environ` as behind a TLS terminator serving blog.example.com (HTTPS_ONLY)."""
    return {**environ, "HTTPS_ONLY": "true", "ALLOWED_HOSTS": "blog.example.com"}


def run(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=environ,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@contextlib.contextmanager
def collected_static(environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """collectstatic (hashed, compressed) into a temporary STATIC_ROOT."""
    with tempfile.TemporaryDirectory(prefix="quire-static-") as static_root:
        environ = {**environ, "STATIC_ROOT": static_root}
        run("manage.py", "collectstatic", "--noinput", environ=environ)
        yield environ


@contextlib.contextmanager
def gunicorn_site(
    environ: dict[str, str], *, workers: int = 2, threads: int = 2
) -> Iterator[LiveSite]:
    environ = {**environ, "GUNICORN_WORKERS": str(workers), "GUNICORN_THREADS": str(threads)}
    with tempfile.NamedTemporaryFile(prefix="quire-gunicorn-", suffix=".log") as log:
        server = GunicornProcess(environ, Path(log.name))
        try:
            server.start()
            yield LiveSite(server.url, server.process, server.log_path)
        finally:
            server.stop()


@dataclass
class ProxiedSite:
    """gunicorn behind nginx, as compose runs them; `media_root` is what nginx serves as /media/."""

    proxy: LiveSite
    gunicorn: LiveSite
    media_root: Path


@contextlib.contextmanager
def proxied_site(
    environ: dict[str, str], *, workers: int = 2, threads: int = 2
) -> Iterator[ProxiedSite]:
    """gunicorn_site behind nginx serving `STATIC_ROOT` (collected_static) and `MEDIA_ROOT`
    (the one its databases' image rows name), with TRUSTED_PROXY_COUNT=1 as in compose."""
    media_root = environ["MEDIA_ROOT"]
    with (
        gunicorn_site(
            {**environ, "TRUSTED_PROXY_COUNT": "1"}, workers=workers, threads=threads
        ) as backend,
        tempfile.NamedTemporaryFile(prefix="quire-nginx-", suffix=".log") as log,
    ):
        nginx = NginxProcess(
            backend.base_url.removeprefix("http://"),
            static_root=Path(environ["STATIC_ROOT"]), media_root=Path(media_root),
            log_path=Path(log.name),
        )  # fmt: skip
        nginx.start()
        try:
            proxy = LiveSite(nginx.url, nginx.process, nginx.log_path)
            yield ProxiedSite(proxy, backend, Path(media_root))
        finally:
            nginx.stop()


@contextlib.contextmanager
def prepared_production_environ() -> Iterator[dict[str, str]]:
    """Fresh databases, migrated and seeded, a superuser, static files collected, and a media
    directory of their own: files uploaded by one test stay where the audit of a later one
    looks for them."""
    with (
        scratch_database_urls() as urls,
        tempfile.TemporaryDirectory(prefix="quire-media-") as media_root,
    ):
        environ = production_environ(urls, MEDIA_ROOT=media_root)
        run("manage.py", "migrate_all", environ=environ)
        run("manage.py", "seed_demo", *SEED_ARGS, environ=environ)
        run(
            "manage.py", "createsuperuser", "--noinput", "--username", ADMIN_USERNAME,
            "--email", "admin@example.com",
            environ={**environ, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
        )  # fmt: skip
        with collected_static(environ) as environ:
            yield environ


def wait_for_status(site: LiveSite, path: str, status: int, timeout: float = 20) -> Response:
    deadline = time.monotonic() + timeout
    while True:
        response = site.request(path)
        if response.status == status or time.monotonic() > deadline:
            return response
        time.sleep(0.25)


@contextlib.contextmanager
def hung_database_url() -> Iterator[str]:
    """A database URL at a socket that completes TCP handshakes (the kernel's backlog) and never
    answers, like a hung or overloaded server: the case only timeouts cover."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"postgres://postgres@127.0.0.1:{listener.getsockname()[1]}/quire"


def reset_test_connections() -> None:
    """Drop this process's connections after a server restart; Django reconnects on next use."""
    for connection in connections.all(initialized_only=True):
        connection.close()
