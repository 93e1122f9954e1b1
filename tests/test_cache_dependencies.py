"""Invalidation as fine as what changed (apps/blog/caching/dependencies.py): a change renders
again the pages that show it and leaves every other page cached; a write no one classified
renders everything again. Anonymous readers, the site's own views, both caches on.
"""

from datetime import timedelta

import pytest
from django.core.cache.utils import make_template_fragment_key
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from apps.blog import services
from apps.blog.caching.dependencies import depends_on, post_tag
from apps.blog.caching.fragments import kept_per_version
from apps.blog.caching.kept import kept_fresh
from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.caching.version import content_version_bump, content_version_get
from apps.blog.models import Post
from apps.multidb.aliases import BLOG_DB
from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

HOURS = [timedelta(hours=hours) for hours in range(24)]


@pytest.fixture
def blog(page_cache):
    """Two authors; Ada's post A (tagged `boats`) is the newest, Bo's post B older: both on the
    home page, each on its own author page, only A on the tag page."""
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    bo = UserFactory(username="bo", display_name="Bo Diddley")
    now = timezone.now()
    b = PostFactory(author=bo, title="Post Bee", published_at=now - HOURS[2])
    a = PostFactory(author=ada, title="Post Ay", published_at=now - HOURS[1])
    a.tags.add(TagFactory(name="boats"))
    return {"a": a, "b": b, "ada": ada, "bo": bo}


PAGES = {
    "home": lambda blog: reverse("home"),
    "A": lambda blog: blog["a"].get_absolute_url(),
    "B": lambda blog: blog["b"].get_absolute_url(),
    "Ada": lambda blog: reverse("author_detail", args=["ada"]),
    "Bo": lambda blog: reverse("author_detail", args=["bo"]),
    "boats": lambda blog: reverse("tag_detail", args=["boats"]),
}


def cached_everywhere(client, blog) -> None:
    for name, path in PAGES.items():
        client.get(path(blog))
        assert client.get(path(blog))[CACHE_STATUS_HEADER] == "hit", name


def states(client, blog) -> dict[str, str]:
    return {name: client.get(path(blog))[CACHE_STATUS_HEADER] for name, path in PAGES.items()}


def test_a_comment_renders_its_post_and_the_lists_showing_its_count_only(client, blog):
    cached_everywhere(client, blog)
    services.comment_create(post=blog["a"], author_id=blog["bo"].pk, body="Lovely boats.")
    assert states(client, blog) == {
        "home": "miss", "A": "miss", "Ada": "miss", "boats": "miss", "B": "hit", "Bo": "hit",
    }  # fmt: skip
    assert "Lovely boats." in client.get(PAGES["A"](blog)).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "1 comment" in home and home.count(" comment") == 1


def test_a_title_edit_renders_the_pages_showing_that_post_only(client, blog):
    cached_everywhere(client, blog)
    b = Post.objects.get(pk=blog["b"].pk)
    services.post_create_or_update(post=b, title="Post Bee, edited", body=b.body,
                                   status=b.status, published_at=b.published_at)  # fmt: skip
    assert states(client, blog) == {
        "home": "miss", "B": "miss", "Bo": "miss", "A": "hit", "Ada": "hit", "boats": "hit",
    }  # fmt: skip
    for path in (reverse("home"), PAGES["B"](blog), PAGES["Bo"](blog)):
        assert "Post Bee, edited" in client.get(path).content.decode()


def test_a_new_tag_on_a_post_renders_the_lists(client, blog):
    cached_everywhere(client, blog)
    b = Post.objects.get(pk=blog["b"].pk)
    services.post_create_or_update(post=b, title=b.title, body=b.body, status=b.status,
                                   published_at=b.published_at, tag_names=["boats"])  # fmt: skip
    assert "Post Bee" in client.get(PAGES["boats"](blog)).content.decode()
    # A's page lists related posts: B now shares its tag.
    assert "Post Bee" in client.get(PAGES["A"](blog)).content.decode()


def test_a_profile_edit_renders_that_authors_pages_only(client, blog):
    cached_everywhere(client, blog)
    blog["bo"].display_name = "Bo Renamed"
    blog["bo"].save(update_fields=["display_name"])
    assert states(client, blog) == {
        "home": "miss", "B": "miss", "Bo": "miss", "A": "hit", "Ada": "hit", "boats": "hit",
    }  # fmt: skip
    for path in (reverse("home"), PAGES["B"](blog), PAGES["Bo"](blog)):
        assert "Bo Renamed" in client.get(path).content.decode()


