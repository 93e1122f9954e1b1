import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from apps.multidb.middleware import DATABASE_UNAVAILABLE_ERRORS, database_unavailable_response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage anywhere in the stack is a 503, anything else a 500.

    Django calls this inside the `except` block that caught the error, so the error is at hand.
    """
    error = sys.exception()
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable_response(request, error)
    return defaults.server_error(request)
