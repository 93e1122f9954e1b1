"""The page cache on the site's own pages: what readers see after every kind of change.

The real views through the real URLconf with the cache on, in process; across gunicorn workers
in tests/test_page_cache_workers.py; the totals of the reader lists in
tests/test_page_cache_list_totals.py.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.blog import services
from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.models import Post
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def anonymous_pages(post: Post, tag) -> list[str]:
    return [
        reverse("home"),
        reverse("post_detail", args=[post.slug]),
        reverse("author_detail", args=[post.author.username]),
        reverse("tag_detail", args=[tag.slug]),
        reverse("search") + "?q=lighthouse",
        reverse("feed"),
        reverse("author_feed", args=[post.author.username]),
        reverse("tag_feed", args=[tag.slug]),
        reverse("sitemap"),
    ]


@pytest.fixture(params=["page cache", "content fragments"])
def reader_cache(request):
    """Run a test with the page cache, then with content fragments only (signed-in readers)."""
    return request.getfixturevalue(
        "page_cache" if request.param == "page cache" else "content_cache"
    )


@pytest.fixture
def tagged_post():
    post = PostFactory(title="Lighthouse keeping", body="A lighthouse at night.")
    tag = TagFactory(name="sea")
    post.tags.add(tag)
    CommentFactory(post=post, body="Lovely")
    return post, tag


def test_every_anonymous_page_is_cached_and_served_without_queries(client, page_cache, tagged_post):
    for url in anonymous_pages(*tagged_post):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first[CACHE_STATUS_HEADER] == "miss", url
        with (
            CaptureQueriesContext(connections["default"]) as people,
            CaptureQueriesContext(connections["blog_db"]) as blog,
        ):
            second = client.get(url)
        assert second[CACHE_STATUS_HEADER] == "hit", url
        assert (len(people), len(blog)) == (0, 0), url
        assert second.content == first.content, url
        assert not second.cookies, url


def test_a_hit_carries_the_headers_of_the_miss_it_copies(client, page_cache, tagged_post):
    per_request = {CACHE_STATUS_HEADER.lower(), "x-request-id"}
    for url in anonymous_pages(*tagged_post):
        miss, hit = client.get(url), client.get(url)
        assert hit[CACHE_STATUS_HEADER] == "hit"
        assert {k: v for k, v in hit.headers.items() if k.lower() not in per_request} == {
            k: v for k, v in miss.headers.items() if k.lower() not in per_request
        }, url
        assert hit["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in hit


def test_anonymous_pages_carry_no_csrf_token(client, page_cache, tagged_post):
    for url in anonymous_pages(*tagged_post):
        response = client.get(url)
        assert b"csrfmiddlewaretoken" not in response.content, url
        assert "csrftoken" not in response.cookies, url


def test_signed_in_readers_never_get_a_cached_page(client, page_cache, tagged_post):
    post, tag = tagged_post
    for url in anonymous_pages(post, tag):
        client.get(url)  # cached for anonymous readers
    reader = UserFactory(username="reader")
    client.force_login(reader)
    for url in anonymous_pages(post, tag):
        response = client.get(url)
        assert CACHE_STATUS_HEADER not in response, url
    home = client.get(reverse("home")).content.decode()
    assert "Log out" in home and "Log in" not in home
    post_page = client.get(post.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in post_page  # the comment form is there, for this reader


def test_signed_in_pages_never_reach_anonymous_readers(client, page_cache, tagged_post):
    post, _ = tagged_post
    client.force_login(UserFactory(username="reader"))
    client.get(reverse("home"))
    client.get(post.get_absolute_url())
    client.logout()
    for url in (reverse("home"), post.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Log out" not in page and "csrfmiddlewaretoken" not in page, url


@pytest.mark.parametrize("listing", ["home", "feed"])
def test_publish_edit_delete_show_on_the_next_request(client, reader_cache, listing):
    author = UserFactory()
    listing = reverse(listing)
    client.get(listing)
    post = services.post_create_or_update(
        post=Post(author_id=author.pk),
        title="Brand new",
        body="Hello",
        status=Post.Status.PUBLISHED,
    )
    assert "Brand new" in client.get(listing).content.decode()
    client.get(post.get_absolute_url())
    services.post_create_or_update(
        post=post, title="Renamed", body="Changed body", status=Post.Status.PUBLISHED
    )
    assert "Renamed" in client.get(listing).content.decode()
    assert "Changed body" in client.get(post.get_absolute_url()).content.decode()
    services.post_delete_with_comments(post=post)
    assert "Renamed" not in client.get(listing).content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_unpublishing_shows_on_the_next_request(client, reader_cache):
    post = PostFactory(title="Going back to draft")
    assert "Going back to draft" in client.get(reverse("home")).content.decode()
    services.post_create_or_update(
        post=post, title=post.title, body=post.body, status=Post.Status.DRAFT
    )
    assert "Going back to draft" not in client.get(reverse("home")).content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_new_and_deleted_comments_show_on_the_next_request(client, reader_cache):
    post = PostFactory()
    url = post.get_absolute_url()
    client.get(url)
    comment = services.comment_create(post=post, author_id=UserFactory().pk, body="Great read")
    assert "Great read" in client.get(url).content.decode()
    services.comment_delete(comment=comment)
    assert "Great read" not in client.get(url).content.decode()


def test_comment_posted_through_the_site_shows_to_anonymous_readers(client, page_cache):
    post = PostFactory()
    url = post.get_absolute_url()
    client.get(url)
    client.force_login(UserFactory())
    response = client.post(url, {"body": "Posted through the form"})
    assert response.status_code == 302
    client.logout()
    page = client.get(url)
    assert page[CACHE_STATUS_HEADER] == "miss"
    assert "Posted through the form" in page.content.decode()


def test_author_and_tag_changes_show_on_their_pages(client, reader_cache, tagged_post):
    post, tag = tagged_post
    author_url = reverse("author_detail", args=[post.author.username])
    tag_url = tag.get_absolute_url()
    assert "Lighthouse keeping" in client.get(author_url).content.decode()
    assert "#sea" in client.get(tag_url).content.decode()

    post.author.display_name, post.author.bio = "Keeper of Lights", "Night shifts."
    post.author.save()
    page = client.get(author_url).content.decode()
    assert "Keeper of Lights" in page and "Night shifts." in page

    author_feed = reverse("author_feed", args=[post.author.username])
    assert "Keeper of Lights" in client.get(author_feed).content.decode()

    tag.delete()
    assert client.get(tag_url).status_code == 404
    assert client.get(reverse("tag_feed", args=[tag.slug])).status_code == 404
    post.author.delete()
    assert client.get(author_url).status_code == 404
    assert client.get(author_feed).status_code == 404


def test_the_post_pages_tags_and_author_card_show_their_changes(client, reader_cache, tagged_post):
    # The post is kept with its tags and its author's card (apps/blog/post_page.py).
    post, tag = tagged_post
    url = post.get_absolute_url()
    assert "#sea" in client.get(url).content.decode()

    tag.name = "ocean"
    tag.save()  # as the admin does: a write no one classified
    page = client.get(url).content.decode()
    assert "#ocean" in page and 'content="ocean"' in page and "#sea" not in page

    saved = Post.objects.get(pk=post.pk)
    services.post_create_or_update(
        post=saved,
        title=saved.title,
        body=saved.body,
        status=saved.status,
        published_at=saved.published_at,
        tag_names=["harbour"],
    )
    page = client.get(url).content.decode()
    assert "#harbour" in page and "#ocean" not in page

    post.author.display_name, post.author.bio = "Keeper of Lights", "Night shifts."
    post.author.save(update_fields=["display_name", "bio"])
    page = client.get(url).content.decode()
    assert "Written by" in page and "Keeper of Lights" in page and "Night shifts." in page

    type(post.author).objects.filter(pk=post.author_id).delete()  # an orphan, for nobody
    assert client.get(url).status_code == 404


def test_admin_bulk_actions_show_on_the_next_request(client, admin_client, reader_cache):
    post = PostFactory(title="Moderated post", draft=True)
    comment = CommentFactory(post=PostFactory(), body="Moderated comment")
    home, post_url = reverse("home"), comment.post.get_absolute_url()
    client.get(home), client.get(post_url)
    changelist = reverse("admin:blog_post_changelist")
    admin_client.post(changelist, {"action": "publish", "_selected_action": [post.pk]})
    assert "Moderated post" in client.get(home).content.decode()
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [post.pk]})
    assert "Moderated post" not in client.get(home).content.decode()
    admin_client.post(
        reverse("admin:blog_comment_changelist"),
        {"action": "hide", "_selected_action": [comment.pk]},
    )
    assert "Moderated comment" not in client.get(post_url).content.decode()
    assert LogEntry.objects.count() == 3  # the actions did run
