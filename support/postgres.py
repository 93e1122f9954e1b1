"""Throwaway PostgreSQL servers for the test suite.

Each server is its own cluster in a temporary directory, listening on a free loopback port. The
binaries refuse to run as root, so when the suite runs as root they run as the `postgres` user.
Tests that stop and start a server find it again through the environment (`from_environment`).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SERVER_USER = "postgres"
# Skip flushing to disk (nothing here must survive the machine), but keep synchronous_commit on:
# fault tests kill servers with `pg_ctl -m immediate`, and a commit must survive that crash.
FAST_TEST_SETTINGS = ["fsync=off", "full_page_writes=off"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


@dataclass
class PostgresServer:
    name: str
    directory: Path
    port: int

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/quire"

    def env_prefix(self) -> str:
        return f"QUIRE_TEST_PG_{self.name.upper()}"

    def export(self, environ: dict[str, str]) -> None:
        environ[f"{self.env_prefix()}_DIR"] = str(self.directory)
        environ[f"{self.env_prefix()}_PORT"] = str(self.port)

    @classmethod
    def from_environment(cls, name: str) -> PostgresServer | None:
        prefix = f"QUIRE_TEST_PG_{name.upper()}"
        if f"{prefix}_DIR" not in os.environ:
            return None
        return cls(name, Path(os.environ[f"{prefix}_DIR"]), int(os.environ[f"{prefix}_PORT"]))

    @classmethod
    def create(cls, name: str) -> PostgresServer:
        directory = Path(tempfile.mkdtemp(prefix=f"quire-pg-{name}-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(directory, user.pw_uid, user.pw_gid)
        server = cls(name, directory, free_port())
        server._run(["initdb", "-D", str(server.data_dir), "-U", "postgres", "--auth=trust",
                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        server.start()
        server._run(["createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                     "quire"])  # fmt: skip
        return server

    def _run(self, command: list[str]) -> None:
        subprocess.run(_as_server_user(command), check=True, capture_output=True, text=True)

    def start(self) -> None:
        options = " ".join(
            [f"-c port={self.port}", "-c listen_addresses=127.0.0.1",
             f"-c unix_socket_directories={self.directory}"]
            + [f"-c {setting}" for setting in FAST_TEST_SETTINGS]
        )  # fmt: skip
        self._run(["pg_ctl", "-D", str(self.data_dir), "-l", str(self.directory / "server.log"),
                   "-o", options, "-w", "start"])  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(["pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop"])

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop(mode="immediate")
        shutil.rmtree(self.directory, ignore_errors=True)
