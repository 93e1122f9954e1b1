"""Whether each replica may be read from: up, and within REPLICA_MAX_LAG_BYTES of its primary.

Each process keeps a snapshot of every replica's state and refreshes it at most every
REPLICA_CHECK_SECONDS, in a background thread started by the first read that finds it stale, so
no request waits for a check (a hung server costs the check its connect timeout, not a reader).
Lag is measured in bytes of WAL, not in time: an idle primary makes time-based lag look large.
A process that has not checked yet reads from the primaries.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connections

from apps.multidb.replicas import lsn_number, primary_of, replica_aliases

logger = logging.getLogger(__name__)

OK = "ok"
LAGGING = "lagging"
DOWN = "down"

# libpq's shortest connect timeout; the server side gives up on a statement after 100 ms.
CHECK_CONNECT_TIMEOUT_SECONDS = 2
CHECK_STATEMENT_TIMEOUT_MS = 100


@dataclass(frozen=True)
class ReplicaStatus:
    state: str
    replay_position: int | None = None  # bytes of WAL replayed
    lag_bytes: int | None = None
    error: str = ""


def _check_connection(alias: str) -> psycopg.Connection:
    params = connections[alias].get_connection_params()
    options = params.get("options", "")
    return psycopg.connect(
        **{
            **params,
            "connect_timeout": CHECK_CONNECT_TIMEOUT_SECONDS,
            "options": f"{options} -c statement_timeout={CHECK_STATEMENT_TIMEOUT_MS}".strip(),
            "application_name": "quire-replica-check",
        },
        autocommit=True,
    )


def _primary_position(alias: str) -> int:
    with _check_connection(alias) as connection:
        (lsn,) = connection.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    return lsn_number(lsn)


def _replayed_position(alias: str) -> int:
    with _check_connection(alias) as connection:
        recovering, lsn = connection.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text"
        ).fetchone()
    if not recovering:  # promoted: it no longer follows the primary it is configured for
        raise psycopg.OperationalError(f"{alias} is not in recovery: it has been promoted")
    return lsn_number(lsn)


def replica_status_now(alias: str) -> ReplicaStatus:
    """The state of replica `alias` now. Judged on being up only when its primary cannot be
    reached (reads fall back to that primary anyway)."""
    try:
        primary_position = _primary_position(primary_of(alias))
    except psycopg.Error:
        primary_position = None
    try:
        replayed = _replayed_position(alias)
    except psycopg.Error as error:
        return ReplicaStatus(DOWN, error=_first_line(error))
    lag = max(primary_position - replayed, 0) if primary_position is not None else None
    state = LAGGING if lag is not None and lag > settings.REPLICA_MAX_LAG_BYTES else OK
    return ReplicaStatus(state, replayed, lag)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class ReplicaMonitor:
    """This process's view of every replica; `statuses()` never blocks on a database."""

    def __init__(self) -> None:
        self._statuses: dict[str, ReplicaStatus] = {}
        self._checked_at = float("-inf")
        self._lock = threading.Lock()
        self._refreshing = False
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        # A forked worker starts with no thread running and checks for itself.
        self._lock = threading.Lock()
        self._refreshing = False
        self._checked_at = float("-inf")

    def statuses(self) -> dict[str, ReplicaStatus]:
        """The latest snapshot; starts a background refresh when it is older than
        REPLICA_CHECK_SECONDS."""
        if time.monotonic() - self._checked_at >= settings.REPLICA_CHECK_SECONDS:
            with self._lock:
                start = not self._refreshing
                self._refreshing = True
            if start:
                threading.Thread(
                    target=self._refresh_in_background, name="replica-check", daemon=True
                ).start()
        return self._statuses

    def refresh(self) -> dict[str, ReplicaStatus]:
        """Check every replica now (in the calling thread) and keep the result."""
        statuses = {alias: replica_status_now(alias) for alias in replica_aliases()}
        changed = {
            alias: status.state
            for alias, status in statuses.items()
            if self._statuses.get(alias, ReplicaStatus(OK)).state != status.state
        }
        for alias, state in changed.items():
            logger.warning("Replica %s is now %s", alias, state, extra={"alias": alias})
        self._statuses = statuses
        self._checked_at = time.monotonic()
        return statuses

    def mark_down(self, alias: str, error: Exception) -> None:
        """A request failed to reach `alias`: skip it until the next check finds it back."""
        reason = _first_line(error)
        logger.warning("Replica %s failed: %s", alias, reason, extra={"alias": alias})
        self._statuses = {**self._statuses, alias: ReplicaStatus(DOWN, error=reason)}

    def _refresh_in_background(self) -> None:
        try:
            self.refresh()
        except Exception:  # a thread of its own: log it, the next read retries
            logger.exception("Replica check failed")
            self._checked_at = time.monotonic()
        finally:
            self._refreshing = False


replica_monitor = ReplicaMonitor()
