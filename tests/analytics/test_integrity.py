"""A post's statistics go when the post goes, however it is deleted; `audit_crossdb` finds and
removes those a lost cascade leaves behind."""

import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.analytics.buffer import PendingViews
from apps.analytics.models import PostViewsDay, PostVisitorDay
from apps.analytics.services import post_views_write
from apps.blog.models import Post
from tests.factories import PostFactory, UserFactory

# Transactional: the cascade runs once the deletion has committed.
pytestmark = pytest.mark.django_db(databases=["default", "blog_db", "analytics"], transaction=True)

MISSING_POST_ID = 10**9


def statistics_write(post_id: int, *, views: int = 3, visitors: int = 2) -> None:
    today = timezone.localdate()
    post_views_write(
        pending=PendingViews(
            views=Counter({(post_id, today): views}),
            visitors={(post_id, today, bytes([n]) * 32) for n in range(visitors)},
        )
    )


def statistics_of(post_id: int) -> tuple[int, int]:
    return (
        PostViewsDay.objects.filter(post_id=post_id).count(),
        PostVisitorDay.objects.filter(post_id=post_id).count(),
    )


def test_an_author_deleting_a_post_deletes_its_statistics(client):
    post, kept = PostFactory(), PostFactory()
    statistics_write(post.pk)
    statistics_write(kept.pk)
    client.force_login(post.author)
    assert client.post(f"/posts/{post.slug}/delete/").status_code == 302
    assert statistics_of(post.pk) == (0, 0)
    assert statistics_of(kept.pk) == (1, 2)


def test_staff_deleting_posts_in_bulk_deletes_theirs(admin_client):
    posts = PostFactory.create_batch(3)
    for post in posts:
        statistics_write(post.pk)
    response = admin_client.post(
        "/admin/blog/post/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in posts], "post": "yes"},
    )
    assert response.status_code == 302
    assert [statistics_of(p.pk) for p in posts] == [(0, 0)] * 3


def test_deleting_a_user_deletes_their_posts_statistics_in_one_batch():
    author = UserFactory()
    posts, kept = PostFactory.create_batch(4, author=author), PostFactory()
    for post in [*posts, kept]:
        statistics_write(post.pk)
    with CaptureQueriesContext(connections["analytics"]) as queries:
        author.delete()
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 2  # one per table, for the four posts (and the welcome post)
    assert all(statistics_of(p.pk) == (0, 0) for p in posts)
    assert statistics_of(kept.pk) == (1, 2)


def test_a_deletion_rolled_back_keeps_the_statistics():
    post, deleted = PostFactory(), PostFactory()
    statistics_write(post.pk)
    statistics_write(deleted.pk)
    with transaction.atomic(using="blog_db"):
        deleted.delete()
        with pytest.raises(RuntimeError), transaction.atomic(using="blog_db"):
            Post.objects.get(pk=post.pk).delete()
            raise RuntimeError("changed my mind")
    assert Post.objects.filter(pk=post.pk).exists()
    assert statistics_of(post.pk) == (1, 2)
    assert statistics_of(deleted.pk) == (0, 0)


def audit(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("audit_crossdb", "--json", *args, stdout=out)
        code = 0
    except SystemExit as error:
        code = error.code
    report = json.loads(out.getvalue())
    return code, {finding["kind"]: finding for finding in report["findings"]}


def test_the_audit_finds_and_removes_orphaned_statistics():
    post = PostFactory()
    statistics_write(post.pk)
    for orphan in (MISSING_POST_ID, MISSING_POST_ID + 1, MISSING_POST_ID + 2):
        statistics_write(orphan, views=5, visitors=1)

    code, found = audit("--batch-size", "2")
    assert code == 1
    assert found["orphaned_statistics"] | {"sample": None} == {
        "kind": "orphaned_statistics",
        "description": "view counts and visitors of posts that no longer exist",
        "count": 3, "rows": 6, "sample": None, "removed": {}, "repairable": True,
    }  # fmt: skip
    assert sorted(found["orphaned_statistics"]["sample"]) == [
        MISSING_POST_ID, MISSING_POST_ID + 1, MISSING_POST_ID + 2
    ]  # fmt: skip

    code, found = audit("--fix", "--batch-size", "2")
    assert code == 0
    assert found["orphaned_statistics"]["removed"] == {"view_counts": 3, "visitors": 3}
    assert statistics_of(MISSING_POST_ID) == (0, 0)
    assert statistics_of(post.pk) == (1, 2)
    assert audit()[0] == 0


def test_the_audit_summary_names_what_it_removed():
    statistics_write(MISSING_POST_ID, views=1, visitors=1)
    out = io.StringIO()
    call_command("audit_crossdb", "--fix", stdout=out)
    assert (
        "orphaned_statistics: 2 found (view counts and visitors of posts that no longer exist); "
        f"removed 1 view count, 1 visitor; 1 ids: {MISSING_POST_ID}"
    ) in out.getvalue()
