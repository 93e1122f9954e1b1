"""The stack every benchmark runs on: three throwaway PostgreSQL servers with memory settings
closer to production's (support/postgres.py), migrated, with collected static files and seeded
posts (bench/seed.py), and the production environment gunicorn runs in; and what a benchmark's
report says of the machine it ran on.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg

from support.postgres import FAST_TEST_SETTINGS, PostgresServer

ROOT = Path(__file__).resolve().parent.parent


PYTHON = sys.executable


# Closer to a small production server than PostgreSQL's defaults (128 MB of shared buffers is
# enough for 1,000 posts but not for 100,000).
BENCH_PG_SETTINGS = [
    "shared_buffers=512MB",
    "effective_cache_size=2GB",
    "work_mem=16MB",
    "maintenance_work_mem=256MB",
    "max_connections=200",
    "random_page_cost=1.1",
]


class BenchPostgresServer(PostgresServer):
    def start(self) -> None:
        options = " ".join(
            [f"-c port={self.port}", "-c listen_addresses=127.0.0.1",
             f"-c unix_socket_directories={self.directory}"]
            + [f"-c {setting}" for setting in FAST_TEST_SETTINGS + BENCH_PG_SETTINGS]
        )  # fmt: skip
        self._run(["pg_ctl", "-D", str(self.data_dir), "-l", str(self.directory / "server.log"),
                   "-o", options, "-w", "start"])  # fmt: skip


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def vacuum_analyze(url: str) -> None:
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def stack_prepare(
    *, workdir: Path, posts: int, servers: list[PostgresServer]
) -> tuple[dict[str, str], dict]:
    """Three PostgreSQL servers, `default`, `blog_db` and `analytics` (appended to `servers`, for
    the caller to destroy), migrated, with collected static files and `posts` seeded posts.
    Returns the production environment for gunicorn and the seed's description of what to
    request."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_URL": f"filecache://{workdir}/cache",
        "LOG_LEVEL": "WARNING",
    }
    for name, variable in (
        ("benchdefault", "DATABASE_URL"),
        ("benchblog", "BLOG_DATABASE_URL"),
        ("benchanalytics", "ANALYTICS_DATABASE_URL"),
    ):
        server = BenchPostgresServer.create(name)
        servers.append(server)
        env[variable] = server.url
    log(
        f"PostgreSQL on ports {servers[0].port} (default), {servers[1].port} (blog_db) and "
        f"{servers[2].port} (analytics)"
    )
    manage(env, "migrate_all")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")
    log(f"seeding {posts} posts")
    describe = workdir / "data.json"
    subprocess.run([PYTHON, "-m", "bench.seed", "--posts", str(posts),
                    "--describe", str(describe)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    data = json.loads(describe.read_text())
    for server in servers:
        vacuum_analyze(server.url)
    return env, data


def stack_teardown(*, processes, servers: list[PostgresServer], workdir: Path) -> None:
    """Stop `processes` (gunicorn, nginx; None for one never started), destroy `servers` and
    remove `workdir`: how every benchmark ends, whether its run passed, failed or raised."""
    for process in processes:
        if process is not None:
            process.stop()
    for server in servers:
        server.destroy()
    shutil.rmtree(workdir, ignore_errors=True)


def loadavg() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"
