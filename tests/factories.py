import uuid

import factory
from django.contrib.auth import get_user_model

from apps.blog.models import Comment, Post, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"author{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.Faker("name")
    password = factory.django.Password("correct-horse-battery")

    class Params:
        # A photo as the row names it (pages read only the row; no file is written).
        with_avatar = factory.Trait(
            avatar=factory.LazyFunction(lambda: f"avatars/{uuid.uuid4().hex}/160.jpg"),
            avatar_width=160,
            avatar_height=160,
        )


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        database = "blog_db"

    name = factory.Sequence(lambda n: f"topic{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        database = "blog_db"

    title = factory.Sequence(lambda n: f"Post number {n}")
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("paragraph", nb_sentences=8)
    status = Post.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Post.Status.DRAFT, published_at=None)
        # A cover image as the row names it (pages read only the row; no file is written).
        with_cover = factory.Trait(
            cover_image=factory.LazyFunction(lambda: f"covers/{uuid.uuid4().hex}/1600.jpg"),
            cover_image_width=1600,
            cover_image_height=900,
        )


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment
        database = "blog_db"

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence")
