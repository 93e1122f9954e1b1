"""A request id on every request, response and log record, so one request can be traced
from the proxy's log through gunicorn's access log to Django's own log lines."""

import logging
import random
import re
from contextvars import ContextVar

from django.core.signals import request_finished

REQUEST_ID_HEADER = "X-Request-ID"
# Read from META: `request.headers` would build a mapping of every header just for this one.
REQUEST_ID_META = "HTTP_X_REQUEST_ID"
# Accept a proxy's id only if it is short and plain: it is echoed in headers and logs.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_NO_REQUEST = "-"

_current_request_id: ContextVar[str] = ContextVar("request_id", default=_NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being handled in this thread, or "-" outside a request."""
    return _current_request_id.get()


def request_id_for(incoming: str | None) -> str:
    if incoming and _VALID_REQUEST_ID.match(incoming):
        return incoming
    # 128 random bits: an id, not a secret, so Python's generator (reseeded in each forked
    # worker) rather than uuid4's read of the OS's random source on every request.
    return f"{random.getrandbits(128):032x}"


class RequestIdMiddleware:
    """Adopt the proxy's X-Request-ID (or make one), expose it as `request.id` and echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_for(request.META.get(REQUEST_ID_META))
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware chain
        # returns. `request_finished` (sent when the server closes the response) clears it.
        _current_request_id.set(request.id)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request.id
        return response


def _forget_request_id(**kwargs) -> None:
    _current_request_id.set(_NO_REQUEST)


request_finished.connect(_forget_request_id, dispatch_uid="quire_forget_request_id")


class RequestContextFilter(logging.Filter):
    """Give every log record `request_id` and `alias` so one format string fits all records.

    `alias` names the database a record is about; code logging a database error passes
    `extra={"alias": ...}`, every other record gets "-".
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        if not hasattr(record, "alias"):
            record.alias = _NO_REQUEST
        return True
