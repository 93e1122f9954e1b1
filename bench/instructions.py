"""Instructions per request of each reader page, cold: the render's cost in a unit that is the
same on every machine.

    .venv/bin/python -m bench.instructions --data DATA.json [--requests 50] [--pages home,post]

CPU time differs between machines, and on a virtual machine with the load: a process that
sleeps while PostgreSQL answers pays for waking up again, more on an idle machine than on a busy
one (bench/HISTORY.md, "Instructions per request"). Counted instructions repeat to a few parts in
a thousand, so two trees compare on any machine, and a figure measured on one machine converts to
another through a tree measured on both.

Runs the pages of `bench.cold` (caches off, what Django imported frozen first) in a child process
under callgrind (Debian's `valgrind`), which counts every instruction the process executes in
user space. The child calls `os.getppid()` between pages and callgrind writes its counts at each
call (`--dump-before=getppid`), so each page is counted alone, after two warm-up requests each.
System calls and the kernel's work are not in the counts: compare the queries per page too. Needs
the site's environment for kept servers, as `bench.cold measure` does; takes about a second per
request (callgrind runs the process some 50 times slower).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.cold import COLD, reader_pages

ROOT = Path(__file__).resolve().parent.parent


def child(pages: dict[str, str], requests: int) -> None:
    """Request each page `requests` times, calling getppid() before each page and at the end."""
    import gc

    import django

    django.setup()
    gc.freeze()  # as config/gunicorn.py's pre_fork
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in pages.values():
        client.get(path)
        client.get(path)
    for path in pages.values():
        os.getppid()
        for _ in range(requests):
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answers {response.status_code}")
    os.getppid()


def part_totals(directory: Path) -> list[int]:
    """The instructions of each part callgrind wrote, in order (part 1: start-up and warm-up)."""
    parts = sorted(directory.glob("callgrind.out.*"), key=lambda path: int(path.suffix[1:]))
    totals = []
    for part in parts:
        for line in part.read_text().splitlines():
            if line.startswith("totals:"):
                totals.append(int(line.split()[1]))
                break
    return totals


def measure(data: Path, pages: list[str] | None, requests: int) -> str:
    with tempfile.TemporaryDirectory(prefix="quire-instructions-") as work:
        command = [
            "valgrind", "--tool=callgrind", "--dump-before=getppid",
            f"--callgrind-out-file={work}/callgrind.out", f"--log-file={work}/valgrind.log",
            sys.executable, "-m", "bench.instructions", "--child", "--data", str(data),
            "--requests", str(requests), *(["--pages", ",".join(pages)] if pages else []),
        ]  # fmt: skip
        env = {**os.environ, **COLD, "PYTHONHASHSEED": "0"}
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        totals = part_totals(Path(work))
    names = list(selected_pages(data, pages))
    lines = ["| page | instructions per request (millions) |", "|---|---:|"]
    for name, total in zip(names, totals[1:], strict=False):
        lines.append(f"| {name} | {total / requests / 1e6:.3f} |")
    return "\n".join(lines)


def selected_pages(data: Path, names: list[str] | None) -> dict[str, str]:
    pages = reader_pages(json.loads(data.read_text()))
    return {name: pages[name] for name in names} if names else pages


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the seed's description")
    parser.add_argument("--requests", type=int, default=50, help="requests per page")
    parser.add_argument("--pages", help="comma-separated: home,post,author,tag,search")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    names = args.pages.split(",") if args.pages else None
    if args.child:
        child(selected_pages(args.data, names), args.requests)
    else:
        print(measure(args.data, names, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
