"""The content version: a random token in the cache every process on the host shares.

Rendered pages and fragments live in each worker's own memory, where one worker cannot delete
what another holds; so everything is stored under the current version, and any change to what a
reader can see replaces it. Why a token and not a counter: if the shared entry is lost (evicted,
the directory wiped), a new random token is drawn, never an old number that could revive
entries stored under it.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.utils import timezone

from apps.blog.models import Post
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS
from apps.multidb.read_your_writes import committed_positions, reads_must_see

logger = logging.getLogger(__name__)

PAGE_CACHE = "pages"  # per-process memory (memory.py)
VERSION_CACHE = "default"  # shared by every process on the host
VERSION_KEY = "quire:content-version"

_MISSING = object()
# Far longer than any version lives; a version whose positions are gone reads replicas freely.
POSITIONS_SECONDS = 86_400


def _version_new() -> str:
    return secrets.token_hex(8)


def content_version_get() -> str:
    """The current content version, created on first use."""
    cache = caches[VERSION_CACHE]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _version_new(), timeout=None)
        # Another process may have added its token first; everyone uses the stored one.
        version = cache.get(VERSION_KEY) or _version_new()
    # Content rendered under this version must include the change that made it.
    reads_must_see(_version_positions(version))
    return version


def content_version_bump(*, using: str | None = None) -> None:
    """Make everything cached so far unreachable, in every process that shares the version.

    After a committed write to `using`, the new version carries that primary's WAL position:
    whoever renders under it reads `using` from a replica only once the replica has replayed the
    write (apps/multidb), so nothing older than the change is ever kept as the new version.
    """
    version = _version_new()
    positions = {}
    if using is not None:
        try:
            positions = committed_positions(using)
        except DATABASE_UNAVAILABLE_ERRORS:  # readers then use replicas without a condition
            logger.warning("No WAL position for the content version", extra={"alias": using})
    try:
        cache = caches[VERSION_CACHE]
        if positions:
            cache.set(_positions_key(version), positions, timeout=POSITIONS_SECONDS)
        cache.set(VERSION_KEY, version, timeout=None)
    except Exception:  # a cache failure must not fail the write that triggered it
        logger.exception("Could not replace the content version; cached pages may be stale")


def _positions_key(version: str) -> str:
    return f"quire:content-position:{version}"


def _version_positions(version: str) -> dict[str, int]:
    """The WAL positions `version` was made at, read from the shared cache once per process."""
    key = _positions_key(version)
    positions = caches[PAGE_CACHE].get(key, _MISSING)
    if positions is _MISSING:
        positions = caches[VERSION_CACHE].get(key) or {}
        caches[PAGE_CACHE].set(key, positions, POSITIONS_SECONDS)
    return positions


def _bump_pending(connection) -> bool:
    return any(
        getattr(entry[1], "func", None) is content_version_bump
        for entry in connection.run_on_commit
    )


def content_changed(*, using: str) -> None:
    """Replace the version now and, inside a transaction, once more when it commits.

    The bump after the commit is the one that matters: a request that read the new version before
    the commit could still render the old rows and store them under it. The immediate bump makes
    the change visible at once to the code that made it, also inside a transaction that never
    commits (the test suite's). One bump per transaction is queued, however many writes it holds.
    """
    content_version_bump(using=using)
    connection = connections[using]
    if connection.in_atomic_block and not _bump_pending(connection):
        connection.on_commit(partial(content_version_bump, using=using))


def content_expires_at(version: str) -> datetime | None:
    """When content cached under `version` must die: the next scheduled publication.

    Looked up once per content version in each worker (any change to posts replaces the version)
    and again once that moment has passed.
    """
    key = f"quire:next-publication:{version}"
    expires_at = caches[PAGE_CACHE].get(key, _MISSING)
    if expires_at is _MISSING or (expires_at is not None and expires_at <= timezone.now()):
        expires_at = Post.objects.next_publication_at()
        caches[PAGE_CACHE].set(key, expires_at, settings.CONTENT_CACHE_SECONDS)
    return expires_at


def seconds_until(expires_at: datetime | None, *, at_most: int) -> int:
    """`at_most` seconds, or fewer to end by `expires_at`; never negative."""
    if expires_at is not None:
        at_most = min(at_most, int((expires_at - timezone.now()).total_seconds()))
    return max(at_most, 0)


def content_cache_seconds(version: str) -> int:
    """How long content rendered now under `version` may be reused (0: not at all)."""
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return 0
    return seconds_until(content_expires_at(version), at_most=settings.CONTENT_CACHE_SECONDS)
