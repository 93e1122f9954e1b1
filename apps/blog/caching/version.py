"""The content version and the tags' tokens, random tokens in the cache every process shares
(`default`: a file cache on one host, Redis across several).

Rendered pages and fragments live in each worker's own memory, where one worker cannot delete
what another holds; so each is stored with the tokens of the tags it depends on
(apps/blog/caching/dependencies.py), and a change replaces the tokens of the tags it touches.
The content version is replaced by every change too: while it stays the same, a worker knows
without asking that nothing it holds is stale, and it compares tokens only after it moved, each
tag's token read once per version however many entries name it. The version also carries the
WAL positions of the write that made it, so one read gives both. Why
tokens and not counters: if a shared entry is lost (evicted, the directory wiped), a new random
token is drawn, never an old number that could revive entries stored under it. A version drawn
that way carries the primaries' current WAL positions, since the change that made the lost one
may not have reached the replicas yet.

The shared cache is an accelerator, never a dependency: when it fails (Redis stopped or hung),
`content_version_get` raises `ContentVersionUnavailable` and callers serve uncached; the process
then leaves it alone for RETRY_SECONDS rather than pay a timeout on every request. The first
contact after a failure replaces every token and empties this process's memory, since a change
made meanwhile could not replace them.
"""

from __future__ import annotations

import functools
import logging
import secrets
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import caches
from django.db import connections

from apps.blog.caching.dependencies import EVERYTHING
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS
from apps.multidb.read_your_writes import committed_positions, current_positions, reads_must_see

logger = logging.getLogger(__name__)

PAGE_CACHE = "pages"  # per-process memory (memory.py)
VERSION_CACHE = "default"  # shared by every process, on one host or several
VERSION_KEY = "quire:content-version"

T = TypeVar("T")
# How long a process serves uncached after the shared cache failed, before it tries again.
RETRY_SECONDS = 5.0
# How often a change the shared cache missed is offered to it again.
MISSED_CHANGE_RETRY_SECONDS = 0.25
# When this process last failed to reach the shared cache (None: in touch); threads share it.
_failed_at: list[float | None] = [None]
_missed_change_lock = threading.Lock()
_missed_change_retry: list[threading.Thread | None] = [None]


class ContentVersionUnavailable(Exception):
    """The shared cache cannot be reached: serve and store nothing by version."""


def shared_cache_failure_forget() -> None:
    """Use the shared cache again at once (after a test pointed CACHES elsewhere)."""
    _failed_at[0] = None


def _shared(operation: Callable[..., T]) -> T:
    """`operation(shared_cache)`, or ContentVersionUnavailable, at once while a recent failure
    is being waited out."""
    failed_at = _failed_at[0]
    if failed_at is not None and time.monotonic() - failed_at < RETRY_SECONDS:
        raise ContentVersionUnavailable
    try:
        cache = caches[VERSION_CACHE]
        if failed_at is not None:
            _back_in_touch(cache)
        return operation(cache)
    except Exception as error:  # whatever the backend raises, the cache is unusable now
        if _failed_at[0] is None:
            logger.warning("Shared cache unreachable; serving uncached: %s", error)
        _failed_at[0] = time.monotonic()
        raise ContentVersionUnavailable from error


def _back_in_touch(cache) -> None:
    """After a failure: a change made meanwhile could not replace its tags' tokens, so replace
    every token. The version goes: the next reader draws it, with the positions of that change."""
    cache.set(_tag_key(EVERYTHING), _version_new(), timeout=TAG_SECONDS)
    cache.delete(VERSION_KEY)
    caches[PAGE_CACHE].clear()
    _failed_at[0] = None
    logger.warning("Shared cache reachable again; content version dropped, to be drawn anew")


def _missed_change_offer() -> None:
    """Replace the version as soon as the shared cache answers again, whether or not this
    process gets another request: every other process still holds pages from before the change."""
    with _missed_change_lock:
        thread = _missed_change_retry[0]
        if thread is None or not thread.is_alive():
            thread = threading.Thread(
                target=_missed_change_deliver, name="content-version-retry", daemon=True
            )
            _missed_change_retry[0] = thread
            thread.start()


def _missed_change_deliver() -> None:
    while True:
        time.sleep(MISSED_CHANGE_RETRY_SECONDS)
        if _failed_at[0] is None:  # a request got through first and replaced it
            return
        try:
            _back_in_touch(caches[VERSION_CACHE])
            return
        except Exception:  # still unreachable: try again shortly
            continue


def _version_new(positions: dict[str, int] | None = None) -> str:
    """A new random token; a content version also carries the WAL positions it was made at
    (`token@alias=position,...`), so that one read gives both."""
    token = secrets.token_hex(8)
    if not positions:
        return token
    return token + "@" + ",".join(f"{alias}={position}" for alias, position in positions.items())


@functools.lru_cache(maxsize=64)
def version_positions(version: str) -> dict[str, int]:
    """The WAL positions written into `version` (none without replicas)."""
    _, _, written = version.partition("@")
    pairs = (item.split("=") for item in written.split(",") if item)
    return {alias: int(position) for alias, position in pairs}


def content_version_get() -> str:
    """The current content version, drawn when there is none (first use, or lost);
    ContentVersionUnavailable if the shared cache cannot be reached, or a version cannot be
    drawn safely."""
    _writes_seen()
    version = _shared(lambda cache: cache.get(VERSION_KEY)) or _version_draw()
    if _tokens_read[0].version != version:
        _tokens_read[0] = _TokensRead(version)
    # Content rendered under this version must include the change that made it.
    reads_must_see(version_positions(version))
    return version


