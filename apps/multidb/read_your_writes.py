"""What the current client has written, so that its reads never miss its own writes.

State is kept per request (a context variable: gunicorn's threads each run their own requests)
by `ReadYourWritesMiddleware`, seeded with the WAL positions the client's cookies carry. Outside a
request (management commands, the shell, tests) each thread has one state for its whole life.

Writes are seen by an execute wrapper on every primary that has replicas: any statement other
than a read marks the primary as written, and the rest of the context reads it from the primary.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from apps.multidb.replicas import lsn_number, replicas_of, replicated_primaries

# Statements that change nothing another connection could read.
READ_STATEMENTS = frozenset({"SELECT", "SHOW", "EXPLAIN", "SAVEPOINT", "RELEASE", "ROLLBACK"})


@dataclass
class ReadState:
    # Primaries this context wrote to: read from them for the rest of the context.
    written: set[str] = field(default_factory=set)
    # Primary -> WAL position a replica must have replayed before it serves this context: the
    # client's last write (its cookie), the write behind the content version (`reads_must_see`).
    positions: dict[str, int] = field(default_factory=dict)
    # Primaries whose position every usable replica has replayed: the cookie can go.
    caught_up: set[str] = field(default_factory=set)
    # Replica -> its replay position as seen during this context (one query each at most).
    replayed: dict[str, int] = field(default_factory=dict)
    # Primary -> the replica this context reads it from, so one request never goes back in time.
    chosen: dict[str, str] = field(default_factory=dict)
    # Replicas this context has connected to (or found its kept connection usable).
    connected: set[str] = field(default_factory=set)
    primary_only: bool = False
    # In-process requests made within this context count as the same client (tests).
    continues_into_requests: bool = False


_state: ContextVar[ReadState | None] = ContextVar("multidb_read_state", default=None)


def current_state() -> ReadState | None:
    return _state.get()


def read_state() -> ReadState:
    state = _state.get()
    if state is None:
        state = ReadState()
        _state.set(state)
    return state


@contextlib.contextmanager
def state_scope(state: ReadState) -> Iterator[ReadState]:
    """Make `state` the current one for the block (a request, a test)."""
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    """Read every alias from its primary inside the block (a check that must see the latest)."""
    state = read_state()
    previous, state.primary_only = state.primary_only, True
    try:
        yield
    finally:
        state.primary_only = previous


def reads_must_see(positions: dict[str, int]) -> None:
    """The current context reads each primary in `positions` from a replica only once that
    replica has replayed up to the position given (else from the primary)."""
    state = read_state()
    for primary, position in positions.items():
        state.positions[primary] = max(position, state.positions.get(primary, position))


def _primary_position(alias: str, function: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT {function}()")
        (lsn,) = cursor.fetchone()
    return lsn_number(str(lsn))


def primary_insert_position(alias: str) -> int:
    return _primary_position(alias, "pg_current_wal_insert_lsn")


def committed_positions(alias: str) -> dict[str, int]:
    """`{alias: WAL position}` after a committed write to `alias`; empty when it has no replicas
    or is inside a transaction (whose commit is still to come)."""
    if not replicas_of(alias) or connections[alias].in_atomic_block:
        return {}
    return {alias: primary_insert_position(alias)}


def current_positions() -> dict[str, int]:
    """`{primary: WAL position}` for every primary with replicas, now: at or past every write
    committed there so far (`pg_current_wal_lsn()`, what the primary has written out, which a
    replica can reach without a further write). The driver's error if a primary cannot answer."""
    return {
        primary: _primary_position(primary, "pg_current_wal_lsn")
        for primary in replicated_primaries()
    }


def replica_position(replica: str) -> int:
    """The WAL position `replica` has replayed, asked once per context."""
    state = read_state()
    if replica not in state.replayed:
        with connections[replica].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()")
            (lsn,) = cursor.fetchone()
        state.replayed[replica] = lsn_number(str(lsn)) if lsn is not None else -1
    return state.replayed[replica]


def is_read_statement(sql: object) -> bool:
    if not isinstance(sql, str):
        return False
    words = sql.lstrip(" \n\t(").split(None, 1)
    return bool(words) and words[0].upper() in READ_STATEMENTS


def _write_detector(alias: str):
    def detect_write(execute, sql, params, many, context):
        if not is_read_statement(sql):
            read_state().written.add(alias)
        return execute(sql, params, many, context)

    detect_write.multidb_alias = alias
    return detect_write


@receiver(connection_created)
def install_write_detector(sender, connection, **kwargs) -> None:
    if not replicas_of(connection.alias):
        return
    if not any(getattr(w, "multidb_alias", None) for w in connection.execute_wrappers):
        # First, not last: `connection.execute_wrapper()` blocks pop the last one on exit.
        connection.execute_wrappers.insert(0, _write_detector(connection.alias))
