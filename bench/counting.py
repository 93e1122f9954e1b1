"""What counting views costs: a cached post page's throughput with counting on and off, in one run.

    .venv/bin/python -m bench.counting                     # about 5 minutes
    nice -n -10 .venv/bin/python -m bench.counting --rounds 9   # on a machine shared with others

Starts the benchmark's three PostgreSQL servers (bench/stack.py), seeds N posts, then two gunicorns
at once with the production configuration and the page cache on, identical but for one thing:
`config.settings` counts views (apps/analytics/counting.py), `bench.settings_counting_off` leaves
its middleware out. Each round loads the post page on both, one after the other, the order
alternating, with wrk after a warm-up; every request comes from one of `--visitors` readers
(bench/visitors.lua: an address of its own through X-Forwarded-For, a browser's User-Agent), so
the counting side hashes and keeps visitors as on a busy day. The cost is 1 - on/off, the median
of each round's pair (two runs a few seconds apart see the same machine); its budget is 10%. The
workers' CPU time per request (/proc, their flush threads' included) is shown beside it: on a
machine shared with other work it moves far less than the throughput does.

Then the counting side is stopped (its workers write what they hold as they exit) and the views in
the analytics database are compared with the 200 answers its access log shows for the page: N in,
N out. Last, each side's CPU time per request in process (bench/request_cpu.py, best of 14
batches), the figure a busy machine disturbs least. Exits 1 when the cost is over budget, a view
is missing, or a request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from bench.stack import PYTHON, ROOT, loadavg, log, stack_prepare, stack_teardown
from bench.wrk import ensure_wrk, wrk_run
from support.gunicorn_process import GunicornProcess
from support.postgres import PostgresServer

BUDGET = 0.10
VISITORS_SCRIPT = Path(__file__).resolve().parent / "visitors.lua"
ON, OFF = "counting on", "counting off"


def views_written(analytics_url: str) -> tuple[int, int]:
    """Views and visitor-days in the analytics database."""
    with psycopg.connect(analytics_url.replace("postgres://", "postgresql://")) as connection:
        (views,) = connection.execute(
            "SELECT coalesce(sum(views), 0) FROM analytics_postviewsday"
        ).fetchone()
        (visitors,) = connection.execute("SELECT count(*) FROM analytics_postvisitorday").fetchone()
    return int(views), int(visitors)


def workers_cpu_seconds(gunicorn: GunicornProcess) -> float:
    """User and system CPU time its workers have used, their flush threads' included."""
    ticks = 0
    for pid in gunicorn.worker_pids():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def request_cpu_ms(env: dict[str, str], path: str, *, visitors: int) -> dict:
    """bench/request_cpu.py in a process of its own with `env`'s settings."""
    output = subprocess.run(
        [PYTHON, "-m", "bench.request_cpu", path, "--visitors", str(visitors)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def answered(log_path: Path, path: str) -> int:
    """The page's 200 answers in a gunicorn access log."""
    line = re.compile(rf'"GET {re.escape(path)} HTTP/1\.1" 200 ')
    return sum(1 for text in log_path.read_text().splitlines() if line.search(text))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--duration", type=float, default=8, help="seconds of load per run")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--visitors", type=int, default=10_000, help="distinct readers")
    args = parser.parse_args(argv)

    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="quire-bench-counting-"))
    servers: list[PostgresServer] = []
    sides: dict[str, GunicornProcess] = {}
    try:
        env, data = stack_prepare(workdir=workdir, posts=args.posts, servers=servers)
        env.update(
            PAGE_CACHE_SECONDS="300",
            CONTENT_CACHE_SECONDS="300",
            TRUSTED_PROXY_COUNT="1",  # the readers' addresses come in X-Forwarded-For
            BENCH_VISITORS=str(args.visitors),
        )
        envs = {ON: env, OFF: {**env, "DJANGO_SETTINGS_MODULE": "bench.settings_counting_off"}}
        sides = {
            side: GunicornProcess(envs[side], workdir / f"gunicorn-{side.split()[-1]}.log")
            for side in (ON, OFF)
        }
        for gunicorn in sides.values():
            gunicorn.spawn()
        for gunicorn in sides.values():
            gunicorn.wait_until_serving()
        path = f"/posts/{data['post_slug']}/"
        load = {"connections": args.connections, "threads": args.threads}
        runs: dict[str, list[dict]] = {ON: [], OFF: []}
        before = loadavg()
        for number in range(args.rounds):
            for side in (ON, OFF) if number % 2 == 0 else (OFF, ON):
                url = sides[side].url + path
                wrk_run(wrk, url, seconds=args.warmup, script=VISITORS_SCRIPT, **load)
                cpu = workers_cpu_seconds(sides[side])
                result = wrk_run(wrk, url, seconds=args.duration, script=VISITORS_SCRIPT, **load)
                cpu = workers_cpu_seconds(sides[side]) - cpu
                result["cpu_ms"] = 1000 * cpu / max(result.get("requests", 0), 1)
                runs[side].append(result)
                log(
                    f"round {number + 1}, {side}: {result.get('rps', 0):,.0f} req/s, "
                    f"{result['cpu_ms']:.2f} ms of CPU per request"
                )
        after = loadavg()
        sides[ON].stop()  # its workers write the views they hold as they exit
        in_views = answered(sides[ON].log_path, path)
        out_views, visitor_days = views_written(env["ANALYTICS_DATABASE_URL"])
        sides[OFF].stop()
        in_process = {ON: [], OFF: []}
        for side in (ON, OFF, OFF, ON):
            in_process[side].append(request_cpu_ms(envs[side], path, visitors=args.visitors))
        best = {side: min(run["best_ms"] for run in runs) for side, runs in in_process.items()}

        def median(side: str, key: str) -> float:
            return statistics.median(run.get(key, 0.0) for run in runs[side])

        pairs = [
            on.get("rps", 0.0) / off["rps"] if off.get("rps") else 0.0
            for on, off in zip(runs[ON], runs[OFF], strict=True)
        ]
        cost = 1 - statistics.median(pairs)  # a run that served nothing counts as a total loss
        cpu_cost = median(ON, "cpu_ms") / median(OFF, "cpu_ms") - 1
        errors = sum(run["errors"] for side in runs.values() for run in side)
        lines = [
            f"Counting's cost, cached post page, {data['posts']:,} posts, {args.rounds} rounds of "
            f"{args.duration:g} s (after {args.warmup:g} s of warm-up), wrk {args.connections} "
            f"connections, {args.visitors:,} readers; {os.cpu_count()} cores; load average "
            f"{before} before, {after} after",
            "",
            "| side | req/s | p50 ms | p99 ms | CPU ms per request | req/s of each round |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for side in (OFF, ON):
            each = ", ".join(f"{run.get('rps', 0):,.0f}" for run in runs[side])
            lines.append(
                f"| {side} | {median(side, 'rps'):,.0f} | {median(side, 'p50'):.1f} "
                f"| {median(side, 'p99'):.1f} | {median(side, 'cpu_ms'):.2f} | {each} |"
            )
        lines += [
            "",
            f"cost: {cost:.1%} (median of the rounds' on/off ratios: "
            + ", ".join(f"{pair:.3f}" for pair in pairs)
            + f"); budget {BUDGET:.0%}; CPU per request {cpu_cost:+.1%}",
            f"in process (bench/request_cpu.py), best batch of 2,000 requests in 14: "
            f"{best[OFF]:.3f} ms of CPU per request off, {best[ON]:.3f} ms on "
            f"({best[ON] / best[OFF] - 1:+.1%})",
            f"views: {in_views:,} answered with 200 by the counting side, {out_views:,} written "
            f"({visitor_days:,} visitor-days); errors: {errors}",
        ]
        print("\n".join(lines), flush=True)
        failed = cost >= BUDGET or in_views != out_views or errors
        return 1 if failed else 0
    finally:
        stack_teardown(processes=sides.values(), servers=servers, workdir=workdir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
