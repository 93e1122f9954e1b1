"""The load test: 64 connections for a minute on the home page, a post page and the login page.

    .venv/bin/python -m bench.load                       # 64 connections, 60 s per page
    .venv/bin/python -m bench.load --seconds 10          # a quicker look

The production configuration (gunicorn with config/gunicorn.py, DEBUG=false, collected static
files, the page cache as configured by default) on two throwaway PostgreSQL servers seeded with
bench/seed.py. Passes only with zero socket errors, zero non-2xx/3xx answers from wrk and zero 5xx
lines in gunicorn's access log. Not part of `make test`: it needs a quiet machine and minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import (
    PYTHON,
    ROOT,
    BenchPostgresServer,
    Gunicorn,
    cpu_model,
    ensure_wrk,
    log,
    manage,
    vacuum_analyze,
)

ACCESS_LOG_STATUS = re.compile(r'" (\d{3}) ')


def wrk_totals(wrk: str, url: str, *, seconds: float, connections: int) -> dict:
    command = [wrk, "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s",
               url]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    totals = {"requests": 0, "non_2xx_3xx": 0, "socket_errors": 0, "rps": 0.0, "p99": "-"}
    for line in output.splitlines():
        line = line.strip()
        if re.match(r"^\d+ requests in", line):
            totals["requests"] = int(line.split()[0])
        elif line.startswith("Requests/sec:"):
            totals["rps"] = float(line.split()[1])
        elif line.startswith("99%"):
            totals["p99"] = line.split()[1]
        elif line.startswith("Non-2xx or 3xx responses:"):
            totals["non_2xx_3xx"] = int(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            counts = re.findall(r"(connect|read|write|timeout) (\d+)", line)
            # wrk counts a read error for every connection still open when the run ends.
            totals["socket_errors"] = sum(int(n) for kind, n in counts if kind != "read")
    return totals


def server_errors_in(access_log: Path) -> int:
    return sum(
        1
        for line in access_log.read_text(errors="replace").splitlines()
        if (match := ACCESS_LOG_STATUS.search(line)) and match.group(1).startswith("5")
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args(argv)

    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="quire-load-"))
    servers: list[BenchPostgresServer] = []
    gunicorn: Gunicorn | None = None
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "load-test-secret-key-not-for-production",
            "DEBUG": "false",
            "HTTPS_ONLY": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CACHE_URL": f"filecache://{workdir}/cache",
            "LOG_LEVEL": "WARNING",
        }
        for name, variable in (("loaddefault", "DATABASE_URL"), ("loadblog", "BLOG_DATABASE_URL")):
            server = BenchPostgresServer.create(name)
            servers.append(server)
            env[variable] = server.url
        manage(env, "migrate_all")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        describe = workdir / "data.json"
        subprocess.run([PYTHON, "-m", "bench.seed", "--posts", str(args.posts),
                        "--describe", str(describe)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        data = json.loads(describe.read_text())
        for server in servers:
            vacuum_analyze(server.url)

        access_log = workdir / "gunicorn.log"
        gunicorn = Gunicorn(env, access_log)
        gunicorn.start()
        pages = {
            "home": "/",
            "post": f"/posts/{data['post_slug']}/",
            "login": "/accounts/login/",
        }
        rows = []
        for name, path in pages.items():
            log(f"{name}: {args.connections} connections for {args.seconds:g} s")
            totals = wrk_totals(
                wrk, gunicorn.base_url + path, seconds=args.seconds, connections=args.connections
            )
            rows.append((name, path, totals))
        gunicorn.stop()
        server_errors = server_errors_in(access_log)

        print(f"\nQuire load test: {os.cpu_count()} cores, {cpu_model()}; {args.posts:,} posts; "
              f"{args.connections} connections, {args.seconds:g} s per page\n")  # fmt: skip
        print("| page | requests | req/s | p99 | non-2xx/3xx | socket errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, path, t in rows:
            print(f"| {name} `{path}` | {t['requests']:,} | {t['rps']:,.0f} | {t['p99']} "
                  f"| {t['non_2xx_3xx']} | {t['socket_errors']} |")  # fmt: skip
        print(f"\n5xx lines in gunicorn's access log: {server_errors}")
        failed = server_errors or any(
            t["non_2xx_3xx"] or t["socket_errors"] or not t["requests"] for _, _, t in rows
        )
        print("FAILED" if failed else "PASSED: zero errors, zero 5xx")
        return 1 if failed else 0
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        for server in servers:
            server.destroy()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
