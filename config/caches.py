"""What config/settings.py adds to the caches CACHE_URL and PAGE_CACHE_URL name: timeouts for a
shared Redis, room and counting for a shared file cache, bounds for the per-worker page cache."""


def shared_cache(cache: dict) -> dict:
    """The `default` cache, shared by every worker, as Quire runs it."""
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # A dead or hung Redis costs a request at most this, once (apps/blog/caching/version.py):
        # no retries, short connect and read timeouts.
        cache.setdefault("OPTIONS", {}).update(
            socket_connect_timeout=0.25,
            socket_timeout=0.25,
            retry=Retry(NoBackoff(), 0),
        )
    if cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
        # Counted once a minute, never culled of the content version (apps/blog/caching/
        # shared_files.py); room for a token per tag of 100,000s of posts and authors (a file each,
        # 4 KiB on most file systems) where Django's default, 300, deleted tokens at every write.
        cache["BACKEND"] = "apps.blog.caching.shared_files.SharedFileCache"
        cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 500_000)
    return cache


def page_cache(cache: dict) -> dict:
    """The `pages` cache of each worker: at most 3,000 pages and fragments and 32 MiB per worker,
    whatever anonymous visitors request."""
    if cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
        cache["BACKEND"] = "apps.blog.caching.memory.ByteBoundedLocMemCache"
    cache.setdefault("OPTIONS", {}).update(MAX_ENTRIES=3000, MAX_BYTES=32 * 1024 * 1024)
    return cache
