import pytest

from support.postgres import PostgresServer


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


def _caches_fresh():
    """Empty per-worker memory and a new content version, before and after the test."""
    from django.core.cache import caches

    from apps.blog.caching.version import PAGE_CACHE, content_version_bump

    caches[PAGE_CACHE].clear()
    content_version_bump()
    yield caches[PAGE_CACHE]
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
