"""Liveness and readiness for load balancers and container healthchecks.

/healthz  the process answers; touches no database (restarting the process would not help a
          database outage, so liveness must not depend on one).
/readyz   every alias answers `SELECT 1`; 503 naming each alias that does not. The probes run
          in parallel, each on a fresh connection in its own thread, and the whole check gives
          up after PROBE_TIMEOUT_SECONDS, so a hung server cannot hang the check.

Both answer whatever the Host header: load balancers and orchestrators probe by IP address,
which ALLOWED_HOSTS rightly refuses for every other page (HealthProbeMiddleware).
"""

import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.multidb.availability import database_probe

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 2.0
OK = "ok"
UNAVAILABLE = "unavailable"
TIMEOUT = "timeout"


def alias_state(*, alias: str) -> str:
    """OK if `alias` answers a query now. Runs in a worker thread: a connection of its own."""
    try:
        database_probe(alias=alias)
        return OK
    except Exception as error:  # any failure means not ready, whatever its class
        logger.warning(
            "Readiness probe of %s failed: %s", alias, str(error).strip(), extra={"alias": alias}
        )
        return UNAVAILABLE
    finally:
        connections[alias].close()


def databases_status(*, timeout: float = PROBE_TIMEOUT_SECONDS) -> dict[str, str]:
    """Each alias's state: "ok", "unavailable" or "timeout"."""
    aliases = list(settings.DATABASES)
    executor = ThreadPoolExecutor(max_workers=len(aliases), thread_name_prefix="readyz")
    try:
        futures = {alias: executor.submit(alias_state, alias=alias) for alias in aliases}
        wait(futures.values(), timeout=timeout)
    finally:
        # Do not wait for a probe stuck on a hung server; its thread ends with its timeout.
        executor.shutdown(wait=False, cancel_futures=True)
    status = {}
    for alias, future in futures.items():
        if future.done() and not future.cancelled():
            status[alias] = future.result()
        else:
            logger.warning("Readiness probe of %s timed out", alias, extra={"alias": alias})
            status[alias] = TIMEOUT
    return status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    status = databases_status()
    ready = all(state == OK for state in status.values())
    return JsonResponse(status, status=200 if ready else 503)


class HealthProbeMiddleware:
    """Answer /healthz and /readyz before CommonMiddleware validates the Host header.

    Placed after SecurityMiddleware (the paths are in SECURE_REDIRECT_EXEMPT) and before
    CommonMiddleware, sessions and auth, so a probe neither needs an allowed host nor touches
    the session store. The same views are in the URLconf under the names `healthz`/`readyz`.
    """

    views = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.views.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
