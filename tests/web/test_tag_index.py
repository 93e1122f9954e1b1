"""`/tags/`: every tag with a public post, its count of public posts, alphabetical."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.blog.models import Post
from tests.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def tag_rows(client) -> list[tuple[str, int]]:
    response = client.get(reverse("tag_index"))
    assert response.status_code == 200
    return [(tag.name, tag.post_count) for tag in response.context["tags"]]


def test_counts_only_public_posts_and_lists_tags_by_name(client):
    zebra, apple, hidden = TagFactory(name="zebra"), TagFactory(name="apple"), TagFactory()
    for post in PostFactory.create_batch(2):
        post.tags.add(zebra, apple)
    PostFactory(draft=True).tags.add(zebra, hidden)
    PostFactory(published_at=timezone.now() + timedelta(days=1)).tags.add(apple, hidden)

    assert tag_rows(client) == [("apple", 2), ("zebra", 2)]
    page = client.get(reverse("tag_index")).content.decode()
    assert f'href="{zebra.get_absolute_url()}"' in page
    assert "2 posts" in page
    assert hidden.name not in page


def test_empty_index(client):
    TagFactory()
    response = client.get(reverse("tag_index"))
    assert response.status_code == 200
    assert "No tags yet." in response.content.decode()


@pytest.mark.parametrize("count", [2, 15])
def test_one_query_whatever_the_number_of_tags(client, count, django_assert_num_queries):
    for _ in range(count):
        PostFactory().tags.add(TagFactory(), TagFactory())

    # The tags, then base.html's site settings and navigation in one statement (uncached in
    # tests).
    with (
        django_assert_num_queries(2, using="blog_db"),
        django_assert_num_queries(0, using="default"),
    ):
        response = client.get(reverse("tag_index"))
        assert len(response.context["tags"]) == 2 * count


def test_linked_from_every_page_and_in_the_sitemap(client):
    PostFactory()
    assert f'href="{reverse("tag_index")}"' in client.get(reverse("home")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{reverse('tag_index')}</loc>" in sitemap


def test_a_new_post_and_a_publication_show_on_the_next_request(client, page_cache):
    tag = TagFactory(name="fresh")
    PostFactory().tags.add(tag)
    draft = PostFactory(draft=True)
    draft.tags.add(tag, TagFactory(name="brand-new"))

    def index() -> str:
        response = client.get(reverse("tag_index"))
        assert response.status_code == 200
        return response.content.decode()

    assert "1 post<" in index()
    assert "1 post<" in index()  # from the page cache
    PostFactory().tags.add(tag)
    assert "2 posts<" in index()

    draft.status, draft.published_at = Post.Status.PUBLISHED, timezone.now()
    draft.save()

    page = index()
    assert "3 posts<" in page
    assert "#brand-new" in page
