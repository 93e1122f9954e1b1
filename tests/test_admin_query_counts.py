"""Admin list pages: the number of queries per alias does not grow with the rows on the page."""

import pytest

from apps.accounts.models import User
from apps.blog.models import Comment, LibraryImage, Post
from tests.admin_helpers import admin_url, changelist_context, count_queries
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def make_posts(count: int) -> None:
    for _ in range(count):
        CommentFactory(post=PostFactory(author=UserFactory()))


def make_comments(count: int) -> None:
    for _ in range(count):
        CommentFactory(author=UserFactory(), post=PostFactory(author=UserFactory()))


def make_users(count: int) -> None:
    for _ in range(count):
        user = UserFactory()
        PostFactory(author=user)
        CommentFactory(author=user)


def make_library_images(count: int) -> None:
    """Rows naming files never written: enough for a list page, which opens no file."""
    for _ in range(count):
        author = UserFactory()
        LibraryImage.objects.create(
            author_id=author.pk,
            image=f"images/{author.pk}/1600.jpg",
            image_width=1600,
            image_height=900,
        )


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Post, make_posts),
        (Comment, make_comments),
        (User, make_users),
        (LibraryImage, make_library_images),
    ],
    ids=["posts", "comments", "users", "library images"],
)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model, make):
    url = admin_url(model, "changelist")
    admin_client.get(url)  # warm the session, content type and permission caches

    def measure():
        response = admin_client.get(url)
        assert response.status_code == 200
        return response

    make(2)
    with_two = count_queries(measure)
    make(18)
    with_twenty = count_queries(measure)
    response = measure()
    assert len(response.context["cl"].result_list) >= 20
    assert with_two == with_twenty, (with_two, with_twenty)


def test_user_list_counts_come_from_blog_db(admin_client):
    alice = UserFactory(username="alice")
    PostFactory.create_batch(2, author=alice)
    CommentFactory.create_batch(3, author=alice)
    cl = changelist_context(admin_client, User, "?q=alice")
    (user,) = cl.result_list
    assert (user.blog_post_count, user.blog_comment_count) == (2, 3)
