"""The admin's writes in blog_db: bulk actions, saves and deletions."""

import pytest
from django.contrib.admin.models import LogEntry

from apps.accounts.models import User
from apps.blog.admin import PostAdmin
from apps.blog.models import Comment, Post
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


# --- Actions ---------------------------------------------------------------------------------


def run_action(client, model, action: str, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )


def test_publish_and_unpublish_actions(admin_client):
    draft = PostFactory(draft=True)
    scheduled = PostFactory(draft=True)
    scheduled.published_at = scheduled.created_at.replace(year=scheduled.created_at.year + 1)
    scheduled.save()
    updated_before = draft.updated_at
    assert run_action(admin_client, Post, "publish", [draft, scheduled]).status_code == 302
    draft.refresh_from_db()
    assert draft.updated_at > updated_before
    scheduled_date = scheduled.published_at
    scheduled.refresh_from_db()
    assert draft.status == scheduled.status == Post.Status.PUBLISHED
    assert draft.published_at is not None
    assert scheduled.published_at == scheduled_date  # a scheduled date is kept
    assert LogEntry.objects.filter(object_id=str(draft.pk), change_message="Published.").exists()

    assert run_action(admin_client, Post, "unpublish", [draft]).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_hide_and_show_comment_actions(admin_client):
    comments = CommentFactory.create_batch(2)
    run_action(admin_client, Comment, "hide", comments)
    assert not Comment.objects.filter(is_visible=True).exists()
    run_action(admin_client, Comment, "show", comments[:1])
    assert list(Comment.objects.filter(is_visible=True)) == comments[:1]


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
