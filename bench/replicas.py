"""What read replicas cost and what they take off the primaries.

    .venv/bin/python -m bench.replicas [--posts 1000] [--requests 300] [--duration 10]

Seeds a pair of primaries (bench/stack.py), gives each a streaming replica, then measures
with every page rendered for its request (no page cache, no content fragments):
- in process: CPU time per request of the post page with the primaries only, with replicas for
  a client that wrote nothing, and with replicas for a client whose position cookie a replica has
  replayed (the read-your-writes check);
- under wrk against gunicorn: requests/s and latency with the primaries only and with replicas,
  and the share of transactions each replica served (pg_stat_database on every server, read
  after gunicorn has stopped so that every backend has reported).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench.stack import ROOT, loadavg, log, stack_prepare
from bench.wrk import ensure_wrk, wrk_run
from support.gunicorn_process import GunicornProcess
from support.postgres import PostgresServer

PYTHON = sys.executable
COLD = {"PAGE_CACHE_SECONDS": "0", "CONTENT_CACHE_SECONDS": "0"}

IN_PROCESS = """
import json, sys, time
import django
django.setup()
from django.core import signing
from django.db import connections
from django.test import Client
from apps.multidb.middleware import COOKIE_SALT, position_cookie
from apps.multidb.read_your_writes import primary_insert_position
from apps.multidb.replica_health import replica_monitor

path, requests, with_cookie = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "cookie"
client = Client(HTTP_HOST="127.0.0.1")
cookies = {}
if with_cookie:
    for alias in ("default", "blog_db"):
        name = position_cookie(alias)
        value = str(primary_insert_position(alias))
        cookies[name] = signing.get_cookie_signer(salt=name + COOKIE_SALT).sign(value)
replica_monitor.refresh()
time.sleep(0.5)  # the replicas replay the position read above
replica_monitor.refresh()
client.get(path)
cpu = time.process_time()
for _ in range(requests):
    client.cookies.load(cookies)  # each response deletes them: the replicas have caught up
    response = client.get(path)
cpu = time.process_time() - cpu
assert response.status_code == 200, response.status_code
print(json.dumps({"cpu_ms": cpu / requests * 1000}))
"""


def in_process_cpu_ms(env: dict[str, str], path: str, requests: int, *, cookie: bool) -> float:
    output = subprocess.run(
        [PYTHON, "-c", IN_PROCESS, path, str(requests), "cookie" if cookie else "none"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.splitlines()[-1])["cpu_ms"]


def transactions(url: str) -> int:
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        (count,) = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            "WHERE datname = current_database()"
        ).fetchone()
    return count


def load(env: dict[str, str], path: str, wrk: str, args, log_path: Path, urls: dict[str, str]):
    """wrk against gunicorn; the transactions each server ran meanwhile."""
    before = {name: transactions(url) for name, url in urls.items()}
    gunicorn = GunicornProcess(env, log_path)
    gunicorn.start()
    try:
        wrk_run(wrk, gunicorn.url + path, seconds=2, connections=args.connections, threads=2)
        result = wrk_run(wrk, gunicorn.url + path, seconds=args.duration,
                         connections=args.connections, threads=2)  # fmt: skip
    finally:
        gunicorn.stop()
    time.sleep(1)  # exited backends report their counts
    result["transactions"] = {name: transactions(url) - before[name] for name, url in urls.items()}
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300, help="in-process requests per case")
    parser.add_argument("--duration", type=float, default=10, help="seconds of wrk per case")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="quire-bench-replicas-"))
    servers: list[PostgresServer] = []
    try:
        env, data = stack_prepare(workdir=workdir, posts=args.posts, servers=servers)
        env = {**env, **COLD}
        default, blog = servers
        log("starting a streaming replica of each server")
        replicas = [default.create_replica("benchdefault_replica"),
                    blog.create_replica("benchblog_replica")]  # fmt: skip
        servers.extend(replicas)
        scratch = env["DATABASE_URL"].rsplit("/", 1)[1]
        with_replicas = {
            **env,
            "DATABASE_REPLICA_URLS": replicas[0].url.rsplit("/", 1)[0] + f"/{scratch}",
            "BLOG_DATABASE_REPLICA_URLS": replicas[1].url.rsplit("/", 1)[0] + f"/{scratch}",
        }
        path = f"/posts/{data['post_slug']}/"
        cpu = {
            "primaries only": in_process_cpu_ms(env, path, args.requests, cookie=False),
            "replicas, no cookie": in_process_cpu_ms(
                with_replicas, path, args.requests, cookie=False
            ),
            "replicas, caught-up cookie": in_process_cpu_ms(
                with_replicas, path, args.requests, cookie=True
            ),
        }
        urls = {
            "default": env["DATABASE_URL"], "blog_db": env["BLOG_DATABASE_URL"],
            "default_replica_1": with_replicas["DATABASE_REPLICA_URLS"],
            "blog_db_replica_1": with_replicas["BLOG_DATABASE_REPLICA_URLS"],
        }  # fmt: skip
        loads = {
            "primaries only": load(env, path, wrk, args, workdir / "primaries.log", urls),
            "replicas": load(with_replicas, path, wrk, args, workdir / "replicas.log", urls),
        }
        print(f"post page {path}, {data['posts']:,} posts, every page rendered for its request; "
              f"load average at the end {loadavg()}")  # fmt: skip
        print("in process, CPU per request (ms):")
        for case, ms in cpu.items():
            print(f"  {case:28} {ms:6.2f}")
        print(f"under wrk ({args.connections} connections, {args.duration:g} s):")
        for case, result in loads.items():
            counts = result["transactions"]
            served = ", ".join(f"{name} {count:,}" for name, count in counts.items())
            print(f"  {case:16} {result['rps']:7.1f} req/s  p50 {result['p50']:.1f} ms  "
                  f"p99 {result['p99']:.1f} ms  errors {result['errors']}  "
                  f"transactions: {served}")  # fmt: skip
            for primary in ("default", "blog_db"):
                replica = counts[f"{primary}_replica_1"]
                if replica + counts[primary]:
                    share = replica / (replica + counts[primary]) * 100
                    print(f"    reads of {primary} served by its replica: {share:.1f}%")
        return 0
    finally:
        for server in reversed(servers):
            server.destroy()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
