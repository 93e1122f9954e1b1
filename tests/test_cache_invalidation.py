"""Every write to blog_db replaces the content version, whatever ran it
(apps/blog/caching/invalidation.py): no write path has to remember to invalidate.
"""

import pytest
from django.db import connections, transaction
from django.urls import reverse

from apps.blog.caching.invalidation import blog_writes_invalidate
from apps.blog.caching.version import content_version_get
from apps.blog.models import Comment, Post
from apps.multidb.aliases import BLOG_DB
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_a_bulk_update_shows_on_the_next_request(client, page_cache):
    post = PostFactory(title="Before the bulk update")
    assert "Before the bulk update" in client.get(reverse("home")).content.decode()
    version = content_version_get()
    Post.objects.filter(pk=post.pk).update(title="After the bulk update")  # sends no signal
    assert content_version_get() != version
    page = client.get(reverse("home")).content.decode()
    assert "After the bulk update" in page and "Before the bulk update" not in page


def test_a_bulk_delete_and_raw_sql_replace_the_version(page_cache):
    comment = CommentFactory()
    version = content_version_get()
    Comment.objects.filter(pk=comment.pk).delete()
    assert content_version_get() != version

    post, version = PostFactory(), content_version_get()
    with connections[BLOG_DB].cursor() as cursor:  # a write path that does not exist yet
        cursor.execute("UPDATE blog_post SET title = %s WHERE id = %s", ["Raw", post.pk])
    assert content_version_get() != version


def test_reads_leave_the_version_alone(page_cache):
    post = PostFactory()
    version = content_version_get()
    assert list(Post.objects.filter(pk=post.pk)) == [post]
    with transaction.atomic(using=BLOG_DB):
        Post.objects.select_for_update().filter(pk=post.pk).count()
    assert content_version_get() == version


def test_every_blog_db_connection_is_watched_once():
    blog = connections[BLOG_DB]
    blog.ensure_connection()
    assert blog.execute_wrappers.count(blog_writes_invalidate) == 1
    assert blog_writes_invalidate not in connections["default"].execute_wrappers


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_a_transaction_replaces_the_version_again_when_it_commits(page_cache):
    # A worker that read the version while the transaction ran may have cached the old rows
    # under it; the bump at the commit makes that copy unreachable.
    post = PostFactory()
    with transaction.atomic(using=BLOG_DB):
        Post.objects.filter(pk=post.pk).update(title="First")
        Post.objects.filter(pk=post.pk).update(title="Second")
        during = content_version_get()
    assert content_version_get() != during
