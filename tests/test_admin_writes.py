"""The admin's writes in blog_db: saves and deletions (bulk actions: tests/test_blog_writes.py)."""

import pytest

from apps.accounts.models import User
from apps.blog.admin import PostAdmin
from apps.blog.models import Comment, Post
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


# --- Saves are atomic in blog_db ---------------------------------------------------------------


def test_admin_post_save_is_atomic_in_blog_db(admin_client, monkeypatch):
    """Django's changeform_view wraps the POST in transaction.atomic(using=<router's alias>).

    For blog models that alias is blog_db: a failure after the post row was written (here while
    saving its tags) undoes the row. If the admin's transaction were on `default`, the post
    would stay.
    """
    author, tag = UserFactory(), TagFactory()

    def failing_save_related(self, request, form, formsets, change):
        assert Post.objects.filter(title="Half saved").exists()
        raise RuntimeError("tags could not be saved")

    monkeypatch.setattr(PostAdmin, "save_related", failing_save_related)
    data = {
        "title": "Half saved",
        "author": author.pk,
        "status": "draft",
        "tags": [tag.pk],
        "body": "text",
    }
    with pytest.raises(RuntimeError):
        admin_client.post(admin_url(Post, "add"), data)
    assert not Post.objects.filter(title="Half saved").exists()


def test_orphaned_post_pages_answer_and_the_post_can_be_deleted(admin_client):
    orphan = PostFactory()
    CommentFactory(post=orphan)
    User.objects.filter(pk=orphan.author_id).delete()
    assert admin_client.get(admin_url(Post, "change", orphan.pk)).status_code == 200
    assert admin_client.get(admin_url(Post, "delete", orphan.pk)).status_code == 200
    response = admin_client.post(admin_url(Post, "delete", orphan.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=orphan.pk).exists()
    assert not Comment.objects.filter(post_id=orphan.pk).exists()
