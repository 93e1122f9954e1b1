import time

import pytest

from support.postgres import PostgresServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test allowed to query a primary may query its replicas too: the router sends reads
    there outside transactions (TestCase keeps everything inside one, so on the primary). A test
    allowed to query `blog_db` may query `analytics`: a post's deletion carries over to it
    (apps/analytics/integrity.py).

    Every database test may read through the read-only aliases: such a read changes nothing
    (the post admin's views column makes one wherever the admin lists posts)."""
    from django.conf import settings

    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        databases = marker.kwargs.get("databases", ["default"])
        if databases == "__all__":
            continue
        replicas = [r for alias in databases for r in settings.DATABASE_REPLICAS.get(alias, [])]
        followers = ["analytics"] if "blog_db" in databases and "analytics" not in databases else []
        read_only = [a for a in settings.DATABASE_READ_ONLY_ALIASES if a not in databases]
        if replicas or followers or read_only:
            extra = [*replicas, *followers, *read_only]
            kwargs = {**marker.kwargs, "databases": [*databases, *extra]}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb,
    django_db_modify_db_settings,
):  # fmt: skip
    """pytest-django's test databases, on the primaries only: a replica's test database is its
    primary's, streamed to it (support/replication.py); a read-only alias reads the test database
    of the alias it follows (support/read_only.py)."""
    from django.test.utils import setup_databases, teardown_databases

    from apps.multidb.replicas import primary_aliases
    from support.read_only import read_only_aliases_follow_test_databases
    from support.replication import replicas_follow_test_databases, replicas_restore_names

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=django_db_keepdb,
            aliases=set(primary_aliases()),
        )
        names = replicas_follow_test_databases() | read_only_aliases_follow_test_databases()
    yield
    with django_db_blocker.unblock():
        replicas_restore_names(names)
        teardown_databases(config, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def one_client(request):
    """The test and the requests it makes through Django's test client are one client: what
    either writes, the other reads from the primary (apps/multidb/read_your_writes.py).

    A test outside a transaction starts once the replicas have replayed what the tests before it
    wrote (their rows, the flush after them): it reads from them.
    """
    from apps.multidb.read_your_writes import ReadState, state_scope

    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        from support.replication import replicas_caught_up

        replicas_caught_up()
    with state_scope(ReadState(continues_into_requests=True)) as state:
        yield state


def _harness_server(name: str) -> PostgresServer:
    server = PostgresServer.from_environment(name)
    if server is None:
        pytest.skip(f"the {name} server is not under the harness's control (run `make test`)")
    return server


@pytest.fixture
def blog_replica_server() -> PostgresServer:
    """The streaming replica behind `blog_db_replica_1`, for tests that pause or stop it."""
    return _harness_server("blog_replica")


@pytest.fixture
def default_replica_server() -> PostgresServer:
    """The streaming replica behind `default_replica_1`, for tests that pause or stop it."""
    return _harness_server("default_replica")


@pytest.fixture
def shared_cache_unusable(settings, tmp_path):
    """The shared cache pointed at a directory that cannot be made: every read fails."""
    from apps.blog.caching.version import shared_cache_failure_forget

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        },
    }
    yield
    shared_cache_failure_forget()


@pytest.fixture
def blog_server() -> PostgresServer:
    """The PostgreSQL server behind `blog_db`, for tests that stop and start it."""
    server = PostgresServer.from_environment("blog")
    if server is None:
        pytest.skip("blog_db server is not under the harness's control (run `make test`)")
    return server


@pytest.fixture
def default_server() -> PostgresServer:
    """The PostgreSQL server behind `default`, for tests that stop and start it."""
    server = PostgresServer.from_environment("default")
    if server is None:
        pytest.skip("default server is not under the harness's control (run `make test`)")
    return server


@pytest.fixture
def analytics_server() -> PostgresServer:
    """The PostgreSQL server behind `analytics`, for tests that stop and start it."""
    return _harness_server("analytics")


def _caches_fresh():
    """Empty per-worker memory and a new content version, before and after the test."""
    from django.core.cache import caches

    from apps.blog.caching.version import (
        PAGE_CACHE,
        content_version_bump,
        shared_cache_failure_forget,
    )

    caches[PAGE_CACHE].clear()
    content_version_bump()
    yield caches[PAGE_CACHE]
    shared_cache_failure_forget()  # a test may have pointed the shared cache at nothing
    caches[PAGE_CACHE].clear()


@pytest.fixture
def page_cache(settings):
    """The page cache on (apps/blog/caching/) with content fragments, empty."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.CONTENT_CACHE_SECONDS = 300
    yield from _caches_fresh()


@pytest.fixture
def content_cache(settings):
    """Content fragments on, the page cache off: what a signed-in reader always gets."""
    settings.CONTENT_CACHE_SECONDS = 300
    yield from _caches_fresh()


@pytest.fixture(scope="session")
def production_environ(django_db_blocker):
    """The production configuration's environment (support/live.py) on fresh databases on both
    servers: migrated, seeded with seed_demo and a superuser, static files collected."""
    from support.live import prepared_production_environ

    with django_db_blocker.unblock(), prepared_production_environ() as environ:
        yield environ


@pytest.fixture
def fresh_rate_limit_window():
    """Start with at least 20 s left in the current minute.

    Rate limits count in windows aligned to the clock (apps/accounts/ratelimits.py): a test that
    crossed a minute boundary would see its allowance renewed halfway. Hour and day windows end
    on a minute boundary too, so this covers them.
    """
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left + 0.1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded files of this test in a directory of its own, removed with pytest's temporary
    files (config/settings.py's MEDIA_ROOT is the site's var/media)."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT
