"""The anonymous page cache (apps/blog/caching/) misses no change: every kind of write shows on
the next request. Its URLconf is tests/page_cache_urls.py.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.caching.version import content_version_get
from apps.blog.models import Post
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"]),
    pytest.mark.urls("tests.page_cache_urls"),
]


def test_published_post_shows_on_the_next_request(client, page_cache):
    client.get("/posts/")
    PostFactory(title="Fresh news")
    response = client.get("/posts/")
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert b"Fresh news" in response.content


def test_draft_published_later_shows_on_the_next_request(client, page_cache):
    post = PostFactory(title="Was a draft", draft=True)
    assert b"Was a draft" not in client.get("/posts/").content
    post.status = Post.Status.PUBLISHED
    post.save()
    assert b"Was a draft" in client.get("/posts/").content


def test_edited_post_shows_on_the_next_request(client, page_cache):
    post = PostFactory(title="Before edit")
    client.get("/posts/")
    post.title = "After edit"
    post.save()
    content = client.get("/posts/").content
    assert b"After edit" in content and b"Before edit" not in content


def test_deleted_post_disappears_on_the_next_request(client, page_cache):
    post = PostFactory(title="Soon gone")
    assert b"Soon gone" in client.get("/posts/").content
    post.delete()
    assert b"Soon gone" not in client.get("/posts/").content


def test_new_and_removed_comments_show_on_the_next_request(client, page_cache):
    post = PostFactory()
    client.get("/posts/")
    comment = CommentFactory(post=post, body="First!")
    assert b"First!" in client.get("/posts/").content
    comment.delete()
    assert b"First!" not in client.get("/posts/").content


def test_hidden_comment_disappears_on_the_next_request(client, page_cache):
    comment = CommentFactory(body="Rude words")
    assert b"Rude words" in client.get("/posts/").content
    comment.is_visible = False
    comment.save()
    # The test view lists every comment; a hidden one must still trigger a fresh render.
    assert client.get("/posts/")[CACHE_STATUS_HEADER] == "miss"


def test_tag_changes_show_on_the_next_request(client, page_cache):
    post = PostFactory()
    tag = TagFactory(name="before")
    client.get("/posts/")
    post.tags.add(tag)
    assert b"tags=before" in client.get("/posts/").content
    tag.name = "after"
    tag.save()
    assert b"tags=after" in client.get("/posts/").content
    post.tags.clear()
    assert b"tags=after" not in client.get("/posts/").content
    post.tags.add(tag)
    assert b"tags=after" in client.get("/posts/").content
    tag.delete()
    assert b"tags=after" not in client.get("/posts/").content


def test_author_profile_edit_shows_on_the_next_request(client, page_cache):
    author = UserFactory(display_name="Old Name")
    PostFactory(author=author)
    assert b"Old Name" in client.get("/posts/").content
    author.display_name = "New Name"
    author.save(update_fields=["display_name"])
    assert b"New Name" in client.get("/posts/").content


def test_a_login_does_not_empty_the_cache(client, page_cache):
    user = UserFactory()
    client.get("/posts/")
    version = content_version_get()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])  # what every login does
    assert content_version_get() == version
    assert client.get("/posts/")[CACHE_STATUS_HEADER] == "hit"


def test_deleted_author_disappears_on_the_next_request(client, page_cache):
    author = UserFactory(display_name="Leaving Soon")
    PostFactory(author=author)
    assert b"Leaving Soon" in client.get("/posts/").content
    get_user_model().objects.filter(pk=author.pk).delete()
    # The blog cascade runs after the commit; the orphaned post is skipped by authors_attach.
    assert b"Leaving Soon" not in client.get("/posts/").content


def test_scheduled_post_appears_when_its_time_comes(client, page_cache):
    PostFactory(title="Right on time", published_at=timezone.now() + timedelta(seconds=3))
    assert b"Right on time" not in client.get("/posts/").content
    assert client.get("/posts/")[CACHE_STATUS_HEADER] == "hit"  # cached until then
    time.sleep(3.1)
    assert b"Right on time" in client.get("/posts/").content
