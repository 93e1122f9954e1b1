"""The address a request came from, for login throttling (django-axes) and the sign-up limit."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, seen through `TRUSTED_PROXY_COUNT` reverse proxies.

    Behind a proxy REMOTE_ADDR is the proxy, and throttling by it would lock an account for every
    visitor at once. Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is that many entries from the right; entries further left
    were written by the client itself and cannot be trusted. An entry that is not an address
    (a client reaching gunicorn around the proxy wrote it) counts for nothing: it would be stored
    as one.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies or not _is_address(hops[-proxies]):
        return remote_addr  # not through the expected proxies: trust only the socket
    return hops[-proxies]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
