"""How long content rendered now may live: never past the next scheduled publication, which
changes what the lists show without any write to replace their tokens (version.py)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from apps.blog.caching.dependencies import EVERYTHING, LISTS
from apps.blog.caching.version import PAGE_CACHE, ContentVersionUnavailable, tag_tokens_get
from apps.blog.models import Post

NEXT_PUBLICATION_KEY = "quire:next-publication"
# A change to which posts are public replaces one of these.
_PUBLICATION_TAGS = (EVERYTHING, LISTS)


def content_expires_at(version: str) -> datetime | None:
    """When content rendered now must die: the next scheduled publication.

    Looked up again in each worker when a change replaced the `lists` token, and once that
    moment has passed; the token is compared once per content version. While the shared cache
    is unreachable, now (nothing is kept).
    """
    cache = caches[PAGE_CACHE]
    now = timezone.now()
    memo = cache.get(NEXT_PUBLICATION_KEY)
    try:
        if memo is not None:
            expires_at, tokens, checked_under = memo
            if expires_at is None or expires_at > now:
                if checked_under == version:
                    return expires_at
                if tag_tokens_get(_PUBLICATION_TAGS, version=version) == tokens:
                    cache.set(NEXT_PUBLICATION_KEY, (expires_at, tokens, version),
                              settings.CONTENT_CACHE_SECONDS)  # fmt: skip
                    return expires_at
        tokens = tag_tokens_get(_PUBLICATION_TAGS, version=version)  # before the query
    except ContentVersionUnavailable:
        return now
    expires_at = Post.objects.next_publication_at()
    cache.set(NEXT_PUBLICATION_KEY, (expires_at, tokens, version), settings.CONTENT_CACHE_SECONDS)
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
