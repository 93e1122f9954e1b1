"""Timestamps come back from PostgreSQL decoded by psycopg's C loader (apps/multidb/timestamps.py),
equal to what Django's own loader gives, on every alias."""

import datetime

import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.test import override_settings

from apps.multidb.timestamps import TIMESTAMPTZ_OID, CTimestamptzLoader

pytestmark = pytest.mark.django_db(databases=["default", "blog_db", "analytics"])

# Values at the edges of what a timestamptz holds, and offsets the session converts to UTC.
SAMPLES = """SELECT v::timestamptz FROM (VALUES ('2026-03-29 01:30:00.123456+00'),
    ('2026-10-25 02:59:59.999999+02'), ('1999-12-31 23:00:00-05:30'), ('0001-01-01 00:00:00+00'),
    ('9999-12-31 23:59:59.999999+00'), ('2024-02-29 12:00:00.000001+14'), (NULL)) AS s(v)"""


def loaded_by(alias: str, *, django_loader: bool) -> list:
    connection = connections[alias]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        if django_loader:
            register_tzloader(connection.timezone, cursor)
        cursor.execute(SAMPLES)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("alias", ["default", "blog_db", "analytics"])
def test_every_postgresql_connection_decodes_timestamps_in_c(alias):
    connection = connections[alias]
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, 0)
    assert loader is CTimestamptzLoader


@pytest.mark.parametrize("alias", ["default", "blog_db"])
def test_the_c_loader_gives_what_djangos_gives(alias):
    fast = loaded_by(alias, django_loader=False)
    django = loaded_by(alias, django_loader=True)
    assert fast == django
    assert [value.tzinfo for value in fast[:-1]] == [datetime.UTC] * (len(fast) - 1)
    assert fast[1] == datetime.datetime(2026, 10, 25, 0, 59, 59, 999999, tzinfo=datetime.UTC)
    assert fast[-1] is None


def test_the_orm_reads_timestamps_through_it():
    with connections["blog_db"].cursor() as cursor:  # Django's cursor, as the ORM uses
        cursor.execute("SELECT '2026-03-29 01:30:00.5+02'::timestamptz")
        value = cursor.fetchone()[0]
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ_OID, 0) is CTimestamptzLoader
    assert value == datetime.datetime(2026, 3, 28, 23, 30, 0, 500000, tzinfo=datetime.UTC)
    assert value.tzinfo is datetime.UTC


def test_without_time_zones_djangos_loader_stays():
    with override_settings(USE_TZ=False):
        wrapper = DatabaseWrapper(
            connections["blog_db"].settings_dict, alias="blog_db"
        )  # a second wrapper
        try:
            wrapper.ensure_connection()
            loader = wrapper.connection.adapters.get_loader(TIMESTAMPTZ_OID, 0)
            assert loader is not CTimestamptzLoader
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT '2026-03-29 01:30:00+02'::timestamptz")
                assert cursor.fetchone()[0] == datetime.datetime(2026, 3, 28, 23, 30)  # naive
        finally:
            wrapper.close()
