"""Counted views waiting in a process's memory to be written, bounded.

Views are summed per post and day as they come, so the buffer grows with the number of posts read,
not with traffic; visitors are kept once per post, day and visitor. Past MAX_ENTRIES of either,
new entries are dropped (and counted in `dropped`): during a long analytics outage a process keeps
at most about 10 MB of them.
"""

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

MAX_ENTRIES = 50_000

PostDay = tuple[int, date]
PostDayVisitor = tuple[int, date, bytes]


@dataclass
class PendingViews:
    views: Counter[PostDay] = field(default_factory=Counter)
    visitors: set[PostDayVisitor] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.views or self.visitors)


class ViewBuffer:
    """Thread-safe; the lock is only ever held for a few dictionary operations."""

    def __init__(self, *, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._pending = PendingViews()
        self.dropped = 0

    def add(self, *, post_id: int, day: date, visitor: bytes) -> None:
        with self._lock:
            self._add(self._pending, (post_id, day), 1, visitor)

    def take(self) -> PendingViews:
        """Everything waiting, which the buffer forgets."""
        with self._lock:
            pending, self._pending = self._pending, PendingViews()
        return pending

    def give_back(self, pending: PendingViews) -> None:
        """Put back what could not be written, for the next attempt."""
        with self._lock:
            for key, views in pending.views.items():
                self._add(self._pending, key, views, None)
            for post_id, day, visitor in pending.visitors:
                self._add(self._pending, (post_id, day), 0, visitor)

    def size(self) -> int:
        with self._lock:
            return len(self._pending.views) + len(self._pending.visitors)

    def _add(self, pending: PendingViews, key: PostDay, views: int, visitor: bytes | None) -> None:
        if views:
            if key in pending.views or len(pending.views) < self.max_entries:
                pending.views[key] += views
            else:
                self.dropped += views
        if visitor is not None and len(pending.visitors) < self.max_entries:
            pending.visitors.add((*key, visitor))
