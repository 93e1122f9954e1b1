"""Whole-page caching for anonymous readers, invalidated in every gunicorn worker at once.

Rendered pages live in each worker's own memory (the `pages` cache, a LocMemCache): the fastest
place to read them from, but one worker cannot delete what another holds. So every page is stored
under a *content version*, a random token kept in the `default` cache, which every process on the
host shares (a FileBasedCache directory; a memcached or Redis URL for several hosts). Any change to
what a reader can see (a post, tag or comment saved or deleted, an author's public profile edited)
replaces the token; the next request in every worker reads the new token, misses, and renders
fresh. Pages stored under an old token are never read again and age out of memory.

Why a token and not a counter: if the shared entry is lost (evicted, the directory wiped), a new
random token is drawn, never an old number that could revive pages cached under it.

Only anonymous GET/HEAD requests are served from or stored in the cache: a request that carries a
session or a messages cookie always reaches the view, and a response that sets a cookie or used a
CSRF token is never stored.

Below whole pages, *content fragments* serve every reader, signed in or not: the parts of a page
that are the same for everyone (a list's cards and its total, a post's article and head tags, a
comment thread as one viewer sees it) are rendered once per content version with Django's
`{% cache %}` tag (`ContentFragments` gives it the version and the lifetime), and the queries
behind them run only when a fragment is missing. What differs per viewer (navigation, forms, edit
buttons) is rendered on every request. README "Performance" records the figures behind this design.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property

from apps.blog.models import Comment, Post, Tag
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

logger = logging.getLogger(__name__)
T = TypeVar("T")

PAGE_CACHE = "pages"  # per-process memory
VERSION_CACHE = "default"  # shared by every process on the host
VERSION_KEY = "quire:content-version"
CACHE_STATUS_HEADER = "X-Page-Cache"

# User fields that appear on public pages; saving only other fields (a login updates
# `last_login`) must not empty every worker's cache.
PUBLIC_USER_FIELDS = frozenset({"username", "display_name", "bio", "is_active"})


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
    return version


def content_version_bump() -> None:
    """Make every page cached so far unreachable, in every process that shares the version."""
    try:
        caches[VERSION_CACHE].set(VERSION_KEY, _version_new(), timeout=None)
    except Exception:  # a cache failure must not fail the write that triggered it
        logger.exception("Could not replace the content version; cached pages may be stale")


def content_changed(*, using: str) -> None:
    """Invalidate cached pages now and again once the surrounding transaction commits.

    The bump after the commit is the one that matters: a request that read the new version before
    the commit could still render the old rows and store them under it. The immediate bump makes
    the change visible at once to the code that made it, also inside a transaction that never
    commits (the test suite's).
    """
    content_version_bump()
    transaction.on_commit(content_version_bump, using=using)


def _next_publication_at() -> datetime | None:
    """When the next scheduled post becomes public; pages must not outlive that moment."""
    return (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


_MISSING = object()


def content_expires_at(version: str) -> datetime | None:
    """When content cached under `version` must die: the next scheduled publication.

    Read once per content version in each worker (any change to posts replaces the version) and
    again once that moment has passed.
    """
    key = f"quire:next-publication:{version}"
    expires_at = caches[PAGE_CACHE].get(key, _MISSING)
    if expires_at is _MISSING or (expires_at is not None and expires_at <= timezone.now()):
        expires_at = _next_publication_at()
        caches[PAGE_CACHE].set(key, expires_at, settings.CONTENT_CACHE_SECONDS)
    return expires_at


def content_cache_seconds(version: str) -> int:
    """How long content rendered now under `version` may be reused (0: not at all)."""
    seconds = settings.CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return 0
    expires_at = content_expires_at(version)
    if expires_at is not None:
        seconds = min(seconds, int((expires_at - timezone.now()).total_seconds()))
    return max(seconds, 0)


class ContentFragments:
    """The `{% cache %}` arguments for content fragments, read only if a template uses them.

    {% cache content_cache.seconds post_list content_cache.version ... using="pages" %}
    """

    cache_alias = PAGE_CACHE

    @cached_property
    def version(self) -> str:
        return content_version_get()

    @cached_property
    def seconds(self) -> int:
        return content_cache_seconds(self.version)


def _request_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    # Anyone with a session may be signed in (or have messages waiting in it); deciding that
    # would cost a query on `default`, so such requests simply bypass the cache.
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _response_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page holds a CSRF token (a form): it belongs to this visitor only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _page_key(request: HttpRequest, version: str) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"quire:page:{version}:{hashlib.md5(url.encode()).hexdigest()}"


def _page_store(key: str, response: HttpResponse, *, expires_at: datetime | None) -> None:
    timeout = settings.PAGE_CACHE_SECONDS
    if expires_at is not None:
        timeout = min(timeout, int((expires_at - timezone.now()).total_seconds()))
    if timeout <= 0:
        return
    headers = [(name, value) for name, value in response.items() if name != CACHE_STATUS_HEADER]
    caches[PAGE_CACHE].set(key, (response.content, headers), timeout)


def _response_from_cache(cached: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    content, headers = cached
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[CACHE_STATUS_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Answer anonymous readers from the page cache before sessions, CSRF, auth and the view.

    Sits right after the health probes: a hit costs a read of the shared version and one of this
    worker's memory, nothing else. Only pages whose view opted in with `cache_anonymous_page` are
    ever stored, and they are stored as the inner middleware left them (X-Frame-Options, Vary,
    no cookie), so a hit is the same response a miss gave.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_cacheable(request):
            return self.get_response(request)
        try:
            version = content_version_get()
        except OSError:  # the shared cache is unreadable: serve uncached rather than fail
            logger.exception("Content version unreadable; serving without the page cache")
            return self.get_response(request)
        key = _page_key(request, version)
        cached = caches[PAGE_CACHE].get(key)
        if cached is not None:
            return _response_from_cache(cached)
        request.page_cache_key = key
        response = self.get_response(request)
        if getattr(request, "page_cache_opted_in", False) and _response_cacheable(
            request, response
        ):
            _page_store(key, response, expires_at=request.page_cache_expires_at)
        return response


def cache_anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let PageCacheMiddleware store `view`'s pages for anonymous readers.

    Apply it in the URLconf (`path("", cache_anonymous_page(HomeView.as_view()), ...)`), so views
    stay unaware of caching.
    """

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not hasattr(request, "page_cache_key"):  # not cacheable, or no middleware
            return view(request, *args, **kwargs)
        # Read before rendering: a post scheduled for a moment that passes while the page
        # renders must still end the cached copy's life.
        request.page_cache_expires_at = _next_publication_at()
        request.page_cache_opted_in = True
        response = view(request, *args, **kwargs)
        response[CACHE_STATUS_HEADER] = "miss"
        return response

    return cached_view


def content_cached(
    name: str, load: Callable[[], T], *, to_store: Callable[[T], T | None] | None = None
) -> T:
    """`load()`, reused by this worker for as long as the content version stays the same.

    `name` names the value among all content. `to_store` picks what is kept of a loaded value
    (None: nothing, load it again next time).
    """
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return load()
    version = content_version_get()
    key = f"quire:content:{version}:{hashlib.md5(name.encode()).hexdigest()}"
    value = caches[PAGE_CACHE].get(key, _MISSING)
    if value is _MISSING:
        seconds = content_cache_seconds(version)  # before loading, as for pages
        value = load()
        stored = value if to_store is None else to_store(value)
        if seconds > 0 and stored is not None:
            caches[PAGE_CACHE].set(key, stored, seconds)
    return value


class DeferredQuerySet:
    """A list's queryset, built only when its rows or its total are read.

    Building a reader list's queryset (filters, ordering, the search ranking) cost 12-20% of a
    list page whose content fragment and total were cached (cProfile, README "Performance"), and
    such a page reads neither. Paginators see a sliceable, countable, ordered list; slicing
    gives another deferred list, and `resolve()` builds the queryset for the slice at last.
    """

    ordered = True  # every list built here is ordered (Paginator warns otherwise)

    def __init__(self, build: Callable[[], QuerySet], bounds: slice | None = None) -> None:
        self.build = build
        self.bounds = bounds

    def __getitem__(self, bounds: slice) -> DeferredQuerySet:
        if not isinstance(bounds, slice) or self.bounds is not None:
            raise TypeError("a deferred list is sliced once, by its paginator")
        return DeferredQuerySet(self.build, bounds)

    def count(self) -> int:
        return self.resolve().count()

    def resolve(self) -> QuerySet:
        queryset = self.build()
        return queryset if self.bounds is None else queryset[self.bounds]


class CachedCountPaginator(Paginator):
    """A Paginator that counts its list once per content version in each worker.

    The total behind "Page N of M" is a COUNT(*) over every matching row: it grows with the table
    (35 ms for the home page at 100,000 posts, README "Performance") while the page itself costs
    the same at any size. The total changes only when content changes, which replaces the
    content version, or when a scheduled post goes public, when the cached total expires.
    `count_key` names the list; it must be the same list for every reader.
    """

    def __init__(self, *args, count_key: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return content_cached(
            f"count:{self.count_key}", lambda: super(CachedCountPaginator, self).count
        )


@receiver(post_save, sender=Post, dispatch_uid="quire_cache_post_saved")
@receiver(post_delete, sender=Post, dispatch_uid="quire_cache_post_deleted")
@receiver(post_save, sender=Comment, dispatch_uid="quire_cache_comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="quire_cache_comment_deleted")
@receiver(post_save, sender=Tag, dispatch_uid="quire_cache_tag_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="quire_cache_tag_deleted")
@receiver(m2m_changed, sender=Post.tags.through, dispatch_uid="quire_cache_post_tags_changed")
def blog_content_changed(sender, using: str = BLOG_DB, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed fires pre_ and post_
        content_changed(using=using)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="quire_cache_user_saved")
@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="quire_cache_user_deleted")
def author_changed(
    sender, using: str = PEOPLE_DB, update_fields=None, created: bool = False, **kwargs
) -> None:
    if created:  # a new user is on no public page yet
        return
    if update_fields is not None and not PUBLIC_USER_FIELDS.intersection(update_fields):
        return
    content_changed(using=using)
