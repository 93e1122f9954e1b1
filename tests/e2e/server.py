"""The site under test: gunicorn with the production settings on fresh scratch databases.

The browser tests never touch the ORM in the pytest process: everything they need (schema, static
files, a staff account) is made by `manage.py` in child processes, and the site runs in gunicorn
exactly as deployed (DEBUG=false, hashed static files served by whitenoise).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.scratch import PROJECT_DIR

STARTUP_TIMEOUT_SECONDS = 30.0
# gunicorn's access log line for an answer below 400: noise when looking for what went wrong.
_GOOD_ACCESS_LINE = re.compile(r'^\S+ - \S+ \[[^]]+\] "[^"]*" [123]\d\d ')


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int | None:
    """HTTP status of a GET, or None while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@dataclass
class LiveServer:
    database_urls: dict[str, str]
    work_dir: Path
    port: int = field(default_factory=free_port)
    staff_username: str = "staff"
    staff_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.work_dir / "gunicorn.log"

    @property
    def environ(self) -> dict[str, str]:
        return {
            **self.database_urls,
            "DEBUG": "false",
            "HTTPS_ONLY": "false",
            "SECRET_KEY": "e2e-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.work_dir / "static"),
            "EMAIL_URL": "consolemail://",
        }

    def log_tail(self, lines: int = 40) -> str:
        """The server's last lines of output, without access log lines for good answers."""
        if not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join([line for line in text if not _GOOD_ACCESS_LINE.search(line)][-lines:])

    def _manage(self, *args: str, **extra_env: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env={**os.environ, **self.environ, **extra_env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @staticmethod
    def _finish(process: subprocess.Popen) -> None:
        output, _ = process.communicate(timeout=300)
        if process.returncode != 0:
            raise ServerError(f"{' '.join(process.args[1:])} failed:\n{output}")

    def start(self) -> None:
        """Migrate, collect static files, create the staff user and serve; in parallel where
        the steps allow, since each is a Django start-up of its own."""
        migrate = self._manage("migrate_all")
        collectstatic = self._manage("collectstatic", "--noinput")
        self._finish(migrate)
        superuser = self._manage(
            "createsuperuser",
            "--noinput",
            "--username",
            self.staff_username,
            "--email",
            "staff@example.com",
            DJANGO_SUPERUSER_PASSWORD=self.staff_password,
        )
        self._finish(collectstatic)
        self._serve()
        self._finish(superuser)
        self._wait_until_ready()

    def _serve(self) -> None:
        env = {**os.environ, **self.environ, "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}
        command = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py",
                   "--bind", f"127.0.0.1:{self.port}", "config.wsgi:application"]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise ServerError(f"gunicorn exited with {code}:\n{self.log_tail()}")
            if self._ready():
                return
            time.sleep(0.1)
        self.stop()
        raise ServerError(
            f"gunicorn did not answer within {STARTUP_TIMEOUT_SECONDS}s:\n{self.log_tail()}"
        )

    def _ready(self) -> bool:
        status = _status(f"{self.url}/healthz")
        if status == 200:
            return True
        # Before /healthz exists, a 404 there still means Django answers; the admin login page
        # then proves the whole stack (templates, static files, the default database) works.
        return status == 404 and _status(f"{self.url}/admin/login/") == 200

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
