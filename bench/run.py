"""The benchmark: the production configuration on its PostgreSQL servers, loaded page by page.

    .venv/bin/python -m bench.run                  # 1,000 posts
    .venv/bin/python -m bench.run --posts 100000   # the scale run

Starts three throwaway PostgreSQL servers (support/postgres.py, with production-like memory
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
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from config import gunicorn as gunicorn_config
from support.gunicorn_process import GunicornProcess, http_status
from support.postgres import FAST_TEST_SETTINGS, PostgresServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
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

# The wrk load for the cache-backend comparison (--compare-caches): each option is a pair of
# cache URLs, `default` (shared; holds the content version) and `pages` (the rendered pages).
CACHE_OPTIONS = {
    "locmem pages, version in file cache": ("filecache://{dir}/shared", "locmemcache://pages"),
    "locmem pages, version in database cache": ("dbcache://quire_cache", "locmemcache://pages"),
    "file cache for both (shared pages)": ("filecache://{dir}/shared", "filecache://{dir}/pages"),
    "database cache for both (shared pages)": ("dbcache://quire_cache", "dbcache://quire_pages"),
}


class BenchPostgresServer(PostgresServer):
    def start(self) -> None:
        options = " ".join(
            [f"-c port={self.port}", "-c listen_addresses=127.0.0.1",
             f"-c unix_socket_directories={self.directory}"]
            + [f"-c {setting}" for setting in FAST_TEST_SETTINGS + BENCH_PG_SETTINGS]
        )  # fmt: skip
        self._run(["pg_ctl", "-D", str(self.data_dir), "-l", str(self.directory / "server.log"),
                   "-o", options, "-w", "start"])  # fmt: skip


@dataclass
class Page:
    name: str
    path: str


@dataclass
class Measurement:
    page: Page
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    requests: int = 0
    queries: dict[str, int] = field(default_factory=dict)
    status: int = 0
    cache: str = ""
    ceiling: float = 0.0  # /healthz req/s measured just before this page
    ratio: float | None = None  # to the ceiling; over several rounds, the median of theirs


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing; installing the Debian package")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("bench: wrk is not installed (Debian: apt-get install -y wrk)")
    return wrk


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def vacuum_analyze(url: str) -> None:
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


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


def _duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk_parse(output: str) -> dict:
    result = {"errors": 0}
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif re.match(r"^(50|99)(\.0+)?%\s", line):
            percentile, value = line.split()
            result[f"p{percentile.split('.')[0].rstrip('%')}"] = _duration_ms(value)
        elif re.match(r"^\d+ requests in", line):
            result["requests"] = int(line.split()[0])
        elif line.startswith("Non-2xx or 3xx responses:"):
            result["errors"] += int(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            counts = re.findall(r"(connect|read|write|timeout) (\d+)", line)
            # wrk counts a read error for every connection closed at the end of the run.
            result["errors"] += sum(int(n) for kind, n in counts if kind != "read")
    return result


def wrk_run(
    wrk: str,
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    script: Path | None = None,
) -> dict:
    """`script`: a wrk Lua script that shapes each request (bench/visitors.lua)."""
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
               "--timeout", "10s", *(["-s", str(script)] if script else []), url]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return wrk_parse(output)


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


def median_of(runs: list[Measurement]) -> Measurement:
    """One row for several runs of a page: the median of each figure, the errors of them all."""
    runs = [run for run in runs if run.status == 200] or runs[:1]
    return replace(
        runs[0],
        requests_per_second=statistics.median(run.requests_per_second for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        ceiling=statistics.median(run.ceiling for run in runs),
        ratio=statistics.median(run.ratio for run in runs) if runs[0].ratio is not None else None,
        errors=sum(run.errors for run in runs),
        requests=sum(run.requests for run in runs),
    )


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


def table(title: str, measurements: list[Measurement], rss: list[float]) -> str:
    lines = [
        f"{title}",
        "",
        "| page | req/s | p50 ms | p99 ms | x healthz | queries default | queries blog_db "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        if m.status != 200:
            lines.append(f"| {m.page.name} `{m.page.path}` | answers {m.status} | | | | | | |")
            continue
        ratio = "-" if m.ratio is None else f"{m.ratio:.2f}"
        queries = [str(m.queries.get(alias, "-")) for alias in ("default", "blog_db")]
        lines.append(
            f"| {m.page.name} | {m.requests_per_second:,.0f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} "
            f"| {ratio} | {queries[0]} | {queries[1]} | {m.errors} |"
        )
    if rss:
        lines += ["", f"gunicorn workers: {len(rss)}, RSS per worker after the load: "
                  + ", ".join(f"{size:.0f} MB" for size in rss)]  # fmt: skip
    return "\n".join(lines)


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
