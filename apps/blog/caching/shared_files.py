"""The shared cache of one host (`default` when CACHE_URL names no Redis): Django's file cache,
counted rarely and never culled of the content version.

Django's FileBasedCache lists its whole directory on every set() to count its entries, and past
MAX_ENTRIES (300 unless told) deletes a random third of them. The shared cache holds a token per
tag (dependencies.py: one per post shown, one per author page), so a site of a few hundred posts
goes past 300: every write then lists the directory and deletes tokens, and each token lost makes
every page and fragment that recorded it render again, in every worker; the content version
lost, every worker checks everything it holds again. At 100,000 posts, listing the directory on
every set() alone costs tens of milliseconds.

Here the directory is listed at most once every `CULL_EVERY_SECONDS` per process, the budget
(settings: `MAX_ENTRIES`) has room for every tag of a large site, and when it is exceeded a random
share of entries goes as before, but never the content version. Losing a token stays harmless
(version.py: a new one is drawn, which only renders again what recorded the old one).
"""

from __future__ import annotations

import math
import random
import time

from django.core.cache.backends.filebased import FileBasedCache

DEFAULT_CULL_EVERY_SECONDS = 60.0


class SharedFileCache(FileBasedCache):
    """FileBasedCache whose set() counts the directory at most every
    `OPTIONS["CULL_EVERY_SECONDS"]` (60) in each process, and whose culling spares the keys
    every reader needs (the content version)."""

    def __init__(self, dir: str, params: dict) -> None:
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self.cull_every_seconds = float(
            options.get("CULL_EVERY_SECONDS", DEFAULT_CULL_EVERY_SECONDS)
        )
        self._culled_at = -math.inf

    def _never_culled(self) -> set[str]:
        # Imported at the first cull, once the apps are loaded, not with this backend.
        from apps.blog.caching.version import VERSION_KEY

        return {self._key_to_file(VERSION_KEY)}

    def _cull(self) -> None:
        now = time.monotonic()
        if now - self._culled_at < self.cull_every_seconds:
            return
        self._culled_at = now
        filelist = self._list_cache_files()
        if len(filelist) < self._max_entries:
            return
        spared = self._never_culled()
        candidates = [name for name in filelist if name not in spared]
        count = len(filelist) // self._cull_frequency if self._cull_frequency else len(filelist)
        for name in random.sample(candidates, min(count, len(candidates))):
            self._delete(name)
