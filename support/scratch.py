"""Empty scratch databases on the servers behind each alias, for tests that run manage.py."""

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg
from django.conf import settings
from django.db import connections

from support import PROJECT_DIR


def server_url(alias: str, database: str) -> str:
    params = connections[alias].get_connection_params()
    password = f":{params['password']}" if params.get("password") else ""
    host = params.get("host") or "127.0.0.1"
    return f"postgres://{params['user']}{password}@{host}:{params.get('port', 5432)}/{database}"


# Each primary alias, the variable with its URL and the one with its replicas' URLs (None: the
# alias has no replicas).
URL_VARIABLES = (
    ("default", "DATABASE_URL", "DATABASE_REPLICA_URLS"),
    ("blog_db", "BLOG_DATABASE_URL", "BLOG_DATABASE_REPLICA_URLS"),
    ("analytics", "ANALYTICS_DATABASE_URL", None),
)
REPLICA_URL_VARIABLES = [variable for _, _, variable in URL_VARIABLES if variable]


def database_urls(name_of) -> dict[str, str]:
    """The URL variables of every alias and its replicas, the database named by `name_of(alias)`."""
    urls = {}
    for alias, variable, replica_variable in URL_VARIABLES:
        urls[variable] = server_url(alias, name_of(alias))
        if replica_variable:
            replicas = settings.DATABASE_REPLICAS.get(alias, [])
            urls[replica_variable] = ",".join(server_url(r, name_of(alias)) for r in replicas)
    return urls


def current_database_urls() -> dict[str, str]:
    """The URL variables of this test run's databases (replicas included), for a child process."""
    return database_urls(lambda alias: connections[alias].settings_dict["NAME"])


def _admin(alias: str, statement: str) -> None:
    with psycopg.connect(server_url(alias, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


@contextlib.contextmanager
def scratch_database_urls() -> Iterator[dict[str, str]]:
    """Create an empty database on each alias's server; yield the URL variables for it (its
    replicas receive it from their primaries)."""
    name = f"quire_scratch_{uuid.uuid4().hex[:10]}"
    created = []
    try:
        for alias, _, _ in URL_VARIABLES:
            _admin(alias, f'CREATE DATABASE "{name}"')
            created.append(alias)
        yield database_urls(lambda alias: name)
    finally:
        for alias in created:
            _admin(alias, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a child process with the given database URLs."""
    env = {
        **os.environ,
        # The site's settings, not the ones pytest-django exports for the test run.
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "scratch",
        # Replicas of other databases than the ones `environ` names would serve wrong reads.
        **dict.fromkeys(REPLICA_URL_VARIABLES if "DATABASE_URL" in environ else [], ""),
        **environ,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def migrate_blog(urls: dict[str, str], target: str) -> None:
    """Migrate the blog app of the scratch `blog_db` at `urls` to migration `target`."""
    result = manage("migrate", "blog", target, "--database", "blog_db", environ=urls)
    assert result.returncode == 0, result.stdout + result.stderr


def table_names(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {row[0] for row in rows}
