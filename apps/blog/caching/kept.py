"""How a page, fragment or value is kept in this worker's memory with what it depends on, and
found still current or not.

An entry holds its value, the tokens of its tags as they were before its data was read, and the
content version under which it was rendered (later: under which its tokens were last found
current). While the version stays the same nothing has changed anywhere and the entry is served
as it is; after the version moved, the
entry's tokens are compared with the shared ones (one read), and any that differs means it is
rendered again. The tags are those rendering declared (dependencies.py), found only once its
data has been read: so before rendering, the tokens of the tags it declared last time are read,
and a tag it declares for the first time is trusted only if no change began while it rendered.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches

from apps.blog.caching.dependencies import EVERYTHING, collecting, depends_on
from apps.blog.caching.version import (
    PAGE_CACHE,
    ContentVersionUnavailable,
    content_version_get,
    tag_tokens_get,
)

# How long what a key depended on is remembered: one render lives at most this long anyway.
DEPENDENCIES_SECONDS = 3600


@dataclass
class Kept:
    value: Any
    tokens: dict[str, str]
    rendered_under: str  # the content version read before its tokens
    dies_at: float  # time.time() at which it expires; also tells one entry from the next


# Key -> (the entry's `dies_at`, the content version under which its tokens were last found
# current), in this process: a page is not copied again in memory each time it is checked.
_checked: dict[str, tuple[float, str]] = {}
CHECKED_MAX = 20_000


@dataclass
class Rendering:
    """The outcome of `kept_render`: the tokens its value may be stored with, or None."""

    tokens: dict[str, str] | None = None
    version: str = ""
    tags: set[str] = field(default_factory=set)


def kept_fresh(key: str, version: str) -> Kept | None:
    """The entry at `key` if nothing it depends on has changed, else None. Its tags reach every
    unit being rendered around it."""
    cache = caches[PAGE_CACHE]
    kept = cache.get(key)
    if kept is None:
        return None
    if version != kept.rendered_under and _checked.get(key) != (kept.dies_at, version):
        try:
            if tag_tokens_get(kept.tokens, version=version) != kept.tokens:
                return None
        except ContentVersionUnavailable:
            return None
        if len(_checked) >= CHECKED_MAX:
            _checked.clear()
        _checked[key] = (kept.dies_at, version)
    depends_on(*kept.tokens)
    return kept


def _dependencies_key(key: str) -> str:
    return f"{key}:dependencies"


@contextlib.contextmanager
def kept_render(key: str, version: str | None = None) -> Iterator[Rendering]:
    """Render the value for `key` inside the block; afterwards `Rendering.tokens` are the tokens
    it may be stored with, or None when they cannot be known (a change began meanwhile, or the
    shared cache is unreachable). `version`: the content version the caller read, if any (tokens
    read under it are not read again)."""
    cache = caches[PAGE_CACHE]
    rendering = Rendering()
    try:
        before = tag_tokens_get(
            {EVERYTHING, *cache.get(_dependencies_key(key), ())}, version=version
        )
        # After the tokens: the version's WAL positions then cover every change they show.
        rendering.version = content_version_get()
    except ContentVersionUnavailable:
        before = None
    with collecting() as rendering.tags:
        yield rendering
    if before is None:
        return
    cache.set(_dependencies_key(key), rendering.tags, DEPENDENCIES_SECONDS)
    first_seen = rendering.tags - before.keys()
    try:
        if first_seen:
            before.update(tag_tokens_get(first_seen, version=rendering.version))
            if content_version_get() != rendering.version:
                return
    except ContentVersionUnavailable:
        return
    if rendering.tags <= before.keys():
        rendering.tokens = {tag: before[tag] for tag in rendering.tags}


def kept_store(key: str, value: Any, rendering: Rendering, *, seconds: int) -> None:
    """Keep `value` for up to `seconds` if `rendering` knows what it depends on."""
    if seconds <= 0 or rendering.tokens is None:
        return
    kept = Kept(value, rendering.tokens, rendering.version, time.time() + seconds)
    caches[PAGE_CACHE].set(key, kept, seconds)
