"""The welcome post: seeded once per new user, after the user's row is committed in `default`."""

import json
import logging
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections, transaction

from apps.blog.models import Post, SiteSettings
from apps.blog.services import welcome_post_seed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])
committed = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

User = get_user_model()


def welcome_posts(user) -> list[Post]:
    return list(Post.objects.filter(author_id=user.pk, is_welcome=True))


def audit_exit_code(*args: str) -> int:
    try:
        call_command("audit_crossdb", *args)
    except SystemExit as error:
        return error.code
    return 0


@committed
def test_a_new_user_gets_a_draft_welcome_post_once_committed():
    with transaction.atomic():
        user = UserFactory()
        # The user's row is not committed yet, so blog_db has nothing for them.
        assert welcome_posts(user) == []

    [post] = welcome_posts(user)
    assert post.title == "Welcome to Quire"  # the site's default title
    assert post.status == Post.Status.DRAFT
    assert not post.is_public
    assert "publish" in post.body.lower() and "edit" in post.body.lower()
    assert post.body_html.startswith("<p>")
    assert post.author == user
    user.refresh_from_db()
    assert user.welcome_post_seeded_at is not None


def test_the_welcome_post_names_the_site_by_its_title(django_capture_on_commit_callbacks):
    SiteSettings(title="Ink & Paper").save(using="blog_db")
    with django_capture_on_commit_callbacks(execute=True):
        user = UserFactory()
    [post] = welcome_posts(user)
    assert post.title == "Welcome to Ink & Paper"


def test_the_seed_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        user = UserFactory()
    assert welcome_posts(user) == []
    assert len(callbacks) == 1

    callbacks[0]()
    assert len(welcome_posts(user)) == 1


@committed
def test_a_rolled_back_sign_up_leaves_no_post():
    with pytest.raises(RuntimeError), transaction.atomic():
        user = User.objects.create_user(username="ghost", password="correct-horse-battery")
        raise RuntimeError("sign-up failed after the user row was written")

    assert not User.objects.filter(username="ghost").exists()
    assert not Post.objects.filter(author_id=user.pk).exists()
    assert Post.objects.count() == 0


@committed
def test_later_saves_do_not_seed_again():
    user = UserFactory()
    [post] = welcome_posts(user)
    post.delete()
    # Clear the marker too, so only the receiver's "created" test stands between a save and a seed.
    User.objects.filter(pk=user.pk).update(welcome_post_seeded_at=None)
    user.refresh_from_db()

    user.bio = "Edited my profile."
    user.save()
    user.set_password("another-horse-battery")
    user.save()

    assert welcome_posts(user) == []


@committed
def test_fixture_loads_do_not_seed(tmp_path):
    fixture = tmp_path / "people.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "accounts.user",
                    "pk": 4242,
                    "fields": {"username": "fixture-person", "password": "!", "email": ""},
                }
            ]
        )
    )

    call_command("loaddata", str(fixture), database="default", verbosity=0)

    assert User.objects.filter(pk=4242).exists()
    assert not Post.objects.filter(author_id=4242).exists()


@committed
def test_concurrent_seeds_make_one_welcome_post():
    # bulk_create sends no post_save, so the user starts without a welcome post.
    [user] = User.objects.bulk_create([User(username="racer", password="!")])
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def seed() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(welcome_post_seed(user_id=user.pk))
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=seed) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == threads_count
    assert len([post for post in results if post is not None]) == 1
    assert len(welcome_posts(user)) == 1


def test_seeding_twice_in_a_row_makes_one_post():
    user = UserFactory()
    assert welcome_post_seed(user_id=user.pk) is not None
    assert welcome_post_seed(user_id=user.pk) is None
    assert len(welcome_posts(user)) == 1


def test_a_lost_marker_does_not_make_a_second_post():
    # The post was written in blog_db but the marker's commit in default was lost.
    user = UserFactory()
    welcome_post_seed(user_id=user.pk)
    User.objects.filter(pk=user.pk).update(welcome_post_seeded_at=None)

    assert welcome_post_seed(user_id=user.pk) is None
    assert len(welcome_posts(user)) == 1
    user.refresh_from_db()
    assert user.welcome_post_seeded_at is not None


@committed
def test_a_deleted_welcome_post_stays_deleted_after_repair():
    user = UserFactory()
    [post] = welcome_posts(user)
    post.delete()

    assert audit_exit_code("--fix") == 0
    assert audit_exit_code() == 0
    assert welcome_posts(user) == []
    assert not Post.objects.filter(author_id=user.pk).exists()


@pytest.mark.faults
@committed
def test_sign_up_with_blog_db_stopped_succeeds_and_the_audit_seeds_later(blog_server, caplog):
    blog_server.stop()
    try:
        with caplog.at_level(logging.ERROR, logger="apps.blog.integrity"):
            user = User.objects.create_user(username="offline", password="correct-horse-battery")
    finally:
        blog_server.start()
        # The old connection died with the server; the next query must open a new one.
        connections["blog_db"].close()

    assert User.objects.filter(username="offline").exists()
    [record] = [r for r in caplog.records if r.name == "apps.blog.integrity"]
    assert record.levelno == logging.ERROR
    assert f"Welcome post for user {user.pk} not seeded" in record.getMessage()
    user.refresh_from_db()
    assert user.welcome_post_seeded_at is None
    assert welcome_posts(user) == []

    assert audit_exit_code() == 1
    assert audit_exit_code("--fix") == 0
    assert len(welcome_posts(user)) == 1
    assert audit_exit_code() == 0
