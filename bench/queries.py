"""Queries per request per alias, measured in-process with Django's test client.

    python -m bench.queries /path/ /other/ [--sql] [--repeat 2]

Prints JSON: for each path, the status, the size and the queries on each alias for every repeat
(with the page cache on, the second request of a page is a cache hit). Needs the same environment
as the site (DATABASE_URL, BLOG_DATABASE_URL, SECRET_KEY, ...). Benchmark tooling only: nothing in
the site's own code paths counts queries.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def measure(paths: list[str], *, repeat: int, sql: bool) -> dict:
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for path in paths:
        runs = []
        for _ in range(repeat):
            captures = {
                alias: CaptureQueriesContext(connections[alias]) for alias in settings.DATABASES
            }
            for capture in captures.values():
                capture.__enter__()
            try:
                response = client.get(path)
            finally:
                for capture in captures.values():
                    capture.__exit__(None, None, None)
            run = {
                "status": response.status_code,
                "bytes": len(response.content),
                "cache": response.get("X-Page-Cache", ""),
                "queries": {alias: len(capture) for alias, capture in captures.items()},
            }
            if sql:
                run["sql"] = {
                    alias: [query["sql"] for query in capture.captured_queries]
                    for alias, capture in captures.items()
                }
            runs.append(run)
        results[path] = runs
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--sql", action="store_true", help="include the SQL of every query")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(measure(args.paths, repeat=args.repeat, sql=args.sql), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
