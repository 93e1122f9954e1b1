"""A save that fails after its new image's files were stored removes those files and keeps the
ones the row still names: in the admin, whose own transaction holds the row's save, the change
log and the commit; on the site's forms. When the commit's answer is lost with the server, whether
the row changed is not known: the new files are left to the audit, the old ones kept.

The failures are real: a PostgreSQL server stopped between the row's save and the commit."""

import io
import os
import time
from contextlib import contextmanager

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import DatabaseError
from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from apps.blog.audit_images import UNNAMED_FILES_MIN_AGE
from apps.blog.models import Post
from apps.core.image_files import image_changes
from apps.core.image_uploads import image_prepare
from apps.core.images import COVER
from support.live import reset_test_connections
from tests.admin_helpers import admin_url
from tests.factories import PostFactory, UserFactory
from tests.images import files
from tests.images.helpers import image_directories, post_with_cover, upload, user_with_avatar
from tests.web.helpers import post_form

# transaction=True: the test's own transaction would not survive the server stopping.
pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"], transaction=True),
    pytest.mark.faults,
]


def directory_of(name: str) -> str:
    return name.rsplit("/", 1)[0]


@contextmanager
def stopped_on(signal, sender, server):
    """Stop `server` when `signal` is sent for `sender`, once; started again afterwards."""
    stopped = []

    def stop(**kwargs) -> None:
        if not stopped:
            server.stop()
            stopped.append(server)

    signal.connect(stop, sender=sender, weak=False, dispatch_uid="stop-server")
    try:
        yield stopped
    finally:
        signal.disconnect(sender=sender, dispatch_uid="stop-server")
        for server in stopped:
            server.start()
        reset_test_connections()


def stopped_when_the_admin_logs(server):
    """As the admin writes its log entry: after the row's save (and its images' files), before
    the admin's transaction commits."""
    return stopped_on(pre_save, LogEntry, server)


def post_change_data(post, **overrides) -> dict:
    return {
        "title": post.title, "slug": post.slug, "author": post.author_id, "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "body": post.body, **overrides,
    }  # fmt: skip


def user_change_data(user, **overrides) -> dict:
    return {
        "username": user.username, "email": user.email, "display_name": user.display_name,
        "bio": "", "is_active": "on", "notify_replies": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00", **overrides,
    }  # fmt: skip


# A row with an image, its image field, and the admin form changing it with a new image. The
# cover is saved in blog_db, whose transaction rolls back when the log entry in `default` fails;
# the photo and the log entry share `default`'s transaction, lost with the server.
ADMIN_CHANGES = {
    "a post's cover": (
        lambda: post_with_cover(PostFactory()),
        "cover_image",
        lambda post: post_change_data(post, title="Changed", cover_image=upload()),
    ),
    "a user's photo": (
        lambda: user_with_avatar(UserFactory()),
        "avatar",
        lambda user: user_change_data(user, avatar=upload(files.webp_bytes(), "portrait.webp")),
    ),
}


@pytest.mark.parametrize("change", ADMIN_CHANGES)
def test_an_admin_image_change_whose_transaction_fails_removes_the_new_files(
    change, admin_client, default_server, media_root
):
    row_with_image, field, form_data = ADMIN_CHANGES[change]
    row = row_with_image()
    old = directory_of(getattr(row, field).name)
    with stopped_when_the_admin_logs(default_server) as stopped:
        response = admin_client.post(admin_url(type(row), "change", row.pk), form_data(row))
    assert response.status_code == 503
    assert stopped, "the admin never logged the change"
    row.refresh_from_db()
    assert directory_of(getattr(row, field).name) == old  # the old image is still named
    assert image_directories(media_root) == [old]  # and stored; the new one is gone


def test_an_admin_post_added_with_a_cover_whose_transaction_fails_leaves_no_files(
    admin_client, default_server, media_root
):
    author = UserFactory()
    data = {
        "title": "From the admin", "slug": "", "author": author.pk, "status": "published",
        "published_at_0": "", "published_at_1": "", "body": "Text.", "cover_image": upload(),
    }  # fmt: skip
    with stopped_when_the_admin_logs(default_server) as stopped:
        response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 503
    assert stopped, "the admin never logged the addition"
    assert not Post.objects.filter(title="From the admin").exists()
    assert image_directories(media_root) == []


def test_the_post_editor_losing_blog_db_after_the_save_removes_the_new_files(
    client, author, blog_server, media_root
):
    """The post row is written, then its tags cannot be: the whole save rolls back."""
    post = post_with_cover(PostFactory(author=author))
    old = directory_of(post.cover_image.name)
    with stopped_on(post_save, Post, blog_server) as stopped:
        response = client.post(
            reverse("post_edit", args=[post.slug]),
            post_form(title="Changed", tags="news", cover_image=upload()),
        )
    assert response.status_code == 503
    assert stopped, "the post was never saved"
    post.refresh_from_db()
    assert post.title != "Changed"
    assert directory_of(post.cover_image.name) == old
    assert image_directories(media_root) == [old]


def age(media_root, directory: str, seconds: float) -> None:
    moment = time.time() - seconds
    for path in (media_root / directory).iterdir():
        os.utime(path, (moment, moment))


def test_a_commit_lost_with_the_server_keeps_every_file_for_the_audit(blog_server, media_root):
    """The COMMIT may have been applied before its answer was lost: neither image's files go."""
    post = post_with_cover(PostFactory())
    old = directory_of(post.cover_image.name)
    prepared = image_prepare(upload(), kind=COVER)
    try:
        with (
            pytest.raises(DatabaseError),
            image_changes(post, {"cover_image": prepared}, using="blog_db"),
        ):
            post.save()
            blog_server.stop()  # gone when the block commits
    finally:
        blog_server.start()
        reset_test_connections()
    (new,) = set(image_directories(media_root)) - {old}
    post.refresh_from_db()
    assert directory_of(post.cover_image.name) == old  # this time, the commit was not applied

    age(media_root, new, UNNAMED_FILES_MIN_AGE.total_seconds() + 60)
    call_command("audit_crossdb", "--fix", stdout=io.StringIO())
    assert image_directories(media_root) == [old]
