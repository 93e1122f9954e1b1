"""Read-your-writes across requests, for every client, signed in or not.

A request that wrote to a primary with replicas ends by recording that primary's WAL insert
position in a signed cookie (one per alias; signed, so a client cannot pin its reads to the
primary with a made-up position). The client's next requests read that alias from a replica only
once the replica has replayed past the position, else from the primary; the cookie goes as soon as
every replica that is up has caught up. A cookie works across hosts and needs no session.
"""

import logging

from django.conf import settings

from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS
from apps.multidb.read_your_writes import (
    ReadState,
    committed_positions,
    current_state,
    state_scope,
)

logger = logging.getLogger(__name__)

COOKIE_PREFIX = "wal_position_"
COOKIE_SALT = "apps.multidb.read-your-writes"
# A client that wrote and never came back needs no stickiness after a day.
COOKIE_MAX_AGE_SECONDS = 86_400


def position_cookie(alias: str) -> str:
    return COOKIE_PREFIX + alias


def positions_from_cookies(request) -> dict[str, int]:
    positions = {}
    for primary in settings.DATABASE_REPLICAS:
        value = request.get_signed_cookie(
            position_cookie(primary), default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE_SECONDS
        )
        if value is not None and value.isdigit():
            positions[primary] = int(value)
    return positions


class ReadYourWritesMiddleware:
    """Placed before the session middleware, so the session's own writes are seen too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        # A request made in-process by code that declared itself the same client (a test and its
        # test client) continues that client: writes carry over both ways.
        outer = current_state()
        continued = outer is not None and outer.continues_into_requests
        state = ReadState(
            written=set(outer.written) if continued else set(),
            positions=positions_from_cookies(request),
        )
        with state_scope(state):
            response = self.get_response(request)
            self._remember(request, response, state)
        if continued:
            outer.written |= state.written
        return response

    def _remember(self, request, response, state: ReadState) -> None:
        for primary in settings.DATABASE_REPLICAS:
            cookie = position_cookie(primary)
            if primary in state.written:
                try:
                    # Empty while a transaction is still open: the caller's commit comes later.
                    position = committed_positions(primary).get(primary)
                except DATABASE_UNAVAILABLE_ERRORS as error:
                    logger.warning(
                        "No WAL position for %s: %s", primary, error, extra={"alias": primary}
                    )
                    continue
                if position is None:
                    continue
                response.set_signed_cookie(
                    cookie,
                    str(position),
                    salt=COOKIE_SALT,
                    max_age=COOKIE_MAX_AGE_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            elif primary in state.caught_up and cookie in request.COOKIES:
                response.delete_cookie(cookie, samesite="Lax")
