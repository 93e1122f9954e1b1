"""The small site every hostile request is sent to."""

import pytest

from apps.blog.models import Tag
from tests.factories import CommentFactory, PostFactory, UserFactory


@pytest.fixture
def world():
    author = UserFactory(username="writer")
    post = PostFactory(author=author, title="A published post")
    draft = PostFactory(author=author, draft=True, title="A draft")
    draft.tags.add(Tag.objects.create(name="draft-only"))
    comment = CommentFactory(post=post)
    post.tags.add(Tag.objects.create(name="django"))
    return {"author": author, "post": post, "comment": comment}