class VersionPositionsUnavailable(ContentVersionUnavailable):
    """A primary did not say its WAL position: no version is drawn, this request is served
    uncached (the shared cache itself is fine)."""


def _version_draw() -> str:
    """A new version in place of none (first use, or lost with the positions of the change that
    made it, which the replicas may not have replayed yet). It carries where each primary is now
    (one query each, paid only here), at or past every write committed so far; a write committed
    after the query replaces the version once committed, or, if that comes first, its version is
    the one `add` finds."""
    try:
        positions = current_positions()
    except DATABASE_UNAVAILABLE_ERRORS as error:
        logger.warning("No WAL positions for a new content version; serving uncached: %s", error)
        raise VersionPositionsUnavailable from error

    def add(cache) -> str:
        cache.add(VERSION_KEY, _version_new(positions), timeout=None)
        # Another process may have added its own first; everyone uses the stored one.
        return cache.get(VERSION_KEY) or _version_new(positions)

    return _shared(add)


def content_version_bump(
    *, using: str | None = None, tags: Collection[str] = (EVERYTHING,)
) -> None:
    """Replace the tokens of `tags` (by default: everything cached so far), in every process that
    shares them, and the version around them.

    After a committed write to `using`, the new version carries that primary's WAL position:
    whoever renders under it reads `using` from a replica only once the replica has replayed the
    write (apps/multidb), so nothing older than the change is ever kept with the new tokens.
    The version is replaced before the tokens and again after them: a renderer that saw a new
    token sees a new version (kept.py), and a worker that checked its entries under the first
    version checks them again under the second.
    """
    positions = {}
    if using is not None:
        try:
            positions = committed_positions(using)
        except DATABASE_UNAVAILABLE_ERRORS:  # readers then use replicas without a condition
            logger.warning("No WAL position for the content version", extra={"alias": using})

    def replace(cache) -> None:
        cache.set(VERSION_KEY, _version_new(positions), timeout=None)
        tokens = {_tag_key(tag): _version_new() for tag in tags}
        cache.set_many(tokens, timeout=TAG_SECONDS)
        cache.set(VERSION_KEY, _version_new(positions), timeout=None)

    try:
        _shared(replace)
    except ContentVersionUnavailable:
        logger.warning("Content version not replaced yet: the shared cache is unreachable")
        _missed_change_offer()


# A token lives this long unless replaced; one that is gone is drawn anew, which only makes
# what recorded the old one render again.
TAG_SECONDS = 86_400


def _tag_key(tag: str) -> str:
    return f"quire:tag:{tag}"


@dataclass
class _TokensRead:
    """Tokens this process read from the shared cache after it had read `version` there. While
    the shared version is still `version`, no change has replaced any of them: a change replaces
    the version before its tokens (and again after), so a request that read `version` may take
    them as read now. A new version read starts a new, empty record; a read under way keeps
    filling the record it began with, never the new one."""

    version: str
    tokens: dict[str, str] = field(default_factory=dict)


_tokens_read: list[_TokensRead] = [_TokensRead("")]
# Tags whose tokens are remembered under one version: more than any worker's pages name.
TOKENS_READ_MAX = 20_000


def tag_tokens_get(tags: Collection[str], *, version: str | None = None) -> dict[str, str]:
    """The current token of each of `tags`, one shared read; a tag without one (never changed,
    or lost) gets one. With the content `version` the caller read, tokens this process already
    read under that version are not read again. ContentVersionUnavailable if the shared cache
    cannot be reached."""
    _writes_seen()
    record = _tokens_read[0]
    known: dict[str, str] = {}
    if version is not None and record.version == version:
        known = {tag: record.tokens[tag] for tag in tags if tag in record.tokens}
        if len(known) == len(tags):
            return known
    else:
        record = None
    keys = {_tag_key(tag): tag for tag in tags if tag not in known}

    def read(cache) -> dict[str, str]:
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, _version_new(), timeout=TAG_SECONDS)
            # Another process may have added its token first; everyone uses the stored one.
            found.update(cache.get_many(missing))
        return {keys[key]: token for key, token in found.items()}

    tokens = _shared(read)
    if record is not None and len(record.tokens) < TOKENS_READ_MAX:
        record.tokens.update(tokens)
    return known | tokens


class _UnseenWrites(threading.local):
    """The tags changed by writes in this thread's open transactions since it last read the
    version or tokens: by alias, with the transaction's on-commit callback."""

    def __init__(self) -> None:
        self.tags: dict[str, tuple[Callable[[], None], set[str]]] = {}


_unseen = _UnseenWrites()


def writes_unseen(using: str, tags: Collection[str], *, at_commit: Callable[[], None]) -> None:
    """A write inside a transaction on `using` changed `tags`; `at_commit`, queued on it, replaces
    their tokens when it commits (invalidation.py). Before that only this thread can see the new
    rows, so they are replaced earlier only if it reads the version or tokens."""
    queued, unseen = _unseen.tags.get(using, (None, set()))
    if queued is not at_commit:  # a new transaction
        unseen = set()
    unseen.update(tags)
    _unseen.tags[using] = (at_commit, unseen)


def _writes_seen() -> None:
    """Before this thread reads the version or tokens: replace the tokens its uncommitted writes
    changed, so it never takes what was rendered before them as current."""
    if not _unseen.tags:
        return
    unseen, _unseen.tags = _unseen.tags, {}
    for using, (at_commit, tags) in unseen.items():
        # No longer queued: committed (which replaced them) or rolled back (nothing changed).
        if any(entry[1] is at_commit for entry in connections[using].run_on_commit):
            content_version_bump(using=using, tags=tags)
