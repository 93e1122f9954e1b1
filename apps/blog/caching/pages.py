"""Whole pages for anonymous readers, answered from this worker's memory.

Only anonymous GET/HEAD requests are served from or stored in the cache: a request that carries a
session or a messages cookie always reaches the view, and a response that sets a cookie or used a
CSRF token is never stored. A page is keyed by its host, its path and only the query parameters
its view reads, in the form the view reads them, so `?cb=1`, `?cb=2` ... all share one entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve

from apps.blog.caching.kept import kept_fresh, kept_render, kept_store
from apps.blog.caching.lifetimes import content_expires_at, seconds_until
from apps.blog.caching.version import ContentVersionUnavailable, content_version_get

CACHE_STATUS_HEADER = "X-Page-Cache"

# How a page's view reads each query parameter it uses: {"page": page_number}.
QueryParameters = Mapping[str, Callable[[str], str]]


def page_number(value: str) -> str:
    """A page number as the paginator reads it (`int()`): `?page=02` is `?page=2`."""
    try:
        return str(int(value))
    except ValueError:
        return value


def query_normalised(query: QueryDict, parameters: QueryParameters) -> str:
    """The query string as the view sees it: only `parameters`, each read as the view reads it
    (the last value), empty ones left out, in the order of `parameters`."""
    pairs = []
    for name, read in parameters.items():
        value = query.get(name)
        if value is not None and (value := read(value)):
            pairs.append((name, value))
    return urlencode(pairs)


@lru_cache(maxsize=1024)
def _view_query_parameters(urlconf: str, path: str) -> QueryParameters | None:
    """The query parameters of the page at `path`, or None if its view is not cached."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_query", None)


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


def _page_key(request: HttpRequest, parameters: QueryParameters) -> str:
    # Most requests have no query string: no need to parse one.
    query = query_normalised(request.GET, parameters) if request.META.get("QUERY_STRING") else ""
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"quire:page:{hashlib.md5(url.encode()).hexdigest()}"


def _page_kept(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    headers = [(name, value) for name, value in response.items() if name != CACHE_STATUS_HEADER]
    return response.content, headers


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
    worker's memory, and after a change anywhere one shared read of the page's tokens (kept.py).
    Only pages whose view opted in with `cache_anonymous_page` are
    ever stored, and they are stored as the inner middleware left them (X-Frame-Options, Vary,
    no cookie), so a hit is the same response a miss gave.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_cacheable(request):
            return self.get_response(request)
        parameters = _view_query_parameters(settings.ROOT_URLCONF, request.path_info)
        if parameters is None:
            return self.get_response(request)
        try:
            version = content_version_get()
        except ContentVersionUnavailable:  # serve uncached rather than fail (version.py logs)
            return self.get_response(request)
        key = _page_key(request, parameters)
        kept = kept_fresh(key, version)
        if kept is not None:
            return _response_from_cache(kept.value)
        request.page_cache_version = version
        with kept_render(key, version) as rendering:
            response = self.get_response(request)
        seconds = getattr(request, "page_cache_seconds", 0)
        if seconds and _response_cacheable(request, response):
            kept_store(key, _page_kept(response), rendering, seconds=seconds)
        return response


def cache_anonymous_page(
    view: Callable[..., HttpResponse], *, query: QueryParameters | None = None
) -> Callable[..., HttpResponse]:
    """Let PageCacheMiddleware store `view`'s pages for anonymous readers.

    `query` names the query parameters the view reads and how it reads them; the others are left
    out of the page's key. Apply it in the URLconf
    (`path("", cache_anonymous_page(HomeView.as_view(), query={"page": page_number}))`), so views
    stay unaware of caching.
    """

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        version = getattr(request, "page_cache_version", None)
        if version is None:  # not cacheable, or no middleware
            return view(request, *args, **kwargs)
        # Decided before rendering: a post scheduled for a moment that passes while the page
        # renders must still end the cached copy's life.
        request.page_cache_seconds = seconds_until(
            content_expires_at(version), at_most=settings.PAGE_CACHE_SECONDS
        )
        response = view(request, *args, **kwargs)
        response[CACHE_STATUS_HEADER] = "miss"
        return response

    cached_view.page_cache_query = dict(sorted((query or {}).items()))
    return cached_view
