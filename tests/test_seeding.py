"""Bulk seeding (apps/blog/seeding.py), shared by seed_demo and bench/seed.py: a fixed number of
inserts whatever the size, welcome posts as a sign-up gets them, and readers see the new content
at once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.blog.models import Comment, Post
from apps.blog.seeding import PostSeed, posts_bulk_create, users_bulk_create
from tests.admin_helpers import count_queries
from tests.factories import TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def seeds(count: int, *, author: User, tag_ids: list[int], title: str = "Seeded") -> list:
    made = []
    for number in range(count):
        post = Post(
            title=f"{title} {number}",
            slug=f"{title.lower()}-{number}",
            author_id=author.pk,
            body=f"Body **{number}**",
            status=Post.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        post.body_render()
        comments = [Comment(author_id=author.pk, body="First & <best>!")]
        made.append(PostSeed(post=post, tag_ids=tag_ids, comments=comments))
    return made


def test_posts_go_in_with_their_tags_and_comments():
    author, tags = UserFactory(), TagFactory.create_batch(2)
    counts = posts_bulk_create(seeds=seeds(3, author=author, tag_ids=[tag.pk for tag in tags]))
    assert (counts.posts, counts.taggings, counts.comments) == (3, 6, 3)
    for post in Post.objects.filter(slug__startswith="seeded-"):
        assert f"<strong>{post.title[-1]}</strong>" in post.body_html and post.word_count == 2
        assert set(post.tags.all()) == set(tags)
        assert [(c.body, c.body_html) for c in post.comments.all()] == [
            ("First & <best>!", "<p>First &amp; &lt;best&gt;!</p>")
        ]


def test_queries_do_not_grow_with_the_number_of_posts():
    author, tag_ids = UserFactory(), [TagFactory().pk]
    few = count_queries(lambda: posts_bulk_create(seeds=seeds(2, author=author, tag_ids=tag_ids)))
    many = count_queries(
        lambda: posts_bulk_create(seeds=seeds(20, author=author, tag_ids=tag_ids, title="More"))
    )
    assert few == many
    assert few["default"] == 0


def test_seeded_posts_show_on_the_next_cached_page(client, page_cache):
    author = UserFactory()
    home = reverse("home")
    assert "Seeded 0" not in client.get(home).content.decode()
    posts_bulk_create(seeds=seeds(1, author=author, tag_ids=[]))
    assert "Seeded 0" in client.get(home).content.decode()


def test_new_users_get_their_welcome_post_or_are_marked_as_having_had_it():
    welcomed = users_bulk_create(users=[User(username="welcomed", email="w@example.com")])
    assert Post.objects.filter(author_id=welcomed[0].pk, is_welcome=True).count() == 1
    bench = users_bulk_create(
        users=[User(username="bench", email="b@example.com")], welcome_posts=False
    )
    assert not Post.objects.filter(author_id=bench[0].pk).exists()
    assert User.objects.get(pk=bench[0].pk).welcome_post_seeded_at is not None
