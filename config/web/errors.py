"""Error pages: a database that cannot be reached answers a clear 503 page, anything else a 500
page; never a traceback.

Two ways in, one response:
- `DatabaseUnavailableMiddleware.process_exception` catches errors raised by views and while
  rendering their templates (the common case: a blog page while `blog_db` is down);
- `server_error` (the project's `handler500`) catches the rest, errors raised inside other
  middleware, such as the session store reading `default`. Django converts every middleware's
  exception into a response before the next middleware out sees it, so wrapping `get_response`
  in try/except here would never catch those.
"""

import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from apps.blog.site_content import SITE_DEFAULTS
from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS, failed_database_aliases
from config.web.log_text import log_escaped
from config.web.request_id import current_request_id
from config.web.site_urls import current_site_urls

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNKNOWN_ALIAS = "unknown"

FALLBACK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><h1>Temporarily unavailable</h1>
<p>Quire cannot reach one of its databases right now. Please try again in a minute.</p>
<p>Request id: {request_id}</p></body></html>
"""


def _page(request_id: str) -> str:
    try:
        # No request: context processors would read the user, and `default` may be the
        # database that is down.
        context = {
            "request_id": request_id,
            "retry_after": RETRY_AFTER_SECONDS,
            "site_urls": current_site_urls(),
            "site_defaults": SITE_DEFAULTS,
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
        log_escaped(request.method or ""),
        log_escaped(request.path),
        type(error).__name__,
        log_escaped(str(error).strip().splitlines()[0] if str(error).strip() else ""),
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


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage anywhere in the stack is a 503, anything else a 500.

    Django calls this inside the `except` block that caught the error, so the error is at hand.
    Both pages show the request id, which finds the traceback in the log.
    """
    error = sys.exception()
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable_response(request, error)
    request_id = getattr(request, "id", None) or current_request_id()
    try:
        # No request context: the failure may be in the session or the user lookup.
        context = {
            "request_id": request_id,
            "site_urls": current_site_urls(),
            "site_defaults": SITE_DEFAULTS,
        }
        return HttpResponseServerError(render_to_string("500.html", context))
    except Exception:
        logger.exception("500.html could not be rendered; serving Django's plain page")
        return defaults.server_error(request)
