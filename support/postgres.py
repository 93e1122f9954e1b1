"""Throwaway PostgreSQL servers for the test suite.

Each server is its own cluster in a temporary directory, listening on a free loopback port. The
binaries refuse to run as root, so when the suite runs as root they run as the `postgres` user.
Tests that stop and start a server find it again through the environment (`from_environment`).

A primary can have streaming replicas (`create_replica`): `pg_basebackup -R` copies it into a
new cluster that follows it on a port of its own; pausing replay (`replay_pause`) makes it lag.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
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


def _server_directory(name: str) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=f"quire-pg-{name}-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        os.chown(directory, user.pw_uid, user.pw_gid)
    return directory


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
        server = cls(name, _server_directory(name), free_port())
        server._run(["initdb", "-D", str(server.data_dir), "-U", "postgres", "--auth=trust",
                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        server.start()
        server._run(["createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                     "quire"])  # fmt: skip
        return server

    def create_replica(self, name: str) -> PostgresServer:
        """A streaming replica of this server, started and connected to it.

        initdb's pg_hba.conf lets 127.0.0.1 connect for replication, and the default wal_level
        (replica) and max_wal_senders (10) are what streaming needs.
        """
        # Its own class: a hot standby needs max_connections and the like as high as its primary.
        replica = type(self)(name, _server_directory(name), free_port())
        replica.follow(self)
        return replica

    def follow(self, primary: PostgresServer) -> None:
        """Become a fresh streaming replica of `primary` (a base backup into an empty data
        directory), started and streaming."""
        self._run(["pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                   "-D", str(self.data_dir), "-R", "-X", "stream", "-c", "fast",
                   "--no-sync"])  # fmt: skip
        self.start()
        self.wait_until_streaming()

    def promote(self) -> None:
        """Turn this replica into a primary of its own, as a failover does."""
        self._run(["pg_ctl", "-D", str(self.data_dir), "-w", "promote"])

    def rebuild_replica_of(self, primary: PostgresServer) -> None:
        """After a promotion or a test that broke it: stop, wipe and follow `primary` again."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop(mode="immediate")
        shutil.rmtree(self.data_dir)
        self.follow(primary)

    def sql(self, statement: str, *, database: str = "postgres") -> str:
        """One statement through psql; its first value as text (empty when it returns none)."""
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
             "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return result.stdout.strip()

    def wait_until_streaming(self, timeout: float = 30) -> None:
        """Until this replica's WAL receiver is connected to its primary."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(subprocess.CalledProcessError):
                if self.sql("SELECT status FROM pg_stat_wal_receiver") == "streaming":
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"replica {self.name} is not streaming after {timeout} s")
            time.sleep(0.1)

    def log_statements(self, enabled: bool) -> None:
        """Write every statement the server runs to its log (`server_log()`), or stop."""
        self.sql("ALTER SYSTEM SET log_statement = 'all'" if enabled
                 else "ALTER SYSTEM RESET log_statement")  # fmt: skip
        self.sql("SELECT pg_reload_conf()")
        wanted = "all" if enabled else "none"
        deadline = time.monotonic() + 10
        while self.sql("SHOW log_statement") != wanted and time.monotonic() < deadline:
            time.sleep(0.05)

    def server_log(self) -> str:
        return (self.directory / "server.log").read_text(errors="replace")

    def replay_pause(self) -> None:
        """Stop applying the WAL this replica receives: it falls behind its primary."""
        self.sql("SELECT pg_wal_replay_pause()")

    def replay_resume(self) -> None:
        self.sql("SELECT pg_wal_replay_resume()")

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
