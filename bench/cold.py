"""Cold render: CPU time per request of each reader page with every cache off, in-process.

    .venv/bin/python -m bench.cold                    # 1,000 posts: seeds its own servers
    .venv/bin/python -m bench.cold --posts 100000     # the scale run (seeding: a few minutes)
    .venv/bin/python -m bench.cold measure --data DATA.json   # against servers already seeded

What the first reader after a change pays, measured as `time.process_time()` of this process
around Django's test client (no HTTP server, no wrk), which a busy machine disturbs far less
than wall time: page cache and content fragments off (`PAGE_CACHE_SECONDS=0`,
`CONTENT_CACHE_SECONDS=0`), so every request runs every query and renders every template.
Each round requests every page `--requests` times, pages in turn, after one warm-up request
each; the table shows the median of the rounds and their range, and the queries per alias of
one request. What Django imported is frozen out of the garbage collector's full passes first,
as gunicorn's master does before it forks the workers.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLD = {"PAGE_CACHE_SECONDS": "0", "CONTENT_CACHE_SECONDS": "0"}


def reader_pages(data: dict) -> dict[str, str]:
    """The benchmark's reader pages (bench/run.py) for the seeded data `data`."""
    return {
        "home": "/",
        "post": f"/posts/{data['post_slug']}/",
        "author": f"/authors/{data['author_username']}/",
        "tag": f"/tags/{data['tag_slug']}/",
        "search": f"/search/?q={data['search_term']}",
    }


def cpu_ms_per_request(client, path: str, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answers {response.status_code}")
    return (time.process_time() - started) / requests * 1000


def measure(pages: dict[str, str], *, requests: int, rounds: int) -> str:
    import django

    django.setup()
    gc.freeze()  # as config/gunicorn.py's pre_fork: served workers walk none of it
    from django.test import Client

    from bench.queries import measure as queries_measure

    client = Client(HTTP_HOST="127.0.0.1")
    for path in pages.values():
        client.get(path)  # connections, templates, compiled queries
    runs: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, path in pages.items():
            runs[name].append(cpu_ms_per_request(client, path, requests))
    queries = queries_measure(list(pages.values()), repeat=1, sql=False)
    lines = [
        "| page | CPU ms per request (median) | range | queries default | queries blog_db |",
        "|---|---:|---|---:|---:|",
    ]
    for name, path in pages.items():
        counts = queries[path][0]["queries"]
        lines.append(
            f"| {name} | {statistics.median(runs[name]):.2f} | {min(runs[name]):.2f}-"
            f"{max(runs[name]):.2f} | {counts.get('default', 0)} | {counts.get('blog_db', 0)} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=["seed", "measure"], default="seed")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=100, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", help="measure: the seed's description (bench/seed.py)")
    args = parser.parse_args(argv)
    if args.command == "measure":
        os.environ.update(COLD)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        pages = reader_pages(json.loads(Path(args.data).read_text()))
        print(measure(pages, requests=args.requests, rounds=args.rounds))
        return 0

    from bench.stack import log, stack_prepare
    from support.postgres import PostgresServer

    workdir = Path(tempfile.mkdtemp(prefix="quire-cold-"))
    servers: list[PostgresServer] = []
    try:
        env, data = stack_prepare(workdir=workdir, posts=args.posts, servers=servers)
        log(
            f"{data['posts']:,} posts, {data['authors']:,} authors, {data['tags']} tags, "
            f"{data['comments']:,} comments; tag page: {data['tag_posts']:,} posts; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        subprocess.run(
            [sys.executable, "-m", "bench.cold", "measure", "--data", str(workdir / "data.json"),
             "--requests", str(args.requests), "--rounds", str(args.rounds)],
            cwd=ROOT, env={**env, **COLD}, check=True,
        )  # fmt: skip
        log(f"load average after: {os.getloadavg()[0]:.1f}")
        return 0
    finally:
        for server in servers:
            server.destroy()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
