import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views import defaults

from apps.multidb.middleware import DATABASE_UNAVAILABLE_ERRORS, database_unavailable_response
from config.request_id import current_request_id
from config.site_urls import current_site_urls

logger = logging.getLogger(__name__)


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
        context = {"request_id": request_id, "site_urls": current_site_urls()}
        return HttpResponseServerError(render_to_string("500.html", context))
    except Exception:
        logger.exception("500.html could not be rendered; serving Django's plain page")
        return defaults.server_error(request)
