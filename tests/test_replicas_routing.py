"""Where reads and writes go with replicas configured, in process on the real servers: the
replica's own statement log says what ran there; pausing and stopping it make it lag and fail.

Transactional tests: TestCase's open transaction would keep every read on the primary.
"""

import contextlib
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.db import router, transaction

from apps.accounts.models import User
from apps.blog.models import Comment, Post
from apps.multidb.read_your_writes import (
    ReadState,
    primary_insert_position,
    primary_reads,
    state_scope,
)
from apps.multidb.replica_health import DOWN, LAGGING, OK, replica_monitor
from support.live import reset_test_connections
from support.replication import replicas_caught_up
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

BLOG_REPLICA = "blog_db_replica_1"


def a_new_client():
    """The read state of a client that has written nothing yet."""
    return state_scope(ReadState())


@pytest.fixture
def replicas_checked(settings, blog_replica_server):
    """Replicas that have replayed everything, checked now; no check in the background."""
    settings.REPLICA_CHECK_SECONDS = 3600
    replicas_caught_up()
    replica_monitor.refresh()
    yield replica_monitor


@pytest.fixture
def statement_logs(blog_server, blog_replica_server):
    for server in (blog_server, blog_replica_server):
        server.log_statements(True)
    yield
    for server in (blog_server, blog_replica_server):
        server.log_statements(False)


@contextlib.contextmanager
def paused(server):
    server.replay_pause()
    try:
        yield
    finally:
        server.replay_resume()


def test_reads_run_on_the_replica_writes_on_the_primary(
    replicas_checked, statement_logs, blog_server, blog_replica_server
):
    title = f"routed-{uuid.uuid4().hex}"
    with a_new_client():
        PostFactory(title=title)
    replicas_caught_up()
    with a_new_client():
        post = Post.objects.get(title=title)
    assert post._state.db == BLOG_REPLICA
    where = f'"blog_post"."title" = \'{title}\''
    assert where in blog_replica_server.server_log()
    assert where not in blog_server.server_log()
    assert 'INSERT INTO "blog_post"' in blog_server.server_log()
    assert title in blog_server.server_log()


def test_transactions_and_select_for_update_read_the_primary(replicas_checked):
    post = PostFactory()
    replicas_caught_up()
    with a_new_client():
        assert Post.objects.get(pk=post.pk)._state.db == BLOG_REPLICA
        with transaction.atomic(using="blog_db"):
            assert Post.objects.get(pk=post.pk)._state.db == "blog_db"
            locked = Post.objects.select_for_update().get(pk=post.pk)
            assert locked._state.db == "blog_db"
        with primary_reads():
            assert Post.objects.get(pk=post.pk)._state.db == "blog_db"


def test_a_client_that_wrote_reads_its_writes_from_the_primary(replicas_checked):
    with a_new_client() as client:
        post = PostFactory()
        assert client.written == {"default", "blog_db"}
        assert Post.objects.get(pk=post.pk)._state.db == "blog_db"
    with a_new_client() as reader:
        User.objects.filter(pk=post.author_id).update(bio="Edited")
        assert reader.written == {"default"}
        assert router.db_for_read(Post) == BLOG_REPLICA


def test_a_position_the_replica_has_not_replayed_is_read_from_the_primary(
    replicas_checked, blog_replica_server
):
    with paused(blog_replica_server):
        with a_new_client():
            post = PostFactory()
        position = primary_insert_position("blog_db")
        with state_scope(ReadState(positions={"blog_db": position})) as state:
            assert Post.objects.get(pk=post.pk)._state.db == "blog_db"
            assert state.caught_up == set()
        with a_new_client():  # another client may read the paused replica, without the post
            assert not Post.objects.filter(pk=post.pk).exists()
    replicas_caught_up()
    with state_scope(ReadState(positions={"blog_db": position})) as state:
        assert Post.objects.get(pk=post.pk)._state.db == BLOG_REPLICA
        assert state.caught_up == {"blog_db"}


