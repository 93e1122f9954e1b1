"""Route every app to a named database alias, and its reads to a replica when one may serve them.

`settings.DATABASE_APPS_MAPPING` maps app labels to aliases (`{"blog": "blog_db"}`); every other
app goes to `default`. The router never answers `None` for reads and writes: with `None`, Django
falls back to the database of the hint instance, so `post.author` would look for `accounts_user`
in `blog_db`.

Replicas (`settings.DATABASE_REPLICAS`) serve reads only: writes, `select_for_update` (Django asks
for the write alias) and everything inside `atomic()` on the primary go to the primary, and so do
the reads of a client that wrote until a replica has replayed its write (read_your_writes.py).
Migrations never run on a replica.
"""

import random

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from apps.multidb.availability import DATABASE_UNAVAILABLE_ERRORS
from apps.multidb.read_your_writes import read_state, replica_position
from apps.multidb.replica_health import OK, replica_monitor
from apps.multidb.replicas import primary_of, replicas_of


def database_for_app(app_label: str) -> str:
    return settings.DATABASE_APPS_MAPPING.get(app_label, DEFAULT_DB_ALIAS)


def _has_replayed(replica: str, position: int, snapshot_position: int | None) -> bool:
    if snapshot_position is not None and snapshot_position >= position:
        return True
    try:
        return replica_position(replica) >= position
    except DATABASE_UNAVAILABLE_ERRORS as error:
        _skip(replica, error)
        return False


def _skip(replica: str, error: Exception) -> None:
    replica_monitor.mark_down(replica, error)
    # Handled by reading the primary: not the database to blame if the request fails later.
    connections[replica].errors_occurred = False


def _reachable(replica: str) -> bool:
    """Connect to `replica` (or check its kept connection, as Django does at a request's first
    query anyway) before the first read of a context, so a replica that went down since the last
    check costs a fallback, not a failed request."""
    state = read_state()
    if replica in state.connected:
        return True
    connection = connections[replica]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DATABASE_UNAVAILABLE_ERRORS as error:
        _skip(replica, error)
        return False
    state.connected.add(replica)
    return True


def read_alias(primary: str) -> str:
    """Where a read of `primary`'s data goes now: a usable replica, else the primary."""
    replicas = replicas_of(primary)
    if not replicas or connections[primary].in_atomic_block:
        return primary
    state = read_state()
    if state.primary_only or primary in state.written:
        return primary
    statuses = replica_monitor.statuses()
    usable = [alias for alias in replicas if getattr(statuses.get(alias), "state", None) == OK]
    position = state.positions.get(primary)
    if position is not None:
        replayed = [
            alias
            for alias in usable
            if _has_replayed(alias, position, statuses[alias].replay_position)
        ]
        # The client may forget its position once no replica it could be sent to lacks it.
        if replayed and len(replayed) == len(usable):
            state.caught_up.add(primary)
        usable = replayed
    chosen = state.chosen.get(primary)
    if chosen in usable:
        return chosen
    random.shuffle(usable)
    for replica in usable:
        if _reachable(replica):
            state.chosen[primary] = replica
            return replica
    return primary


class AppLabelRouter:
    def db_for_read(self, model, **hints) -> str:
        return read_alias(database_for_app(model._meta.app_label))

    def db_for_write(self, model, **hints) -> str:
        return database_for_app(model._meta.app_label)

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Relations between the two aliases are wanted (blog rows point at users); they are
        # declared with db_constraint=False and checked by the multidb system checks.
        return {obj1._state.db, obj2._state.db} <= set(settings.DATABASES)

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return primary_of(db) is None and db == database_for_app(app_label)
