"""Timestamps decoded in C: psycopg's own `timestamptz` loader on every PostgreSQL connection.

Django registers a loader of its own for `timestamptz` (django/db/backends/postgresql/
psycopg_any.py) that subclasses psycopg's pure-Python one, so every timestamp of every row is
parsed in Python, about 4 us each: 100 us of a post page's cold render (bench/HISTORY.md).
Django needs it to set the tzinfo its settings ask for; when the session's time zone is UTC and
Django asks for UTC, psycopg's C loader already returns exactly that (`datetime.timezone.utc`),
so it is used instead. The C class cannot be subclassed; `CTimestamptzLoader` hands each value
straight to an instance of it and carries the `timezone` attribute Django compares before it
would register its own loader again on each cursor.
"""

import datetime

from psycopg import adapters
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid
PSYCOPG_LOADER = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)  # C if psycopg's is


class CTimestamptzLoader(Loader):
    timezone = datetime.UTC  # what Django's loader for USE_TZ with UTC would set

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self.load = PSYCOPG_LOADER(oid, context).load  # psycopg calls it for each value

    def load(self, data):  # the abstract method; each instance's `load` above replaces it
        raise NotImplementedError


def timestamps_in_c(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: use psycopg's loader where it gives what Django's does."""
    if connection.vendor != "postgresql" or PSYCOPG_LOADER.__module__.startswith("psycopg."):
        return  # not PostgreSQL, or no C implementation installed: Django's loader stays
    session_zone = connection.connection.info.parameter_status("TimeZone")
    if connection.timezone is datetime.UTC and session_zone == "UTC":
        connection.connection.adapters.register_loader(TIMESTAMPTZ_OID, CTimestamptzLoader)
