"""The site under test: nginx and gunicorn with the production settings on fresh scratch
databases.

The browser tests never touch the ORM in the pytest process: everything they need (schema, static
files, a staff account) is made by `manage.py` in child processes, and the site runs exactly as
deployed: DEBUG=false, gunicorn behind nginx (config/nginx.conf), which serves the hashed static
files and the uploaded images.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from support import PROJECT_DIR
from support.gunicorn_process import GunicornProcess
from support.nginx_process import NginxProcess


@dataclass
class LiveServer:
    database_urls: dict[str, str]
    work_dir: Path
    staff_username: str = "staff"
    staff_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    gunicorn: GunicornProcess | None = None
    proxy: NginxProcess | None = None

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def environ(self) -> dict[str, str]:
        return {
            **self.database_urls,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "HTTPS_ONLY": "false",
            "SECRET_KEY": "e2e-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.work_dir / "static"),
            "MEDIA_ROOT": str(self.work_dir / "media"),
            "TRUSTED_PROXY_COUNT": "1",
            "EMAIL_URL": "consolemail://",
            # Every browser of the run signs up and comments from 127.0.0.1.
            "SIGNUP_LIMIT_PER_HOUR": "100",
            "COMMENT_CLIENT_LIMIT_PER_MINUTE": "100",
        }

    def log_tail(self) -> str:
        return self.gunicorn.log_tail() if self.gunicorn else ""

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
            raise RuntimeError(f"{' '.join(process.args[1:])} failed:\n{output}")

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
        environ = {**os.environ, **self.environ, "GUNICORN_WORKERS": "2"}  # threads: the default
        self.gunicorn = GunicornProcess(environ, self.work_dir / "gunicorn.log")
        self.gunicorn.spawn()
        self._finish(superuser)
        self.gunicorn.wait_until_serving()
        self.proxy = NginxProcess(
            f"127.0.0.1:{self.gunicorn.port}",
            static_root=self.work_dir / "static",
            media_root=self.work_dir / "media",
            log_path=self.work_dir / "nginx.log",
        )
        self.proxy.start()

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
        if self.gunicorn is not None:
            self.gunicorn.stop(timeout=20)
