"""Profiles behind the optimisations: where a page's time goes, in Python and in PostgreSQL.

    python -m bench.profile cprofile /path/ [--requests 200] [--limit 30]
    python -m bench.profile time /path/ /other/ [--requests 100]
    python -m bench.profile explain /path/
    python -m bench.profile gc /path/ /other/ [--requests 2000] [--freeze]

`cprofile` renders the page in-process `--requests` times under cProfile (after one warm-up
request) and prints the functions with the most cumulative time. `explain` captures every query
the page issues on each alias and prints `EXPLAIN (ANALYZE, BUFFERS)` for each SELECT. `gc`
renders the pages in turn and records every garbage collection's pause; `--freeze` first moves
everything Django imported out of the collector's reach, as config/gunicorn.py does before it
forks the workers. All need the site's environment; `python -m bench.run --keep` prints it for
a seeded pair of servers.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def profile_requests(path: str, *, requests: int, limit: int) -> str:
    client = _client()
    client.get(path)  # warm-up: connections, template and URL caches
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        response = client.get(path)
    profiler.disable()
    elapsed = time.perf_counter() - started
    out = io.StringIO()
    out.write(
        f"{path}: status {response.status_code}, {requests} requests, "
        f"{elapsed / requests * 1000:.2f} ms per request under the profiler\n"
    )
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def time_requests(paths: list[str], *, requests: int) -> str:
    """Wall and CPU time per request of this process (Django's side only, no HTTP server).

    CPU time is what a busy, shared machine disturbs least, so it is the figure to compare
    optimisations by; the database's own work shows in the wall time only.
    """
    client = _client()
    lines = []
    for path in paths:
        client.get(path)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            response = client.get(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        lines.append(
            f"{path}: status {response.status_code}, {len(response.content)} bytes, "
            f"{wall / requests * 1000:.2f} ms wall, {cpu / requests * 1000:.2f} ms CPU per request"
        )
    return "\n".join(lines)


def explain(path: str) -> str:
    from django.conf import settings
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    client = _client()
    client.get(path)
    captures = {alias: CaptureQueriesContext(connections[alias]) for alias in settings.DATABASES}
    for capture in captures.values():
        capture.__enter__()
    try:
        client.get(path)
    finally:
        for capture in captures.values():
            capture.__exit__(None, None, None)
    out = io.StringIO()
    for alias, capture in captures.items():
        for query in capture.captured_queries:
            sql = query["sql"]
            out.write(f"--- {alias} ({query['time']} s): {sql}\n")
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connections[alias].cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                out.write("\n".join(row[0] for row in cursor.fetchall()) + "\n")
    return out.getvalue()


def collection_pauses(paths: list[str], *, requests: int) -> str:
    """Garbage collections while rendering `paths` in turn: how many, and how long they paused."""
    client = _client()
    for path in paths:
        client.get(path)
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    started: list[float] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        else:
            pauses[info["generation"]].append((time.perf_counter() - started.pop()) * 1000)

    gc.callbacks.append(record)
    wall = time.perf_counter()
    try:
        for number in range(requests):
            client.get(paths[number % len(paths)])
    finally:
        gc.callbacks.remove(record)
    wall = time.perf_counter() - wall
    lines = [
        f"{requests} requests, {wall / requests * 1000:.2f} ms each; objects the collector "
        f"tracks: {len(gc.get_objects()):,} (frozen: {gc.get_freeze_count():,})"
    ]
    for generation, times in pauses.items():
        if times:
            lines.append(
                f"generation {generation}: {len(times)} collections, {sum(times):.1f} ms in all, "
                f"longest {max(times):.2f} ms"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    profile = commands.add_parser("cprofile")
    profile.add_argument("path")
    profile.add_argument("--requests", type=int, default=200)
    profile.add_argument("--limit", type=int, default=30)
    timing = commands.add_parser("time")
    timing.add_argument("paths", nargs="+")
    timing.add_argument("--requests", type=int, default=100)
    plan = commands.add_parser("explain")
    plan.add_argument("path")
    collections = commands.add_parser("gc")
    collections.add_argument("paths", nargs="+")
    collections.add_argument("--requests", type=int, default=2000)
    collections.add_argument("--freeze", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if args.command == "gc" and args.freeze:
        from config.wsgi import application  # noqa: F401  (what gunicorn's master preloads)

        gc.freeze()
    if args.command == "cprofile":
        print(profile_requests(args.path, requests=args.requests, limit=args.limit))
    elif args.command == "time":
        print(time_requests(args.paths, requests=args.requests))
    elif args.command == "gc":
        print(collection_pauses(args.paths, requests=args.requests))
    else:
        print(explain(args.path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
