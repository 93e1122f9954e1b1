"""gunicorn as deployed (config/gunicorn.py serving config.wsgi) on a free loopback port.

The one launcher behind every test that needs the real server (support/live.py, the cross-worker
cache tests, the browser tests) and behind the benchmark (bench/run.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from support import PROJECT_DIR, process_end
from support.postgres import free_port

# An access log line for an answer below 400: noise when looking for what went wrong.
_GOOD_ACCESS_LINE = re.compile(r'^\S+ - \S+ \[[^]]+\] "[^"]*" [123]\d\d ')


def http_status(url: str, *, timeout: float = 2) -> int | None:
    """The status of a GET of `url`, or None while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class GunicornProcess:
    """One gunicorn master and its workers, with `environ` as their whole environment.

    `start()` spawns it and waits until `/healthz` answers 200; `spawn()` and
    `wait_until_serving()` split the two for callers with other start-up work to overlap.
    Its output (and the access log, unless `extra_args` send it elsewhere) goes to `log_path`.
    """

    def __init__(
        self, environ: dict[str, str], log_path: Path, *, extra_args: Sequence[str] = ()
    ) -> None:
        self.environ = environ
        self.log_path = log_path
        self.extra_args = list(extra_args)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 30) -> None:
        self.spawn()
        self.wait_until_serving(timeout=timeout)

    def spawn(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application",
                   "--config", "config/gunicorn.py", "--bind", f"127.0.0.1:{self.port}",
                   *self.extra_args]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.environ, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_serving(self, *, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn exited with {code}:\n{self.log_tail()}")
            if http_status(f"{self.url}/healthz") == 200:
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of output, without the access log lines of good answers."""
        if not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join([line for line in text if not _GOOD_ACCESS_LINE.search(line)][-lines:])

    def worker_pids(self) -> list[int]:
        if self.process is None or self.process.poll() is not None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self, *, timeout: float = 30) -> None:
        """SIGTERM (a graceful shutdown), then SIGKILL if it takes longer than `timeout`."""
        process_end(self.process, timeout=timeout)
