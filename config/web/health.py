"""Liveness and readiness for load balancers and container healthchecks.

/healthz  the process answers; touches no database (restarting the process would not help a
          database outage, so liveness must not depend on one).
/readyz   every primary alias answers `SELECT 1`; 503 naming each one that does not, unless it is
          one of settings.OPTIONAL_DATABASES (`analytics`: views wait in memory meanwhile),
          whose state is listed without making the site unready. Replicas
          are listed as `ok`, `lagging` or `down` (apps/multidb/replica_health.py) and never
          make the site unready: reads fall back to the primaries. The probes run in parallel,
          each on a fresh connection in its own thread, and the whole check gives up after
          PROBE_TIMEOUT_SECONDS, so a hung server cannot hang the check. The shared cache is
          listed under `cache:default` as `ok` or `unavailable` and never makes the site
          unready either: pages are then served uncached (apps/blog/caching/version.py).

Both answer whatever the Host header: load balancers and orchestrators probe by IP address,
which ALLOWED_HOSTS rightly refuses for every other page (HealthProbeMiddleware).
"""

import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.multidb.availability import database_probe
from apps.multidb.replica_health import DOWN, replica_status_now
from apps.multidb.replicas import primary_aliases, replica_aliases

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
    """Each primary's state ("ok", "unavailable" or "timeout"), then each replica's ("ok",
    "lagging" or "down")."""
    aliases, replicas = primary_aliases(), replica_aliases()
    executor = ThreadPoolExecutor(
        max_workers=len(aliases) + len(replicas), thread_name_prefix="readyz"
    )
    try:
        futures = {alias: executor.submit(alias_state, alias=alias) for alias in aliases}
        checks = {alias: executor.submit(replica_status_now, alias) for alias in replicas}
        wait([*futures.values(), *checks.values()], timeout=timeout)
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
    for alias, check in checks.items():
        done = check.done() and not check.cancelled()
        status[alias] = check.result().state if done else DOWN
    return status


SHARED_CACHE = "default"
CACHE_STATUS_KEY = f"cache:{SHARED_CACHE}"


def shared_cache_state() -> str:
    """OK if the shared cache answers a read now (Redis: within its socket timeouts)."""
    try:
        caches[SHARED_CACHE].get("quire:readyz")
        return OK
    except Exception as error:  # any failure means degraded, whatever the backend raises
        logger.warning("Readiness probe of the shared cache failed: %s", error)
        return UNAVAILABLE


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    status = databases_status()
    required = [a for a in primary_aliases() if a not in settings.OPTIONAL_DATABASES]
    ready = all(status[alias] == OK for alias in required)
    status[CACHE_STATUS_KEY] = shared_cache_state()
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
