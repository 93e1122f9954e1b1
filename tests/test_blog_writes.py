"""Blog writes go through apps.blog.services, whoever makes them: the web UI or the admin's bulk
actions (publish, unpublish, hide, show), which log and report only what they changed."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone

from apps.blog import services
from apps.blog.models import Comment, Post
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def fresh(obj):
    obj.refresh_from_db()
    return obj


# --- Creating, changing and deleting a post -----------------------------------------------------


def test_post_create_or_update_writes_the_post_and_its_tags():
    TagFactory(name="Python")
    post = services.post_create_or_update(
        post=Post(author_id=UserFactory().pk),
        title="Hello",
        body="*Hi*",
        status=Post.Status.PUBLISHED,
        tag_names=["python", "new"],
    )
    assert fresh(post).state == Post.State.PUBLIC and post.slug == "hello"
    assert sorted(tag.name for tag in post.tags.all()) == ["Python", "new"]
    services.post_create_or_update(
        post=post, title="Renamed", body="x", status=Post.Status.DRAFT, tag_names=[]
    )
    assert (fresh(post).title, post.slug, post.state) == ("Renamed", "hello", Post.State.DRAFT)
    assert not post.tags.exists()


def test_post_delete_with_comments():
    post = PostFactory()
    CommentFactory.create_batch(2, post=post)
    services.post_delete_with_comments(post=post)
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(post_id=post.pk).exists()


# --- Publishing ---------------------------------------------------------------------------------


def test_post_publish_dates_drafts_now_and_keeps_the_dates_they_have():
    undated = PostFactory(draft=True)
    when = timezone.now() + timedelta(days=1)
    dated = PostFactory(draft=True, published_at=when)
    public = PostFactory()
    updated_before = undated.updated_at
    before = timezone.now()
    changed = services.post_publish(post_ids=[undated.pk, dated.pk, public.pk])
    assert sorted(changed) == sorted([undated.pk, dated.pk])
    assert fresh(undated).state == Post.State.PUBLIC
    assert before <= undated.published_at <= timezone.now()
    assert undated.updated_at > updated_before
    assert (fresh(dated).state, dated.published_at) == (Post.State.SCHEDULED, when)
    assert fresh(public).updated_at == public.updated_at  # already published: untouched


def test_post_unpublish_takes_public_and_scheduled_posts_back_to_draft():
    public = PostFactory()
    scheduled = PostFactory(published_at=timezone.now() + timedelta(days=1))
    draft = PostFactory(draft=True)
    dates = {post.pk: post.published_at for post in (public, scheduled)}
    changed = services.post_unpublish(post_ids=[public.pk, scheduled.pk, draft.pk])
    assert sorted(changed) == sorted([public.pk, scheduled.pk])
    for post in (public, scheduled):
        assert fresh(post).state == Post.State.DRAFT
        assert post.published_at == dates[post.pk]
    assert services.post_publish(post_ids=[public.pk]) == [public.pk]
    assert fresh(public).published_at == dates[public.pk]  # published again: the same date


def test_comment_hide_and_show_change_only_what_differs():
    shown, hidden = CommentFactory(), CommentFactory(is_visible=False)
    assert services.comment_hide(comment_ids=[shown.pk, hidden.pk]) == [shown.pk]
    assert not Comment.objects.filter(is_visible=True).exists()
    assert services.comment_show(comment_ids=[shown.pk]) == [shown.pk]
    assert list(Comment.objects.filter(is_visible=True)) == [shown]
    assert services.comment_show(comment_ids=[shown.pk]) == []


def test_services_show_on_the_next_cached_page(client, page_cache):
    post = PostFactory(title="Moderated post", draft=True)
    comment = CommentFactory(post=PostFactory(), body="Moderated comment")
    home, post_url = reverse("home"), comment.post.get_absolute_url()
    client.get(home), client.get(post_url)
    services.post_publish(post_ids=[post.pk])
    assert "Moderated post" in client.get(home).content.decode()
    services.post_unpublish(post_ids=[post.pk])
    assert "Moderated post" not in client.get(home).content.decode()
    services.comment_hide(comment_ids=[comment.pk])
    assert "Moderated comment" not in client.get(post_url).content.decode()
    services.comment_show(comment_ids=[comment.pk])
    assert "Moderated comment" in client.get(post_url).content.decode()


# --- The admin's bulk actions call the services -------------------------------------------------


def run_action(client, model, action: str, objects):
    response = client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def logged(obj) -> list[str]:
    entries = LogEntry.objects.filter(object_id=str(obj.pk), action_flag=CHANGE)
    return list(entries.order_by("pk").values_list("change_message", flat=True))


@pytest.mark.parametrize(
    ("action", "before", "after", "message", "log"),
    [
        ("publish", Post.State.DRAFT, Post.State.PUBLIC, "Published 1 post(s).", "Published."),
        (
            "unpublish",
            Post.State.PUBLIC,
            Post.State.DRAFT,
            "Unpublished 1 post(s).",
            "Unpublished.",
        ),
    ],
)
def test_post_actions(admin_client, action, before, after, message, log):
    changing = PostFactory(draft=before == Post.State.DRAFT)
    unchanged = PostFactory(draft=after == Post.State.DRAFT)
    assert run_action(admin_client, Post, action, [changing, unchanged]) == [message]
    assert fresh(changing).state == after and fresh(unchanged).state == after
    assert logged(changing) == [log] and logged(unchanged) == []


@pytest.mark.parametrize(
    ("action", "visible_before", "message", "log"),
    [
        ("hide", True, "Hid 1 comment(s).", "Hidden."),
        ("show", False, "Showed 1 comment(s).", "Shown."),
    ],
)
def test_comment_actions(admin_client, action, visible_before, message, log):
    changing = CommentFactory(is_visible=visible_before)
    unchanged = CommentFactory(is_visible=not visible_before)
    assert run_action(admin_client, Comment, action, [changing, unchanged]) == [message]
    assert fresh(changing).is_visible == fresh(unchanged).is_visible == (not visible_before)
    assert logged(changing) == [log] and logged(unchanged) == []


def test_an_action_whose_log_fails_changes_nothing(admin_client, monkeypatch):
    draft = PostFactory(draft=True)

    def failing_log(*args, **kwargs):
        raise RuntimeError("the admin log could not be written")

    monkeypatch.setattr(LogEntry.objects, "log_actions", failing_log)
    with pytest.raises(RuntimeError):
        admin_client.post(
            admin_url(Post, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
    assert fresh(draft).state == Post.State.DRAFT
