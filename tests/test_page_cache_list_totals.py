"""Reader list totals (CachedCountPaginator): counted once per content version, and following the
posts that join and leave a list. The site's pages themselves under the page cache are in
tests/test_page_cache_site.py.
"""

import time
from datetime import timedelta

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.blog import services
from apps.blog.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def page_and_counts(client, url) -> tuple[str, int]:
    """The page at `url` and how many COUNT(*) queries serving it made on blog_db."""
    with CaptureQueriesContext(connections["blog_db"]) as blog:
        page = client.get(url).content.decode()
    return page, sum("COUNT(*)" in query["sql"] for query in blog.captured_queries)


def test_list_totals_are_counted_once_per_content_version(client, page_cache):
    author = UserFactory()
    PostFactory.create_batch(10, author=author)
    client.force_login(UserFactory())  # signed in: no page cache, only the count cache
    home, author_page = reverse("home"), reverse("author_detail", args=[author.username])
    page, counts = page_and_counts(client, home)
    assert counts == 1 and "Page 1 of" not in page
    page, counts = page_and_counts(client, home)
    assert counts == 0
    _, counts = page_and_counts(client, author_page)
    assert counts == 1  # another list, another total

    extra = services.post_create_or_update(
        post=Post(author_id=author.pk), title="Eleventh", body="x", status=Post.Status.PUBLISHED
    )
    page, counts = page_and_counts(client, home)
    assert counts == 1 and "Page 1 of 2" in page
    assert "Page 1 of 2" in client.get(author_page).content.decode()
    services.post_delete_with_comments(post=extra)
    assert "Page 1 of" not in client.get(home).content.decode()


def test_a_tag_pages_total_follows_the_posts_that_join_and_leave_it(client, page_cache):
    # The tag is kept with its number of public posts, the total of its page's list.
    author = UserFactory()
    for number in range(10):
        services.post_create_or_update(
            post=Post(author_id=author.pk),
            title=f"Post {number}",
            body="x",
            status=Post.Status.PUBLISHED,
            tag_names=["harbour"],
        )
    client.force_login(UserFactory())  # signed in: no page cache, kept content only
    tag_page = reverse("tag_detail", args=["harbour"])
    assert "Page 1 of" not in client.get(tag_page).content.decode()
    extra = services.post_create_or_update(
        post=Post(author_id=author.pk),
        title="Eleventh",
        body="x",
        status=Post.Status.PUBLISHED,
        tag_names=["harbour"],
    )
    assert "Page 1 of 2" in client.get(tag_page).content.decode()
    services.post_create_or_update(
        post=extra, title="Eleventh", body="x", status=Post.Status.PUBLISHED, tag_names=[]
    )
    assert "Page 1 of" not in client.get(tag_page).content.decode()


def test_list_total_grows_when_a_scheduled_post_goes_public(client, page_cache):
    PostFactory.create_batch(10)
    PostFactory(published_at=timezone.now() + timedelta(seconds=2))
    client.force_login(UserFactory())
    assert "Page 1 of" not in client.get(reverse("home")).content.decode()
    time.sleep(2.1)
    assert "Page 1 of 2" in client.get(reverse("home")).content.decode()
