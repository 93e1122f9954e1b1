"""The database aliases config/settings.py derives from the primaries' URLs: streaming replicas, the
read-only reports alias, and how PostgreSQL connections are kept. The environment is read in
config/settings.py; these functions only shape DATABASES from what it read."""

import environ

POSTGRESQL = "django.db.backends.postgresql"


def reads_test_database_of(databases: dict, alias: str) -> dict:
    """TEST settings of an alias that never gets a test database of its own: it reads `alias`'s."""
    name = databases[alias].get("TEST", {}).get("NAME") or f"test_{databases[alias]['NAME']}"
    return {"NAME": name, "DEPENDENCIES": [alias]}


def add_replicas(databases: dict, replica_urls: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add `<primary>_replica_<n>` aliases, in the order of each primary's URLs; return the replica
    aliases of each primary that has any.

    Their data comes from the primary, in tests too: a replica's test database is its primary's,
    created there and streamed (tests/conftest.py never creates one)."""
    replicas: dict[str, list[str]] = {}
    for primary, urls in replica_urls.items():
        for number, url in enumerate(urls, start=1):
            alias = f"{primary}_replica_{number}"
            databases[alias] = {
                **environ.Env.db_url_config(url),
                "TEST": reads_test_database_of(databases, primary),
            }
            replicas.setdefault(primary, []).append(alias)
    return replicas


def add_read_only_aliases(databases: dict, read_only_aliases: dict[str, str]) -> None:
    """Add each alias as a connection to its source's database on which every transaction is
    read-only: same server, same database, no write possible.

    Nothing is routed there, it is never migrated, and the tests give it its source's test
    database rather than create one through it (support/read_only.py)."""
    for alias, source in read_only_aliases.items():
        options = dict(databases[source].get("OPTIONS", {}))
        if databases[source]["ENGINE"] == POSTGRESQL:
            # A report taking longer than this answers "unavailable" instead of holding a worker.
            options["options"] = " ".join(
                [options.get("options", ""), "-c default_transaction_read_only=on",
                 "-c statement_timeout=5000"]
            ).strip()  # fmt: skip
        else:
            options["init_command"] = "PRAGMA query_only = ON"  # the SQLite file of `make run`
        databases[alias] = {
            **databases[source],
            "OPTIONS": options,
            "TEST": reads_test_database_of(databases, source),
        }


def postgresql_databases(databases: dict) -> list[dict]:
    return [database for database in databases.values() if database["ENGINE"] == POSTGRESQL]


def keep_connections_healthy(databases: list[dict], max_age: int, connect_timeout: int) -> None:
    """Reuse connections and check them before use, so a database that comes back is picked up
    without a restart; fail fast when one is down."""
    for database in databases:
        database.setdefault("CONN_MAX_AGE", max_age)
        database["CONN_HEALTH_CHECKS"] = True
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", connect_timeout)
