"""What Django does with a ForeignKey from `blog_db` to users in `default`, on the two real servers:
the forward relation, the reverse manager, prefetch_related and full_clean work; anything that
needs a JOIN across the databases fails, so no code may ask for one (docs/cross-database.md).
"""

import re

import pytest
from django.db import ProgrammingError, transaction

from apps.blog.models import Post
from support import PROJECT_DIR
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_forward_relation_reads_the_author_from_default():
    post = PostFactory()
    fresh = Post.objects.get(pk=post.pk)
    assert fresh._state.db == "blog_db"
    assert fresh.author.username == post.author.username
    assert fresh.author._state.db == "default"


def test_reverse_manager_reads_posts_from_blog_db():
    user = UserFactory()
    PostFactory.create_batch(3, author=user)
    PostFactory()  # someone else's
    assert user.posts.count() == 3


def test_prefetch_related_author_uses_two_queries(django_assert_num_queries):
    PostFactory.create_batch(4)
    with django_assert_num_queries(1, using="blog_db"), django_assert_num_queries(1):
        posts = list(Post.objects.prefetch_related("author"))
        names = {post.author.username for post in posts}
    assert len(names) == 4


def test_full_clean_validates_the_author_in_default():
    post = PostFactory()
    post.full_clean()


def test_select_related_author_cannot_join_across_databases():
    PostFactory()
    with pytest.raises(ProgrammingError), transaction.atomic(using="blog_db"):
        list(Post.objects.select_related("author"))


def test_filter_across_the_relation_cannot_join():
    PostFactory()
    with pytest.raises(ProgrammingError), transaction.atomic(using="blog_db"):
        list(Post.objects.filter(author__username="anyone"))


def test_no_code_uses_select_related_on_author():
    pattern = re.compile(r"\.select_related\([^)]*author")
    offenders = [
        str(path.relative_to(PROJECT_DIR))
        for path in (PROJECT_DIR / "apps").rglob("*.py")
        if pattern.search(path.read_text())
    ]
    assert offenders == []
