"""A transaction replaces the tokens of what it changed once, when it commits, with the tags of
all its writes (apps/blog/caching/invalidation.py `content_changed`); before the commit only the
thread that wrote can see the new rows, and it sees its change at its next read of the version.
"""

import contextlib
import threading
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connections, transaction
from django.urls import reverse

from apps.blog.caching.version import VERSION_CACHE, content_version_get
from apps.blog.models import Post
from apps.multidb.aliases import BLOG_DB
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)


class RolledBack(Exception):
    pass


def version_in_another_thread() -> str:
    """The content version as another request of this process reads it now."""
    seen = []

    def read() -> None:
        try:
            seen.append(content_version_get())
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen[0]


@contextlib.contextmanager
def token_replacements():
    """How many times tokens are replaced in the shared cache inside the block (one write of
    them all per replacement)."""
    cache = caches[VERSION_CACHE]
    calls: list[list[str]] = []
    real_set_many = cache.set_many

    def set_many(data, *args, **kwargs):
        calls.append(sorted(data))
        return real_set_many(data, *args, **kwargs)

    with mock.patch.object(cache, "set_many", set_many):
        yield calls


def test_a_post_edit_replaces_the_tokens_once(client, page_cache):
    author = UserFactory()
    post = PostFactory(author=author, title="Before the edit")
    client.force_login(author)
    fields = {"title": "After the edit", "body": "x", "tags": "news, django", "status": "published"}
    with token_replacements() as replacements:  # the post, two new tags, their links to it
        assert client.post(reverse("post_edit", args=[post.slug]), fields).status_code == 302
    assert len(replacements) == 1
    client.logout()
    page = client.get(reverse("home")).content.decode()
    assert "After the edit" in page and "Before the edit" not in page


def test_only_the_writing_thread_sees_the_change_before_the_commit(page_cache):
    post = PostFactory()
    before = content_version_get()
    with transaction.atomic(using=BLOG_DB):
        Post.objects.filter(pk=post.pk).update(title="First")
        Post.objects.filter(pk=post.pk).update(title="Second")
        assert version_in_another_thread() == before  # it still reads the old rows
        during = content_version_get()
        assert during != before
    after = version_in_another_thread()
    assert after not in (before, during)
    assert content_version_get() == after


def test_a_rolled_back_transaction_replaces_nothing(page_cache):
    post = PostFactory()
    before = content_version_get()
    with (
        token_replacements() as replacements,
        contextlib.suppress(RolledBack),
        transaction.atomic(using=BLOG_DB),
    ):
        Post.objects.filter(pk=post.pk).update(title="Never committed")
        raise RolledBack
    assert replacements == []
    assert content_version_get() == before
