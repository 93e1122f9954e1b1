"""Slugs: readable, unique, stable, and unique even when authors race on the same title."""

import threading

import pytest
from django.db import connections

from apps.blog.models import Post, Tag
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_unicode_titles_keep_readable_slugs():
    assert PostFactory(title="Ünïcode façade").slug == "ünïcode-façade"
    assert PostFactory(title="東京の夏").slug == "東京の夏"


def test_same_title_gets_numbered_slugs():
    slugs = [PostFactory(title="Same title").slug for _ in range(3)]
    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def test_slug_is_stable_when_the_title_changes():
    post = PostFactory(title="First title")
    post.title = "Second title"
    post.save()
    post.refresh_from_db()
    assert post.slug == "first-title"


def test_title_without_slug_characters_still_gets_a_slug():
    assert PostFactory(title="!!!").slug == "post"


def test_tags_get_unique_slugs():
    assert Tag.objects.create(name="C++").slug == "c"
    assert Tag.objects.create(name="C").slug == "c-2"


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_authors_racing_on_one_title_each_get_their_own_slug():
    writers = 8
    authors = UserFactory.create_batch(writers)
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def publish(author) -> None:
        try:
            start.wait()
            Post.objects.create(author=author, title="Breaking news", body="x", status="published")
        except BaseException as error:  # recorded for the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(author,)) for author in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    slugs = list(Post.objects.filter(title="Breaking news").values_list("slug", flat=True))
    assert len(slugs) == writers
    assert len(set(slugs)) == writers
    assert all(slug.startswith("breaking-news") for slug in slugs)


def test_a_post_made_in_code_never_takes_a_reserved_slug():
    # /posts/new/ is the create page; a post titled "New" from the admin or code needs another.
    assert PostFactory(title="New").slug == "new-2"
