"""The per-process memory that holds pages and content fragments, bounded in bytes.

An entry budget alone lets a few thousand large pages take a gigabyte per worker; this keeps
Django's LocMemCache (least recently used entries go first) and adds a budget in bytes.
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# What an entry costs besides its pickled value and its key: the slots of the two dicts that
# hold it, its expiry time and the key string's header, rounded up.
ENTRY_OVERHEAD_BYTES = 300
DEFAULT_MAX_BYTES = 32 * 1024 * 1024

# Bytes held per cache name and per key; like LocMemCache's own storage, shared by every
# instance with the same name (one per thread) and guarded by the same lock.
_sizes: dict[str, dict[str, int]] = {}
_totals: dict[str, list[int]] = {}


class ByteBoundedLocMemCache(LocMemCache):
    """LocMemCache that also evicts its least recently used entries past `OPTIONS["MAX_BYTES"]`.

    An entry is counted as its pickled value, its key and a fixed overhead. A value larger than
    the whole budget is not stored.
    """

    def __init__(self, name: str, params: dict) -> None:
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._sizes = _sizes.setdefault(name, {})
        self._total = _totals.setdefault(name, [0])

    @property
    def bytes_used(self) -> int:
        return self._total[0]

    def __len__(self) -> int:
        return len(self._cache)

    def _set(self, key: str, value: bytes, timeout=DEFAULT_TIMEOUT) -> None:
        self._delete(key)
        size = len(value) + len(key) + ENTRY_OVERHEAD_BYTES
        if size > self.max_bytes:
            return
        while self._cache and self._total[0] + size > self.max_bytes:
            self._evict_least_recent()
        super()._set(key, value, timeout)
        self._sizes[key] = size
        self._total[0] += size

    def _evict_least_recent(self) -> None:
        key, _ = self._cache.popitem()  # the most recently used entry is first
        del self._expire_info[key]
        self._total[0] -= self._sizes.pop(key)

    def _cull(self) -> None:  # the entry budget is full: make room for one
        self._evict_least_recent()

    def _delete(self, key: str) -> bool:
        if not super()._delete(key):
            return False
        self._total[0] -= self._sizes.pop(key)
        return True

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()
            self._total[0] = 0