def test_a_lagging_replica_is_skipped_and_taken_back(
    replicas_checked, blog_replica_server, settings, client
):
    settings.REPLICA_MAX_LAG_BYTES = 4096
    with paused(blog_replica_server):
        with a_new_client():
            PostFactory.create_batch(5)  # more than 4 kB of WAL
        assert replica_monitor.refresh()[BLOG_REPLICA].state == LAGGING
        with a_new_client():
            assert router.db_for_read(Post) == "blog_db"
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()[BLOG_REPLICA] == LAGGING
    replicas_caught_up()
    assert replica_monitor.refresh()[BLOG_REPLICA].state == OK
    with a_new_client():
        assert router.db_for_read(Post) == BLOG_REPLICA


@pytest.mark.faults
def test_a_stopped_replica_is_skipped_and_taken_back(replicas_checked, blog_replica_server, client):
    post = PostFactory()
    replicas_caught_up()
    blog_replica_server.stop()
    try:
        assert replica_monitor.refresh()[BLOG_REPLICA].state == DOWN
        with a_new_client():
            assert Post.objects.get(pk=post.pk)._state.db == "blog_db"
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()[BLOG_REPLICA] == DOWN
    finally:
        blog_replica_server.start()
        blog_replica_server.wait_until_streaming()
        reset_test_connections()
    replicas_caught_up()
    assert replica_monitor.refresh()[BLOG_REPLICA].state == OK
    with a_new_client():
        assert Post.objects.get(pk=post.pk)._state.db == BLOG_REPLICA


@pytest.mark.faults
def test_a_promoted_replica_is_no_longer_read_from(
    replicas_checked, blog_server, blog_replica_server, client
):
    post = PostFactory()
    replicas_caught_up()
    blog_replica_server.promote()  # a failover: it leaves its primary and takes writes
    try:
        status = replica_monitor.refresh()[BLOG_REPLICA]
        assert (status.state, status.error) == (DOWN, f"{BLOG_REPLICA} is not in recovery: "
                                                      "it has been promoted")  # fmt: skip
        with a_new_client():
            assert Post.objects.get(pk=post.pk)._state.db == "blog_db"
        assert client.get("/readyz").json()[BLOG_REPLICA] == DOWN
    finally:
        reset_test_connections()
        blog_replica_server.rebuild_replica_of(blog_server)
    replicas_caught_up()
    assert replica_monitor.refresh()[BLOG_REPLICA].state == OK


def test_a_replica_that_fails_mid_request_is_skipped_until_checked_again(
    replicas_checked, blog_replica_server
):
    post = PostFactory()
    blog_replica_server.replay_pause()
    blog_replica_server.stop()
    try:
        position = primary_insert_position("blog_db") + 1  # forces a live replay check
        with state_scope(ReadState(positions={"blog_db": position})):
            assert Post.objects.get(pk=post.pk)._state.db == "blog_db"
        assert replica_monitor.statuses()[BLOG_REPLICA].state == DOWN
    finally:
        blog_replica_server.start()
        blog_replica_server.wait_until_streaming()
        blog_replica_server.replay_resume()
        reset_test_connections()


@pytest.mark.parametrize(
    ("model", "replica"),
    [(Post, BLOG_REPLICA), (Comment, BLOG_REPLICA), (User, "default_replica_1"),
     (Session, "default_replica_1")],
)  # fmt: skip
def test_each_model_reads_from_a_replica_of_its_own_primary(replicas_checked, model, replica):
    other_database = SimpleNamespace(_state=SimpleNamespace(db="elsewhere"))
    with a_new_client():
        assert router.db_for_read(model) == replica
        assert router.db_for_read(model, instance=other_database) == replica


def test_migrations_never_run_on_a_replica():
    assert router.allow_migrate("blog_db", "blog") is True
    assert router.allow_migrate(BLOG_REPLICA, "blog") is False
    assert router.allow_migrate("default_replica_1", "accounts") is False
