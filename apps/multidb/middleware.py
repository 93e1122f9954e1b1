"""A database that cannot be reached answers a clear 503 page, never a traceback.

Two ways in, one response:
- `DatabaseUnavailableMiddleware.process_exception` catches errors raised by views and while
  rendering their templates (the common case: a blog page while `blog_db` is down);
- `apps.multidb.views.server_error` (the project's `handler500`) catches the rest, errors raised
  inside other middleware, such as the session store reading `default`. Django converts every
  middleware's exception into a response before the next middleware out sees it, so wrapping
  `get_response` in try/except here would never catch those.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from config.request_id import current_request_id
from config.site_urls import current_site_urls

logger = logging.getLogger(__name__)

# Connection refused, connect timeout, server gone mid-query, connection already closed.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNKNOWN_ALIAS = "unknown"

FALLBACK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><h1>Temporarily unavailable</h1>
<p>Quire cannot reach one of its databases right now. Please try again in a minute.</p>
<p>Request id: {request_id}</p></body></html>
"""


def failed_database_aliases() -> list[str]:
    """The aliases whose last operation in this thread failed.

    Django flags a connection (`errors_occurred`) when one of its operations raises a database
    error other than a data or integrity error, and clears the flag at the start of the next
    request, so within a request the flag names the database behind the error.
    """
    return [
        connection.alias
        for connection in connections.all(initialized_only=True)
        if connection.errors_occurred
    ]


def _page(request_id: str) -> str:
    try:
        # No request: context processors would read the user, and `default` may be the
        # database that is down.
        context = {
            "request_id": request_id,
            "retry_after": RETRY_AFTER_SECONDS,
            "site_urls": current_site_urls(),
        }
        return render_to_string("503.html", context)
    except Exception:
        logger.exception("503.html could not be rendered; serving the built-in page")
        return FALLBACK_PAGE.format(request_id=request_id)


def database_unavailable_response(request: HttpRequest, error: Exception) -> HttpResponse:
    """Log the failing alias and answer 503 with Retry-After."""
    aliases = failed_database_aliases() or [UNKNOWN_ALIAS]
    alias = ",".join(aliases)
    logger.error(
        "Database %s unreachable, answering 503 for %s %s: %s: %s",
        alias,
        request.method,
        request.path,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
        extra={"alias": alias},
    )
    request_id = getattr(request, "id", None) or current_request_id()
    response = HttpResponse(_page(request_id), status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return database_unavailable_response(request, exception)
        return None
