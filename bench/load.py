"""The load test: 64 connections for a minute on the home page, a post page and the login page.

    .venv/bin/python -m bench.load                       # 64 connections, 60 s per page
    .venv/bin/python -m bench.load --seconds 10          # a quicker look
    .venv/bin/python -m bench.load --through-nginx       # nginx in front, as compose runs it

The benchmark's stack (bench/stack.py: gunicorn with config/gunicorn.py, DEBUG=false, collected
static files, the page cache as configured by default, two throwaway PostgreSQL servers seeded by
bench/seed.py). Passes only with zero socket errors, zero non-2xx/3xx answers from wrk and zero
5xx lines in gunicorn's (and nginx's) access log. Not part of `make test`: it needs a quiet
machine and minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from bench.stack import cpu_model, log, stack_prepare, stack_teardown
from bench.wrk import ensure_wrk, wrk_run
from support import PROJECT_DIR
from support.gunicorn_process import GunicornProcess
from support.nginx_process import NginxProcess

ACCESS_LOG_STATUS = re.compile(r'" (\d{3}) ')


def server_errors_in(access_log: Path) -> int:
    return sum(
        1
        for line in access_log.read_text(errors="replace").splitlines()
        if (match := ACCESS_LOG_STATUS.search(line)) and match.group(1).startswith("5")
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--through-nginx", action="store_true",
                        help="load nginx (config/nginx.conf) in front of gunicorn")  # fmt: skip
    args = parser.parse_args(argv)

    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="quire-load-"))
    servers = []
    gunicorn: GunicornProcess | None = None
    nginx: NginxProcess | None = None
    try:
        env, data = stack_prepare(workdir=workdir, posts=args.posts, servers=servers)
        access_logs = [workdir / "gunicorn.log"]
        proxies = "1" if args.through_nginx else "0"
        gunicorn = GunicornProcess(
            {**env, "LOG_LEVEL": "INFO", "TRUSTED_PROXY_COUNT": proxies}, access_logs[0]
        )
        gunicorn.start()
        url = gunicorn.url
        if args.through_nginx:
            access_logs.append(workdir / "nginx.log")
            static_root = Path(env.get("STATIC_ROOT") or PROJECT_DIR / "staticfiles")
            nginx = NginxProcess(gunicorn.url.removeprefix("http://"), static_root=static_root,
                                 media_root=workdir, log_path=access_logs[1])  # fmt: skip
            nginx.start()
            url = nginx.url
        pages = {"home": "/", "post": f"/posts/{data['post_slug']}/", "login": "/accounts/login/"}
        rows = []
        for name, path in pages.items():
            log(f"{name}: {args.connections} connections for {args.seconds} s")
            result = wrk_run(
                wrk,
                url + path,
                seconds=args.seconds,
                connections=args.connections,
                threads=2,
            )
            rows.append((name, path, result))
        if nginx is not None:
            nginx.stop()
        gunicorn.stop()
        server_errors = sum(server_errors_in(access_log) for access_log in access_logs)

        front = "nginx in front of gunicorn" if args.through_nginx else "gunicorn alone"
        print(f"\nQuire load test: {os.cpu_count()} cores, {cpu_model()}; {args.posts:,} posts; "
              f"{front}; {args.connections} connections, {args.seconds} s per page\n")  # fmt: skip
        print("| page | requests | req/s | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, path, r in rows:
            print(f"| {name} `{path}` | {r.get('requests', 0):,} | {r.get('rps', 0):,.0f} "
                  f"| {r.get('p50', 0):.1f} | {r.get('p99', 0):.1f} | {r['errors']} |")  # fmt: skip
        print(f"\nerrors: non-2xx/3xx answers and socket errors (wrk); 5xx lines in the "
              f"access logs: {server_errors}")  # fmt: skip
        failed = server_errors or any(r["errors"] or not r.get("requests") for _, _, r in rows)
        print("FAILED" if failed else "PASSED: zero errors, zero 5xx")
        return 1 if failed else 0
    finally:
        stack_teardown(processes=[nginx, gunicorn], servers=servers, workdir=workdir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
