"""What reading the content version costs per request: a file cache on the host against a Redis
round trip on loopback, through the site's own `content_version_get`.

    python -m bench.cache_version [--reads 5000] [--repeat 3]

Every anonymous page request reads the version once (apps/blog/caching/version.py); this prints
the best of `--repeat` runs of `--reads` reads, in microseconds per read, for each backend. Redis
is a real redis-server (support/redis_process.py) on a loopback port: a network hop to another
machine adds its own round trip on top.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def microseconds_per_read(reads: int, repeat: int) -> float:
    from apps.blog.caching.version import content_version_get

    content_version_get()  # created, connected
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(reads):
            content_version_get()
        best = min(best, time.perf_counter() - started)
    return best / reads * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django
    from django.test import override_settings

    from support.redis_process import RedisProcess

    django.setup()
    from django.conf import settings

    with tempfile.TemporaryDirectory(prefix="quire-bench-cache-") as directory:
        redis = RedisProcess(Path(directory) / "redis.log")
        redis.start()
        try:
            backends = {
                "file cache": {
                    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                    "LOCATION": str(Path(directory) / "file-cache"),
                },
                "Redis (loopback)": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": redis.url,
                    "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
                },
            }
            print(f"{'shared cache':<18} {'µs per version read':>20}")
            for name, backend in backends.items():
                with override_settings(CACHES={**settings.CACHES, "default": backend}):
                    cost = microseconds_per_read(args.reads, args.repeat)
                print(f"{name:<18} {cost:>20.1f}")
        finally:
            redis.destroy()


if __name__ == "__main__":
    main()
