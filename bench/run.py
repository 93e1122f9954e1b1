"""The benchmark: the production configuration on its PostgreSQL servers, loaded page by page.

    .venv/bin/python -m bench.run                  # 1,000 posts
    .venv/bin/python -m bench.run --posts 100000   # the scale run

Starts three throwaway PostgreSQL servers (bench/stack.py, with production-like memory
settings; fsync stays off, as in the test suite: the benchmark reads, and durability is not what it
measures), runs `migrate_all`, seeds N posts (bench/seed.py), collects static files, then for each
mode (cold: nothing cached; uncached: content fragments only, as a signed-in reader gets; cached:
the page cache too) starts gunicorn with `config/gunicorn.py` and `DEBUG=false` on a loopback port
and loads every page with wrk (`--connections` connections, after a warm-up), `--rounds` times.
Prints one table per mode (requests/s, p50 and p99 latency, ratio to the `/healthz` ceiling of the
same gunicorn, queries per request per alias measured in-process, worker memory) and writes it to
bench/results/. Everything it started is stopped at the end, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.measurements import Measurement, Page, median_of, table
from bench.stack import PYTHON, ROOT, cpu_model, loadavg, log, manage, stack_prepare
from bench.wrk import ensure_wrk, wrk_run
from config import gunicorn as gunicorn_config
from support.gunicorn_process import GunicornProcess, http_status
from support.postgres import PostgresServer

RESULTS = ROOT / "bench" / "results"


# The wrk load for the cache-backend comparison (--compare-caches): each option is a pair of
# cache URLs, `default` (shared; holds the content version) and `pages` (the rendered pages).
CACHE_OPTIONS = {
    "locmem pages, version in file cache": ("filecache://{dir}/shared", "locmemcache://pages"),
    "locmem pages, version in database cache": ("dbcache://quire_cache", "locmemcache://pages"),
    "file cache for both (shared pages)": ("filecache://{dir}/shared", "filecache://{dir}/pages"),
    "database cache for both (shared pages)": ("dbcache://quire_cache", "dbcache://quire_pages"),
}


def worker_rss_mb(gunicorn: GunicornProcess) -> list[float]:
    sizes = []
    for pid in gunicorn.worker_pids():
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sizes


def queries_per_alias(env: dict[str, str], paths: list[str]) -> dict:
    output = subprocess.run(
        [PYTHON, "-m", "bench.queries", "--repeat", "2", *paths],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def load_pages(gunicorn: GunicornProcess, wrk: str, pages: list[Page], args) -> list[Measurement]:
    """Load each page `args.rounds` times, pages in turn; `/healthz` is loaded right before every
    other page, so each run's ratio compares it with the ceiling of the same moment (the machine
    may be shared). Each row holds the median of a page's runs; the healthz row, of all its runs.
    """
    health = Page("healthz", "/healthz")

    def measure(page: Page) -> Measurement:
        url = gunicorn.url + page.path
        measurement = Measurement(page, status=http_status(url, timeout=10) or 0)
        if measurement.status != 200:
            log(f"{page.name}: {page.path} answers {measurement.status}; not loaded")
            return measurement
        load = {"connections": args.connections, "threads": args.threads}
        wrk_run(wrk, url, seconds=args.warmup, **load)
        result = wrk_run(wrk, url, seconds=args.duration, **load)
        measurement.requests_per_second = result.get("rps", 0.0)
        measurement.p50_ms = result.get("p50", 0.0)
        measurement.p99_ms = result.get("p99", 0.0)
        measurement.errors = result["errors"]
        measurement.requests = result.get("requests", 0)
        log(
            f"{page.name}: {measurement.requests_per_second:.0f} req/s, "
            f"p50 {measurement.p50_ms:.1f} ms, p99 {measurement.p99_ms:.1f} ms"
        )
        return measurement

    ceilings: list[Measurement] = []
    runs: dict[str, list[Measurement]] = {page.name: [] for page in pages if page != health}
    for _ in range(args.rounds):
        for page in pages:
            if page == health:
                continue
            ceiling = measure(health)
            ceiling.ceiling, ceiling.ratio = ceiling.requests_per_second, 1.0
            measured = measure(page)
            measured.ceiling = ceiling.requests_per_second
            if measured.ceiling:
                measured.ratio = measured.requests_per_second / measured.ceiling
            ceilings.append(ceiling)
            runs[page.name].append(measured)
    return [median_of(ceilings)] + [median_of(page_runs) for page_runs in runs.values()]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per page")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of warm-up per page")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs per page; the table shows their median"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--modes",
        default="cold,uncached,cached",
        help="comma-separated: cold (no caching), uncached (no page cache), cached",
    )
    parser.add_argument(
        "--compare-caches",
        action="store_true",
        help="also load home and post pages with each cache backend option",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="leave the seeded servers running and print their environment",
    )
    args = parser.parse_args(argv)

    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="quire-bench-"))
    started = datetime.now(UTC)
    servers: list[PostgresServer] = []
    gunicorn: GunicornProcess | None = None
    report: list[str] = []
    kept = False
    try:
        env, data = stack_prepare(workdir=workdir, posts=args.posts, servers=servers)

        pages = [
            Page("healthz", "/healthz"),
            Page("home", "/"),
            Page("post", f"/posts/{data['post_slug']}/"),
            Page("author", f"/authors/{data['author_username']}/"),
            Page("tag", f"/tags/{data['tag_slug']}/"),
            Page("search", f"/search/?q={data['search_term']}"),
            Page("feed", "/feed/"),
        ]
        machine = f"{os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}"
        report.append(
            f"Quire benchmark, {started:%Y-%m-%d %H:%M} UTC, {machine}\n"
            f"data: {data['posts']:,} posts, {data['authors']:,} authors, {data['tags']} tags, "
            f"{data['comments']:,} comments (seeded in {data['seconds']} s); tag page: "
            f"{data['tag_posts']:,} posts; search: {data['search_term']!r}\n"
            f"server: gunicorn, {gunicorn_config.workers} workers x {gunicorn_config.threads} "
            f"threads (config/gunicorn.py)\n"
            f"load: wrk, {args.connections} connections, {args.threads} threads, "
            f"{args.duration:g} s per page after {args.warmup:g} s of warm-up, each page right "
            f"after a /healthz run of its own, {args.rounds} rounds (each figure: the median of "
            f"a page's runs; x healthz: the median of each run's ratio to its /healthz run; the "
            f"healthz row: the median of those); nice {os.nice(0)}; load average before: "
            f"{loadavg()}"
        )

        modes = {
            # Every request renders everything and runs every query.
            "cold": {"PAGE_CACHE_SECONDS": "0", "CONTENT_CACHE_SECONDS": "0"},
            # No page cache (what a signed-in reader always gets): each page is rendered for
            # its request, around content fragments cached per content version.
            "uncached": {"PAGE_CACHE_SECONDS": "0", "CONTENT_CACHE_SECONDS": "300"},
            "cached": {"PAGE_CACHE_SECONDS": "300", "CONTENT_CACHE_SECONDS": "300"},
        }
        for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
            mode_env = {**env, **modes[mode]}
            counts = queries_per_alias(mode_env, [page.path for page in pages])
            gunicorn = GunicornProcess(mode_env, workdir / f"gunicorn-{mode}.log")
            gunicorn.start()
            measurements = load_pages(gunicorn, wrk, pages, args)
            rss = worker_rss_mb(gunicorn)
            gunicorn.stop()
            for m in measurements:
                runs = counts.get(m.page.path, [])
                # The last request of the in-process pair: a cache hit when the cache is on.
                if runs:
                    m.queries = runs[-1]["queries"]
                    m.cache = runs[-1]["cache"]
            report.append(table(f"### {mode}", measurements, rss))
            print("\n" + report[-1] + "\n", flush=True)

        if args.compare_caches:
            compared = [pages[0], pages[1], pages[2]]
            lines = ["### page cache options (home, post)", "",
                     "| option | healthz req/s | home req/s | x | post req/s | x | home p99 ms |",
                     "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
            for option, (shared, pages_url) in CACHE_OPTIONS.items():
                option_env = {
                    **env,
                    "PAGE_CACHE_SECONDS": "300",
                    "CACHE_URL": shared.format(dir=workdir / "compare"),
                    "PAGE_CACHE_URL": pages_url.format(dir=workdir / "compare"),
                }
                manage(option_env, "createcachetable")  # for the database cache options
                gunicorn = GunicornProcess(option_env, workdir / "gunicorn-compare.log")
                gunicorn.start()
                health, home, post = load_pages(gunicorn, wrk, compared, args)
                gunicorn.stop()
                lines.append(
                    f"| {option} | {health.requests_per_second:,.0f} "
                    f"| {home.requests_per_second:,.0f} "
                    f"| {home.ratio or 0:.2f} "
                    f"| {post.requests_per_second:,.0f} "
                    f"| {post.ratio or 0:.2f} "
                    f"| {home.p99_ms:.1f} |"
                )
                shutil.rmtree(workdir / "compare", ignore_errors=True)
            report.append("\n".join(lines))
            print("\n" + report[-1] + "\n", flush=True)

        report.append(f"load average after: {loadavg()}")
        RESULTS.mkdir(exist_ok=True)
        result_path = RESULTS / f"{started:%Y%m%d-%H%M%S}-{args.posts}-posts.md"
        result_path.write_text("\n\n".join(report) + "\n")
        print("\n\n".join(report))
        log(f"written to {result_path.relative_to(ROOT)}")
        if args.keep:
            keys = ("DATABASE_URL", "BLOG_DATABASE_URL", "ANALYTICS_DATABASE_URL", "SECRET_KEY",
                    "DEBUG", "CACHE_URL")  # fmt: skip
            print("servers kept running; environment for bench.profile / bench.queries:")
            print(" ".join(f"{key}={env[key]}" for key in keys))
            print(
                f"stop with: {PYTHON} -m bench.stop {' '.join(str(s.directory) for s in servers)}"
            )
            servers = []
            kept = True
        return 0
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        for server in servers:
            server.destroy()
        if servers:
            log("PostgreSQL servers stopped and removed")
        if not kept:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
