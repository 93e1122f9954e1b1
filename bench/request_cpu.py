"""CPU time per request of one page, in this process, for many readers (bench/counting.py).

    DJANGO_SETTINGS_MODULE=config.settings python -m bench.request_cpu /posts/slug/ --batches 7

Django's side only (no HTTP server, no wrk): each batch requests the page `--requests` times, each
time from another of `--visitors` readers (an address in X-Forwarded-For, a browser's User-Agent,
as bench/visitors.lua draws them), and the process's CPU time is divided by the requests; a
background thread's work (the view counter's writes) is in it. Prints the best batch and every
batch as JSON: the best is the figure a busy machine disturbs least.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=2000, help="requests per batch")
    parser.add_argument("--batches", type=int, default=7)
    parser.add_argument("--visitors", type=int, default=10_000)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    readers = random.Random(0)

    def get() -> int:
        n = readers.randint(1, args.visitors)
        response = client.get(
            args.path,
            HTTP_X_FORWARDED_FOR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
            HTTP_USER_AGENT=AGENTS[n % len(AGENTS)],
        )
        return response.status_code

    if get() != 200:
        sys.exit(f"request_cpu: {args.path} does not answer 200")
    batches = []
    for _ in range(args.batches):
        started = time.process_time()
        for _ in range(args.requests):
            get()
        batches.append(1000 * (time.process_time() - started) / args.requests)
    print(json.dumps({"best_ms": min(batches), "batches_ms": batches}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
