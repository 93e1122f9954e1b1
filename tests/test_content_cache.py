"""Content fragments (apps/blog/caching/): rendered once per content version for every reader.

With the page cache off, as for every signed-in reader, a reader page is rendered per request
around fragments that need no query once cached. Invalidation after each kind of change is
checked with both caches in tests/test_page_cache_site.py (`reader_cache`).
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.blog import services
from apps.blog.caching.fragments import author_public_profile
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def get_counting(client, url):
    """GET `url`; return the page and its queries as (on default, on blog_db)."""
    with (
        CaptureQueriesContext(connections["default"]) as people,
        CaptureQueriesContext(connections["blog_db"]) as blog,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), (len(people), len(blog))


@pytest.fixture
def site_content():
    author = UserFactory(username="writer", display_name="Wren Writer")
    tag = TagFactory(name="harbour")
    posts = PostFactory.create_batch(12, author=author, body="Boats in the harbour at dawn.")
    for post in posts:
        post.tags.add(tag)
        CommentFactory(post=post, author=UserFactory(), body=f"Comment on {post.title}")
    return author, tag, posts[-1]


def reader_pages(author, tag, post) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "second page": reverse("home") + "?page=2",
        "author": reverse("author_detail", args=[author.username]),
        "tag": reverse("tag_detail", args=[tag.slug]),
        "search": reverse("search") + "?q=harbour",
        "post": post.get_absolute_url(),
    }


def reader_feeds(author, tag, post) -> dict[str, str]:
    return {
        "feed": reverse("feed"),
        "author feed": reverse("author_feed", args=[author.username]),
        "tag feed": reverse("tag_feed", args=[tag.slug]),
    }


def test_cached_fragments_leave_no_query_on_reader_pages(client, content_cache, site_content):
    # The author or tag a page is about and a public post are content too, looked up once per
    # content version; so is each list's total. A feed is kept whole.
    urls = {**reader_pages(*site_content), **reader_feeds(*site_content)}
    for name, url in urls.items():
        first, first_queries = get_counting(client, url)
        again, queries = get_counting(client, url)
        assert again == first, name
        assert queries == (0, 0), name
        assert sum(first_queries) > 0, name


def test_signed_in_readers_share_the_fragments_and_keep_their_own_page(
    client, content_cache, site_content
):
    pages, feeds = reader_pages(*site_content), reader_feeds(*site_content)
    for url in [*pages.values(), *feeds.values()]:
        client.get(url)  # anonymous: fragments and feeds filled
    client.force_login(UserFactory(username="reader"))
    for name, url in pages.items():
        client.get(url)  # the reader's own copy of a comment thread (Remove links are per viewer)
        page, (people, blog) = get_counting(client, url)
        assert "Log out" in page and "Log in" not in page, name
        # The session and the user on `default`; the content itself costs nothing more.
        assert (people, blog) == (2, 0), name
        assert "Boats in the harbour" in page or "Comment on" in page, name
    for name, url in feeds.items():  # the same for everyone: not even the session is read
        feed, queries = get_counting(client, url)
        assert queries == (0, 0) and "Boats in the harbour" in feed, name


def test_without_content_caching_every_request_runs_every_query(client, site_content):
    _, first = get_counting(client, reverse("home"))
    _, again = get_counting(client, reverse("home"))
    assert again == first and first[1] >= 2  # posts and their tags, each time


def test_remove_links_stay_with_the_viewer_they_belong_to(client, content_cache):
    post = PostFactory()
    commenter = UserFactory(username="commenter")
    services.comment_create(post=post, author_id=commenter.pk, body="Mine to remove")
    url = post.get_absolute_url()
    assert "Remove" not in client.get(url).content.decode()
    client.force_login(commenter)
    assert "Remove" in client.get(url).content.decode()
    client.force_login(UserFactory(username="bystander"))
    assert "Remove" not in client.get(url).content.decode()
    client.logout()
    assert "Remove" not in client.get(url).content.decode()


def test_edit_buttons_and_drafts_stay_with_those_allowed(client, content_cache):
    author = UserFactory(username="drafter")
    post = PostFactory(author=author, title="Unfinished thoughts", draft=True)
    url = post.get_absolute_url()
    client.force_login(author)
    page = client.get(url).content.decode()
    assert "Unfinished thoughts" in page and "Edit" in page  # the fragment is now cached
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404

    public = PostFactory(author=author, title="Finished thoughts")
    client.force_login(author)
    assert ">Edit<" in client.get(public.get_absolute_url()).content.decode()
    client.logout()
    page = client.get(public.get_absolute_url()).content.decode()
    assert "Finished thoughts" in page and ">Edit<" not in page


def test_a_page_past_the_end_is_still_a_404(client, content_cache, site_content):
    client.get(reverse("home") + "?page=2")
    assert client.get(reverse("home") + "?page=3").status_code == 404
    assert client.get(reverse("home") + "?page=2").status_code == 200


def test_unknown_authors_and_tags_are_looked_up_again(client, content_cache):
    # A 404 is never cached: the author or tag may exist by the next request.
    assert client.get(reverse("author_detail", args=["newcomer"])).status_code == 404
    assert client.get(reverse("tag_detail", args=["lighthouses"])).status_code == 404
    PostFactory(author=UserFactory(username="newcomer")).tags.add(TagFactory(name="lighthouses"))
    assert client.get(reverse("author_detail", args=["newcomer"])).status_code == 200
    assert client.get(reverse("tag_detail", args=["lighthouses"])).status_code == 200


def test_an_author_is_kept_as_a_public_profile_only():
    author = UserFactory.build(
        pk=7, username="wren", display_name="Wren", bio="Sails.", email="wren@example.com"
    )
    author.set_password("a secret to keep out of caches")
    kept = author_public_profile(author)
    assert (kept.pk, kept.username, kept.public_name, kept.bio) == (7, "wren", "Wren", "Sails.")
    assert kept.email == "" and kept.password == ""


@pytest.mark.parametrize("caching", ["content cache", "nothing cached"])
def test_a_feed_is_sent_in_one_piece(client, request, caching, site_content):
    # gunicorn sends each piece of a response with a system call of its own.
    if caching == "content cache":
        request.getfixturevalue("content_cache")
    for _ in range(2):  # built, then (with the cache) kept
        response = client.get(reverse("feed"))
        assert len(list(response)) == 1 and b"Boats in the harbour" in response.content
