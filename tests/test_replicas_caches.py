"""Caches agree with replication: content rendered under a new content version always includes
the change that made it, even for readers who never wrote and while the replica lags; once the
replica has caught up they read from it again. On the real replica, with the page cache on.
"""

import contextlib

import pytest
from django.core.cache import caches
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.blog.caching import version
from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.caching.version import VERSION_CACHE, VERSION_KEY, version_positions
from apps.blog.models import Post
from apps.multidb.read_your_writes import ReadState, state_scope
from apps.multidb.replica_health import replica_monitor
from support.postgres import free_port
from support.replication import replicas_caught_up
from tests.factories import PostFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"], transaction=True),
    pytest.mark.urls("tests.page_cache_urls"),
]

BLOG_REPLICA = "blog_db_replica_1"


@pytest.fixture
def replicas_checked(settings, blog_replica_server):
    settings.REPLICA_CHECK_SECONDS = 3600
    replicas_caught_up()
    replica_monitor.refresh()


def an_anonymous_reader(path: str):
    """A GET by someone who has written nothing; the content queries it ran on the replica."""
    with state_scope(ReadState()), CaptureQueriesContext(connections[BLOG_REPLICA]) as replica:
        response = Client().get(path)
    return response, [q["sql"] for q in replica.captured_queries if "blog_post" in q["sql"]]


def assert_the_primary_renders_and_keeps(title: str) -> None:
    """The replica lacks the post `title`: a reader gets it rendered from the primary, and the
    copy kept for the next reader shows it too."""
    assert not Post.objects.using(BLOG_REPLICA).filter(title=title).exists()
    response, replica_reads = an_anonymous_reader("/posts/")
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert title.encode() in response.content
    assert replica_reads == []
    cached, _ = an_anonymous_reader("/posts/")
    assert cached[CACHE_STATUS_HEADER] == "hit"
    assert title.encode() in cached.content


def test_a_page_rendered_during_lag_includes_the_change_that_invalidated_it(
    replicas_checked, page_cache, blog_replica_server
):
    assert an_anonymous_reader("/posts/")[1]  # read from the replica
    blog_replica_server.replay_pause()
    try:
        with state_scope(ReadState()):  # another client publishes
            PostFactory(title="Published while the replica lags")
        assert_the_primary_renders_and_keeps("Published while the replica lags")
    finally:
        blog_replica_server.replay_resume()


def test_once_the_replica_has_replayed_the_change_readers_use_it_again(
    replicas_checked, page_cache
):
    with state_scope(ReadState()):
        PostFactory(title="Replayed")
    replicas_caught_up()
    response, replica_reads = an_anonymous_reader("/posts/")
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert b"Replayed" in response.content
    assert replica_reads


def test_a_version_drawn_after_the_shared_one_was_lost_waits_for_every_committed_write(
    replicas_checked, page_cache, blog_replica_server
):
    """The shared version is gone (Redis restarted, the cache directory wiped) while the replica
    lags: the version a reader draws in its place must still demand the last committed write."""
    blog_replica_server.replay_pause()
    try:
        with state_scope(ReadState()):  # another client publishes
            PostFactory(title="Published before the version was lost")
        caches[VERSION_CACHE].delete(VERSION_KEY)
        assert_the_primary_renders_and_keeps("Published before the version was lost")
    finally:
        blog_replica_server.replay_resume()


@contextlib.contextmanager
def refusing_connections(alias: str):
    """`alias` pointed at a port nobody listens on for the block: its primary cannot be asked."""
    connection = connections[alias]
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port


def test_a_version_is_not_drawn_while_a_primary_cannot_say_its_position(
    replicas_checked, page_cache
):
    caches[VERSION_CACHE].delete(VERSION_KEY)
    with refusing_connections("default"):
        response, replica_reads = an_anonymous_reader("/posts/")
        assert response.status_code == 200
        assert CACHE_STATUS_HEADER not in response  # served, and kept nowhere
        assert replica_reads
        assert caches[VERSION_CACHE].get(VERSION_KEY) is None
    # The shared cache was never at fault: the next reader draws a version and caches at once.
    assert an_anonymous_reader("/posts/")[0][CACHE_STATUS_HEADER] == "miss"
    assert an_anonymous_reader("/posts/")[0][CACHE_STATUS_HEADER] == "hit"
    assert version_positions(caches[VERSION_CACHE].get(VERSION_KEY)).keys() == {
        "default",
        "blog_db",
    }


def test_a_change_the_shared_cache_missed_is_waited_for_once_it_answers_again(
    replicas_checked, page_cache, blog_replica_server, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(version, "RETRY_SECONDS", 0.0)  # try the shared cache again at once
    working = settings.CACHES
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    blog_replica_server.replay_pause()
    try:
        settings.CACHES = {
            **working,
            VERSION_CACHE: {**working[VERSION_CACHE], "LOCATION": str(blocker / "cache")},
        }
        with state_scope(ReadState()):  # another client publishes; no version can carry it
            PostFactory(title="Published while the shared cache failed")
        settings.CACHES = working
        for _ in range(2):
            response, replica_reads = an_anonymous_reader("/posts/")
            assert b"Published while the shared cache failed" in response.content
            assert replica_reads == []  # the primary rendered it
    finally:
        blog_replica_server.replay_resume()
