"""The test run's replicas: pointed at their primaries' test databases, and waited for.

A replica cannot create a database; its primary's test database streams to it. So the replica
aliases are never set up by Django's test runner (tests/conftest.py): they take their primary's
test database name once it exists, and tests wait until the replicas have replayed what the
primaries wrote when they need a replica to hold it.
"""

import time

import psycopg
from django.conf import settings
from django.db import connections

from support.scratch import server_url

REPLAY_TIMEOUT_SECONDS = 30


def _position(alias: str, function: str) -> str:
    with psycopg.connect(server_url(alias, "postgres"), autocommit=True) as connection:
        (lsn,) = connection.execute(f"SELECT {function}()::text").fetchone()
    return lsn


def _lsn(text: str) -> int:
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def replicas_caught_up(*, timeout: float = REPLAY_TIMEOUT_SECONDS) -> None:
    """Return once every replica has replayed everything its primary had written on entry."""
    deadline = time.monotonic() + timeout
    for primary, replicas in settings.DATABASE_REPLICAS.items():
        target = _lsn(_position(primary, "pg_current_wal_insert_lsn"))
        for replica in replicas:
            while _lsn(_position(replica, "pg_last_wal_replay_lsn")) < target:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{replica} has not replayed its primary's writes")
                time.sleep(0.02)


def replicas_follow_test_databases() -> dict[str, str]:
    """Point every replica alias at its primary's test database; return the names they had."""
    previous = {}
    for primary, replicas in settings.DATABASE_REPLICAS.items():
        test_name = connections[primary].settings_dict["NAME"]
        for replica in replicas:
            settings_dict = connections[replica].settings_dict
            if settings_dict["TEST"]["NAME"] != test_name:
                raise RuntimeError(
                    f"{replica}'s TEST NAME is {settings_dict['TEST']['NAME']!r}, but its "
                    f"primary's test database is {test_name!r}"
                )
            previous[replica] = settings_dict["NAME"]
            connections[replica].close()
            settings_dict["NAME"] = test_name
    replicas_caught_up()
    return previous


def replicas_restore_names(previous: dict[str, str]) -> None:
    for replica, name in previous.items():
        connections[replica].close()
        connections[replica].settings_dict["NAME"] = name
