"""`authors_attach`: one query on `default` for any number of blog objects, orphans dropped."""

import pytest
from django.db import connections

from apps.blog.models import Comment, Post
from apps.multidb.authors import (
    BYLINE_AND_AVATAR_FIELDS,
    BYLINE_FIELDS,
    COMPILED_AUTHORS_MAX,
    authors_attach,
)
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.mark.parametrize("count", [2, 20])
def test_one_query_on_default_whatever_the_number_of_posts(count, django_assert_num_queries):
    PostFactory.create_batch(count)  # each with its own author
    posts = list(Post.objects.order_by("pk"))

    with (
        django_assert_num_queries(1, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        attached = authors_attach(posts)
        names = [post.author.username for post in attached]

    assert len(attached) == count
    assert len(set(names)) == count
    assert attached == posts  # order kept


def test_comments_and_shared_authors(django_assert_num_queries):
    author = UserFactory()
    post = PostFactory(author=author)
    CommentFactory.create_batch(3, post=post, author=author)
    CommentFactory(post=post)
    comments = list(Comment.objects.order_by("pk"))

    with (
        django_assert_num_queries(1, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        attached = authors_attach(comments)
        authors = [comment.author for comment in attached]

    assert len(attached) == 4
    assert authors[:3] == [author] * 3
    assert authors[0] is authors[1]  # one instance per author, not one per row


def test_an_empty_list_costs_nothing(django_assert_num_queries):
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        assert authors_attach([]) == []
        assert authors_attach(Post.objects.none()) == []


def test_orphans_are_dropped():
    kept = PostFactory()
    gone = PostFactory()
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [gone.author_id])
    never = Post.objects.create(title="Nobody's", body="Text.", author_id=10**9)

    attached = authors_attach(Post.objects.order_by("pk"))

    assert attached == [kept]
    # Hidden, not deleted: removing orphans is the audit's job.
    assert set(Post.objects.values_list("pk", flat=True)) == {kept.pk, gone.pk, never.pk}


@pytest.mark.parametrize("count", [3, COMPILED_AUTHORS_MAX + 1])
def test_bylines_read_the_name_fields_only(count, django_assert_num_queries):
    posts = [Post(author_id=user.pk) for user in UserFactory.create_batch(count - 1)]
    # Without a display name, a byline shows the username.
    posts.append(Post(author_id=UserFactory(display_name="").pk))

    with django_assert_num_queries(1, using="default") as captured:
        attached = authors_attach(posts, fields=BYLINE_FIELDS)
        bylines = [(post.author.username, post.author.public_name) for post in attached]

    assert len(attached) == count
    assert bylines[-1][1] == bylines[-1][0]
    assert all(name for _, name in bylines)
    sql = captured.captured_queries[0]["sql"]
    assert '"username"' in sql and '"display_name"' in sql
    assert '"password"' not in sql and '"email"' not in sql


def test_comment_writers_read_their_bylines_and_avatars_only(django_assert_num_queries):
    post = PostFactory()
    comments = [
        Comment(post=post, author_id=UserFactory(with_avatar=True).pk),
        Comment(post=post, author_id=UserFactory(display_name="").pk),
    ]

    with django_assert_num_queries(1, using="default") as captured:
        attached = authors_attach(comments, fields=BYLINE_AND_AVATAR_FIELDS)
        shown = [(c.author.public_name, c.author.avatar_picture) for c in attached]

    assert shown[0][1] is not None and shown[1][1] is None
    assert shown[1][0] == attached[1].author.username
    sql = captured.captured_queries[0]["sql"]
    assert '"avatar_width"' in sql and '"display_name"' in sql
    assert '"password"' not in sql and '"email"' not in sql