def test_a_commenters_profile_edit_renders_the_threads_they_wrote_in(client, blog):
    services.comment_create(post=blog["a"], author_id=blog["bo"].pk, body="Lovely boats.")
    cached_everywhere(client, blog)
    blog["bo"].display_name = "Bo Renamed"
    blog["bo"].save(update_fields=["display_name"])
    assert "Bo Renamed" in client.get(PAGES["A"](blog)).content.decode()


def bulk_update(post: Post) -> None:
    Post.objects.filter(pk=post.pk).update(title="Changed")  # sends no signal


def raw_sql(post: Post) -> None:  # a write path that does not exist yet
    with connections[BLOG_DB].cursor() as cursor:
        cursor.execute("UPDATE blog_post SET title = %s WHERE id = %s", ["Changed", post.pk])


@pytest.mark.parametrize("write", [bulk_update, raw_sql])
def test_a_write_no_one_classified_renders_every_page_again(client, blog, write):
    cached_everywhere(client, blog)
    write(blog["b"])
    assert set(states(client, blog).values()) == {"miss"}
    assert "Changed" in client.get(PAGES["B"](blog)).content.decode()


def test_a_dependency_first_seen_while_it_changes_is_not_kept(page_cache):
    # What a render depends on is known only once its data is read: a tag it declares for the
    # first time while a change to that tag begins cannot be trusted with the token read after.
    def load() -> str:
        depends_on(post_tag(9999))
        content_version_bump(tags=[post_tag(9999)])  # another writer, mid-render
        return "rendered"

    assert kept_per_version("first-seen", load) == "rendered"
    assert kept_per_version("first-seen", lambda: "rendered again") == "rendered again"
    # Known from the render before, its token was read before this one's data: kept.
    assert kept_per_version("first-seen", lambda: "a third time") == "rendered again"


@pytest.fixture
def linked(blog):
    """Post C, by Cy, shares A's tag: each page links to the other under Related posts."""
    cy = UserFactory(username="cy", display_name="Cy Twombly")
    c = PostFactory(author=cy, title="Post Sea", published_at=timezone.now() - HOURS[3])
    c.tags.add(blog["a"].tags.get())
    return {**blog, "c": c, "cy": cy}


def test_a_comment_leaves_the_pages_linking_to_its_post_cached(client, linked):
    a_page = PAGES["A"](linked)
    assert "Post Sea" in client.get(a_page).content.decode()
    assert client.get(a_page)[CACHE_STATUS_HEADER] == "hit"
    services.comment_create(post=linked["c"], author_id=linked["bo"].pk, body="Salty.")
    assert client.get(a_page)[CACHE_STATUS_HEADER] == "hit"
    assert "Salty." in client.get(linked["c"].get_absolute_url()).content.decode()


def test_an_edit_or_its_authors_new_name_renders_the_links_to_a_post(client, linked):
    a_page = PAGES["A"](linked)
    client.get(a_page)
    c = Post.objects.get(pk=linked["c"].pk)
    services.post_create_or_update(post=c, title="Post Sea, edited", body=c.body,
                                   status=c.status, published_at=c.published_at,
                                   tag_names=["boats"])  # fmt: skip
    assert "Post Sea, edited" in client.get(a_page).content.decode()
    linked["cy"].display_name = "Cy Renamed"
    linked["cy"].save(update_fields=["display_name"])
    assert "by Cy Renamed" in client.get(a_page).content.decode()


def test_a_comment_renders_its_posts_thread_again_not_its_article(client, blog):
    a = blog["a"]
    client.get(a.get_absolute_url())
    article = make_template_fragment_key("post_article", [a.pk])
    comments = make_template_fragment_key("post_comments", [a.pk, 1, "reader"])
    assert kept_fresh(article, content_version_get()) is not None
    services.comment_create(post=a, author_id=blog["bo"].pk, body="Lovely boats.")
    assert kept_fresh(article, content_version_get()) is not None
    assert kept_fresh(comments, content_version_get()) is None
    assert "Lovely boats." in client.get(a.get_absolute_url()).content.decode()
