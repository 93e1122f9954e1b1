"""A throwaway redis-server (Debian's package) on a free loopback port, in a temporary directory.

Like support/postgres.py for the databases: the shared cache the tests run against is a real
Redis. `pause()`/`resume()` (SIGSTOP/SIGCONT) make it hang with its port open, as an overloaded
server does; `stop()`/`start()` take it away and bring it back on the same port, empty.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from support import process_end
from support.postgres import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisProcess:
    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        self.directory: tempfile.TemporaryDirectory | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, timeout: float = 10) -> None:
        if self.directory is None:
            self.directory = tempfile.TemporaryDirectory(prefix="quire-redis-")
        command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port),
                   "--dir", self.directory.name, "--save", "", "--appendonly", "no"]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self._answers_ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start:\n{self.log_path.read_text()}")
            time.sleep(0.05)

    def _answers_ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()  # a stopped process would not act on SIGTERM
        process_end(self.process)
        self.process = None

    def destroy(self) -> None:
        self.stop()
        if self.directory is not None:
            self.directory.cleanup()
            self.directory = None
