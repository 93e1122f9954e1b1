"""The mixed workload: anonymous readers on the home page and posts while writers comment on older
posts and edit posts at a steady rate, against the same readers with no writes.

    .venv/bin/python -m bench.mixed                       # 1,000 posts, 20 writes/s, 3 rounds
    .venv/bin/python -m bench.mixed --rate 40 --seconds 20
    .venv/bin/python -m bench.mixed --redis              # the shared cache in Redis, as in compose

The benchmark's stack (bench/stack.py: three PostgreSQL servers, one per alias, seeded by
bench/seed.py, gunicorn with config/gunicorn.py, DEBUG=false, the default caching: the shared cache
in files, or with `--redis` in a redis-server on loopback, support/redis_process.py). Readers: wrk,
each request a GET of the home page (half of them) or of one of `--posts-read` public posts (the
newest ten, on the home page, and older ones). Writers: one process on the site's own code
(apps/blog/services.py), as the comment and post forms write; of every five writes, four are
comments on posts older than the home page's and one is an edit of a random public post (its title,
body and tags saved as a form saves them), at a higher priority than the server where the user may
raise it. Each round warms every page up, then loads the readers without writes and with them; the
table shows each condition's median and the ratio of reads under writes to reads without.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stack import PYTHON, ROOT, cpu_model, loadavg, log, stack_prepare, stack_teardown
from bench.wrk import ensure_wrk, wrk_parse
from support.gunicorn_process import GunicornProcess
from support.redis_process import RedisProcess

HOME_PAGE_POSTS = 10  # apps/blog/views.py POSTS_PER_PAGE
EDITS_EVERY = 5  # one write in five is an edit, the others comments
# Nice levels the writer takes above the readers' server where allowed (root), so that it keeps
# its rate on a machine the readers saturate.
WRITER_PRIORITY = 5

WRK_SCRIPT = """
paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def plan(*, posts_read: int) -> dict:
    """What readers read (the home page as often as all posts together) and what writers write
    to: public posts, the newest first."""
    from apps.blog.models import Post

    slugs = list(Post.objects.published().values_list("slug", flat=True))
    newest, older = slugs[:HOME_PAGE_POSTS], slugs[HOME_PAGE_POSTS:]
    rng = random.Random(22)
    read = newest + rng.sample(older, min(len(older), max(0, posts_read - len(newest))))
    posts = [f"/posts/{slug}/" for slug in read]
    return {"reader_paths": ["/"] * len(posts) + posts, "older_posts": older, "all_posts": slugs}


def write_steadily(*, rate: float, seconds: float, older: list[str], every: list[str]) -> dict:
    """`rate` writes a second for `seconds`, through the services the forms use."""
    from django.contrib.auth import get_user_model

    from apps.blog import services
    from apps.blog.models import Post

    with contextlib.suppress(PermissionError):
        os.nice(-WRITER_PRIORITY)
    rng = random.Random(2)
    commenter_ids = list(get_user_model().objects.values_list("pk", flat=True)[:200])
    done = {"comments": 0, "edits": 0}
    print("writing", flush=True)
    started = time.monotonic()
    count = 0
    while (now := time.monotonic()) < started + seconds:
        due = started + count / rate
        if due > now:
            time.sleep(due - now)
        if count % EDITS_EVERY == EDITS_EVERY - 1:
            post = Post.objects.get(slug=rng.choice(every))
            services.post_create_or_update(
                post=post,
                title=f"{post.title.rsplit(' (edit', 1)[0]} (edit {count})",
                body=post.body,
                status=post.status,
                published_at=post.published_at,
                tag_names=[tag.name for tag in post.tags.all()],
            )
            done["edits"] += 1
        else:
            post = Post.objects.get(slug=rng.choice(older))
            services.comment_create(
                post=post, author_id=rng.choice(commenter_ids), body=f"Comment {count}."
            )
            done["comments"] += 1
        count += 1
    elapsed = time.monotonic() - started
    return {**done, "seconds": round(elapsed, 2), "rate": round(count / elapsed, 2)}


