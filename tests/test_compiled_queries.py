"""Querysets compiled once per process (apps/core/compiled_queries.py) give what the ORM gives,
for every set of values, and reader lists build their querysets only once."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.blog import post_lists
from apps.blog.models import Post, Tag
from apps.core.compiled_queries import CompiledCount, CompiledQuery, CompiledRows
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def by_author(now, author_id):
    return Post.objects.published(now=now).by_author(author_id).with_comment_count()


def card(post: Post) -> tuple:
    return (post.pk, post.title, post.published_at, post.comment_count, post._state.db)


@pytest.fixture
def two_authors():
    first, second = UserFactory(), UserFactory()
    now = timezone.now()
    for days in range(5):
        post = PostFactory(author=first, published_at=now - timedelta(days=days))
        CommentFactory.create_batch(days, post=post)
    PostFactory(author=first, published_at=now + timedelta(days=1))  # scheduled
    PostFactory(author=second, published_at=now - timedelta(hours=1))
    return first, second


def test_a_compiled_query_gives_the_rows_and_annotations_the_orm_gives(two_authors):
    compiled = CompiledQuery(Post, by_author)
    now = timezone.now()
    for author in two_authors:
        expected = [card(post) for post in by_author(now, author.pk)]
        assert [card(post) for post in compiled(now=now, author_id=author.pk)] == expected
    first = two_authors[0]
    expected = [card(post) for post in by_author(now, first.pk)[1:3]]
    assert [card(p) for p in compiled(now=now, author_id=first.pk, bounds=slice(1, 3))] == expected


def test_a_compiled_query_keeps_deferred_fields_deferred(two_authors):
    compiled = CompiledQuery(
        Post, lambda author_id: Post.objects.filter(author_id=author_id).only("title")
    )
    post = compiled(author_id=two_authors[1].pk)[0]
    assert post.get_deferred_fields() >= {"body", "body_html", "published_at"}
    assert post.body == Post.objects.get(pk=post.pk).body  # loaded on access, as the ORM does


def test_list_values_of_each_length_get_their_own_statement():
    tags = TagFactory.create_batch(3)
    posts = [PostFactory(), PostFactory()]
    posts[0].tags.add(tags[2], tags[0])
    posts[1].tags.add(tags[1])
    compiled = CompiledQuery(
        Tag, lambda ids: Tag.objects.filter(posts__in=ids).annotate(post=F("posts"))
    )
    assert sorted((t.pk, t.post) for t in compiled(ids=[posts[0].pk])) == [
        (tags[0].pk, posts[0].pk),
        (tags[2].pk, posts[0].pk),
    ]
    assert sorted((t.pk, t.post) for t in compiled(ids=[posts[1].pk, posts[0].pk])) == sorted(
        [(tags[0].pk, posts[0].pk), (tags[1].pk, posts[1].pk), (tags[2].pk, posts[0].pk)]
    )


def test_a_compiled_count_counts_what_the_orm_counts(two_authors):
    compiled = CompiledCount(Post, by_author)
    now = timezone.now()
    for author in two_authors:
        assert compiled(now=now, author_id=author.pk) == by_author(now, author.pk).count()
    assert compiled(now=now + timedelta(days=2), author_id=two_authors[0].pk) == 6


def test_compiled_rows_give_the_rows_of_a_union_as_the_orm_does(two_authors):
    def titles(author_id, other_id):
        mine = Post.objects.filter(author_id=author_id).order_by().values_list("title", "author_id")
        theirs = Post.objects.filter(author_id=other_id).order_by().values_list("slug", "author_id")
        return mine.union(theirs, all=True).order_by("title")

    compiled = CompiledRows(Post, titles)
    for first, second in (two_authors, two_authors[::-1]):
        expected = list(titles(first.pk, second.pk))
        assert len(expected) == 7
        assert compiled(author_id=first.pk, other_id=second.pk) == expected


def test_a_value_the_query_cannot_tell_apart_is_refused():
    with pytest.raises(TypeError):
        CompiledQuery(Post, lambda flag: Post.objects.filter(is_welcome=flag))(flag=True)


def test_a_list_page_builds_its_querysets_once_per_process(client, monkeypatch):
    # Building and compiling a list's queryset costs far more CPU than running it.
    built = []

    def published(now):
        built.append(now)
        return Post.objects.published(now=now)

    monkeypatch.setattr(post_lists, "PUBLISHED", post_lists.CompiledPostList(published))
    PostFactory.create_batch(12)
    assert client.get(reverse("home")).status_code == 200
    assert len(built) == 2, "the first request builds the page's cards and the total"
    for page in ("1", "2"):
        response = client.get(reverse("home"), {"page": page})
        assert response.status_code == 200 and b'class="card"' in response.content
    assert len(built) == 2
