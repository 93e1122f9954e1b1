"""Caches agree with replication: content rendered under a new content version always includes
the change that made it, even for readers who never wrote and while the replica lags; once the
replica has caught up they read from it again. On the real replica, with the page cache on.
"""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.models import Post
from apps.multidb.read_your_writes import ReadState, state_scope
from apps.multidb.replica_health import replica_monitor
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


def test_a_page_rendered_during_lag_includes_the_change_that_invalidated_it(
    replicas_checked, page_cache, blog_replica_server
):
    assert an_anonymous_reader("/posts/")[1]  # read from the replica
    blog_replica_server.replay_pause()
    try:
        with state_scope(ReadState()):  # another client publishes
            PostFactory(title="Published while the replica lags")
        assert not Post.objects.using(BLOG_REPLICA).filter(title__startswith="Published").exists()
        response, replica_reads = an_anonymous_reader("/posts/")
        assert response[CACHE_STATUS_HEADER] == "miss"
        assert b"Published while the replica lags" in response.content
        assert replica_reads == []  # the primary rendered it
        cached, _ = an_anonymous_reader("/posts/")
        assert cached[CACHE_STATUS_HEADER] == "hit"
        assert b"Published while the replica lags" in cached.content
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
