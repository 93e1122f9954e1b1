"""Every list page runs a constant number of queries per alias, however many items it shows.

Each case builds 2 items (each by a distinct author, with distinct tags and commenters), counts
the queries of one GET per alias, adds 18 more and counts again: the counts must be identical.
Posts have cover images and people photos: both are read with their rows, never on their own.
"""

import pytest

from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.helpers import queries_per_alias

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


class World:
    """Shared fixtures of one scenario: a tag, a searchable word, a signed-in author."""

    def __init__(self) -> None:
        self.tag = TagFactory(name="measured")
        self.author = UserFactory(username="measured-author", with_avatar=True)
        self.post = PostFactory(author=self.author, title="Commented post", with_cover=True)

    def add_posts(self, count: int, **kwargs) -> None:
        for _ in range(count):
            post = PostFactory(body="quartz crystals and more words", with_cover=True, **kwargs)
            post.tags.add(self.tag, TagFactory())
            CommentFactory(post=post, author=UserFactory(with_avatar=True))


def _grow_posts(world: World, count: int) -> None:
    world.add_posts(count)


def _grow_author_posts(world: World, count: int) -> None:
    world.add_posts(count, author=world.author)


def _grow_drafts(world: World, count: int) -> None:
    world.add_posts(count, author=world.author, draft=True)


def _grow_related(world: World, count: int) -> None:
    world.post.tags.add(world.tag)
    world.add_posts(count)


def _grow_comments(world: World, count: int) -> None:
    for _ in range(count):
        CommentFactory(post=world.post, author=UserFactory(with_avatar=True))


def _grow_replies(world: World, count: int) -> None:
    for _ in range(count):
        parent = CommentFactory(post=world.post, author=UserFactory(with_avatar=True))
        CommentFactory(post=world.post, author=UserFactory(with_avatar=True), parent=parent)
        CommentFactory(post=world.post, author=UserFactory(), parent=parent)


CASES = {
    "home": ("/", _grow_posts, False),
    "author": ("/authors/measured-author/", _grow_author_posts, False),
    "tag": ("/tags/measured/", _grow_posts, False),
    "search": ("/search/?q=quartz", _grow_posts, False),
    "dashboard": ("/dashboard/", _grow_drafts, True),
    "feed": ("/feed/", _grow_posts, False),
    "author_feed": ("/authors/measured-author/feed/", _grow_author_posts, False),
    "tag_feed": ("/tags/measured/feed/", _grow_posts, False),
    "sitemap": ("/sitemap.xml", _grow_posts, False),
    "tag_index": ("/tags/", _grow_posts, False),
    "post_related": (None, _grow_related, False),
    "post_comments": (None, _grow_comments, False),
    "post_comments_signed_in": (None, _grow_comments, True),
    "post_replies": (None, _grow_replies, False),
    "post_replies_signed_in": (None, _grow_replies, True),
}


@pytest.mark.parametrize("case", CASES)
def test_query_count_is_the_same_for_2_and_20_items(client, case):
    url, grow, signed_in = CASES[case]
    world = World()
    url = url or world.post.get_absolute_url()
    if signed_in:
        client.force_login(world.author)
    grow(world, 2)
    few = queries_per_alias(client, url)
    grow(world, 18)
    many = queries_per_alias(client, url)
    assert few == many, f"{case}: {few} for 2 items, {many} for 20"


# What base.html reads on every page: the site settings and the navigation, in one statement
# (once per content version in production; on every request here, where CONTENT_CACHE_SECONDS
# is 0).
SITE = 1
# Budgets per page, so a change that adds a query per page is noticed even if it is constant.
EXPECTED = {
    # The total, the page of posts with their tags.
    "home": {"default": 1, "blog_db": 2 + SITE},
    "author": {"default": 1, "blog_db": 2 + SITE},
    # The tag (with its total), the page of posts with their tags.
    "tag": {"default": 1, "blog_db": 2 + SITE},
    "search": {"default": 1, "blog_db": 2 + SITE},
    # The total, the page of posts, their tags, and the number of comments awaiting approval.
    "dashboard": {"default": 2, "blog_db": 4 + SITE},
    # The feed's title is the site's.
    "feed": {"default": 1, "blog_db": 2 + SITE},
    # The post (with its totals of comments and of top-level ones, for the pages, its tags and
    # the site content), one page of comments and, when the totals say there are any, their
    # replies; its author's card and the commenters' bylines.
    "post_comments": {"default": 2, "blog_db": 2},
    "post_replies": {"default": 2, "blog_db": 3},
    "tag_index": {"default": 0, "blog_db": 1 + SITE},
    # The post with its tags (no comments: no page of them to read), its author's card, the
    # related posts and their authors.
    "post_related": {"default": 2, "blog_db": 2},
}


@pytest.mark.parametrize("case", EXPECTED)
def test_query_budget_per_page(client, case):
    url, grow, signed_in = CASES[case]
    world = World()
    url = url or world.post.get_absolute_url()
    if signed_in:
        client.force_login(world.author)
    grow(world, 5)
    assert queries_per_alias(client, url) == EXPECTED[case]


@pytest.mark.parametrize("viewer", ["anonymous", "commenter", "moderator"])
def test_every_page_of_comments_costs_what_a_short_thread_costs(client, viewer):
    world = World()
    url = world.post.get_absolute_url()
    commenter = UserFactory()
    CommentFactory(post=world.post, author=commenter)
    CommentFactory(post=world.post)
    if viewer != "anonymous":
        client.force_login(commenter if viewer == "commenter" else world.author)
    short = queries_per_alias(client, url)
    for _ in range(117):
        CommentFactory(post=world.post)
    CommentFactory(post=world.post, author=commenter)  # on the last page too
    for page in ("", "?comments=2", "?comments=3"):
        assert queries_per_alias(client, url + page) == short, f"{viewer}, page {page or 1}"