def django_call(env: dict[str, str], *args: str) -> dict:
    """Run this module's `--plan` or `--write` in a process of its own with the site's settings."""
    output = subprocess.run([PYTHON, "-m", "bench.mixed", *args], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(output)


def workers_cpu_seconds(gunicorn: GunicornProcess) -> float:
    """CPU time the server's workers have used so far (user and system, from /proc)."""
    ticks = 0
    for pid in gunicorn.worker_pids():
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def readers_run(gunicorn: GunicornProcess, wrk: str, script: Path, *, seconds: float,
                connections: int) -> dict:  # fmt: skip
    """wrk's figures, and the server's CPU per request meanwhile (`cpu_ms`): the figure a machine
    busy with other work disturbs least."""
    command = [wrk, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
               "--timeout", "10s", "-s", str(script), gunicorn.url]  # fmt: skip
    cpu_before = workers_cpu_seconds(gunicorn)
    result = wrk_parse(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    cpu = workers_cpu_seconds(gunicorn) - cpu_before
    result["cpu_ms"] = cpu * 1000 / result["requests"] if result.get("requests") else 0.0
    return result


def with_writer(env: dict[str, str], work: Path, args, run) -> tuple[dict, dict]:
    """`run()` while a writer process writes; what each did."""
    writer = subprocess.Popen(
        [PYTHON, "-m", "bench.mixed", "--write", str(work / "plan.json"),
         "--rate", str(args.rate), "--seconds", str(args.seconds + 2)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        if writer.stdout.readline().strip() != "writing":
            raise RuntimeError("the writer did not start")
        result = run()
        output, _ = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    if writer.returncode:
        raise RuntimeError(f"the writer failed with {writer.returncode}")
    return result, json.loads(output)


def summary(results: list[dict]) -> dict:
    return {
        "rps": statistics.median(r.get("rps", 0.0) for r in results),
        "p50": statistics.median(r.get("p50", 0.0) for r in results),
        "p99": statistics.median(r.get("p99", 0.0) for r in results),
        "cpu_ms": statistics.median(r["cpu_ms"] for r in results),
        "errors": sum(r["errors"] for r in results),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20, help="writes per second")
    parser.add_argument("--seconds", type=float, default=15, help="seconds of load per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=10, help="seconds before each quiet run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--posts-read", type=int, default=50, help="posts readers read")
    parser.add_argument("--redis", action="store_true", help="the shared cache in Redis")
    parser.add_argument("--plan", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", metavar="PLAN", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.plan or args.write:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        if args.plan:
            print(json.dumps(plan(posts_read=args.posts_read)))
        else:
            targets = json.loads(Path(args.write).read_text())
            print(json.dumps(write_steadily(rate=args.rate, seconds=args.seconds,
                                            older=targets["older_posts"],
                                            every=targets["all_posts"])))  # fmt: skip
        return 0

    wrk = ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="quire-mixed-"))
    servers = []
    gunicorn: GunicornProcess | None = None
    redis: RedisProcess | None = None
    try:
        env, data = stack_prepare(workdir=work, posts=args.posts, servers=servers)
        if args.redis:
            redis = RedisProcess(work / "redis.log")
            redis.start()
            env["CACHE_URL"] = redis.url
        targets = django_call(env, "--plan", "--posts-read", str(args.posts_read))
        (work / "plan.json").write_text(json.dumps(targets))
        paths = ", ".join(json.dumps(path) for path in targets["reader_paths"])
        script = work / "readers.lua"
        script.write_text(WRK_SCRIPT % paths)
        gunicorn = GunicornProcess(env, work / "gunicorn.log")
        gunicorn.start()
        load = {"seconds": args.seconds, "connections": args.connections}
        quiet, busy, writes = [], [], []
        for round_number in range(1, args.rounds + 1):
            # Every worker renders the pages again after the writes of the round before.
            readers_run(gunicorn, wrk, script, seconds=args.warmup, connections=args.connections)
            quiet.append(readers_run(gunicorn, wrk, script, **load))
            log(f"round {round_number}, no writes: {quiet[-1].get('rps', 0):.0f} req/s, "
                f"p99 {quiet[-1].get('p99', 0):.1f} ms")  # fmt: skip
            result, written = with_writer(
                env, work, args, lambda: readers_run(gunicorn, wrk, script, **load)
            )
            busy.append(result)
            writes.append(written)
            log(f"round {round_number}, writes at {written['rate']}/s: "
                f"{result.get('rps', 0):.0f} req/s, p99 {result.get('p99', 0):.1f} ms")  # fmt: skip
        gunicorn.stop()

        without, under = summary(quiet), summary(busy)
        ratio = under["rps"] / without["rps"] if without["rps"] else 0.0
        cache = "Redis on loopback" if args.redis else "files"
        rates = ", ".join(f"{w['rate']:g}" for w in writes)
        print(f"\nQuire mixed workload, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
              f"{os.cpu_count()} cores, {cpu_model()}\n"
              f"data: {data['posts']:,} posts; readers: wrk, {args.connections} connections, "
              f"half on / and half on {args.posts_read} posts; writers: {args.rate:g} writes/s "
              f"(4 comments on older posts, 1 post edit in 5; achieved {rates}); {args.rounds} "
              f"rounds of {args.seconds:g} s each way; shared cache: {cache}; nice {os.nice(0)}; "
              f"load average after: "
              f"{loadavg()}\n")  # fmt: skip
        print("| readers | req/s | p50 ms | p99 ms | server CPU ms per request | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, row in (("no writes", without), (f"{args.rate:g} writes/s", under)):
            print(f"| {name} | {row['rps']:,.0f} | {row['p50']:.1f} | {row['p99']:.1f} "
                  f"| {row['cpu_ms']:.2f} | {row['errors']} |")  # fmt: skip
        cpu_ratio = without["cpu_ms"] / under["cpu_ms"] if under["cpu_ms"] else 0.0
        print(f"\nreads under writes / reads without: {ratio:.2f} in requests/s, {cpu_ratio:.2f} "
              f"in requests per CPU second (goal: at least 0.7)")  # fmt: skip
        return 1 if without["errors"] or under["errors"] else 0
    finally:
        if redis is not None:
            redis.destroy()
        stack_teardown(processes=[gunicorn], servers=servers, workdir=work)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
