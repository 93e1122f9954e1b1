"""Related posts under a post: the public posts sharing the most tags with it, newest on ties,
among the most recent posts of each of its tags (`RELATED_CANDIDATES_PER_TAG` each,
apps/blog/related_posts.py)."""

from datetime import timedelta

import pytest
from django.db import connections
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from apps.blog import related_posts
from apps.blog.models import Post
from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def tagged(*tags, days_ago: int = 1, **kwargs) -> Post:
    post = PostFactory(published_at=timezone.now() - timedelta(days=days_ago), **kwargs)
    post.tags.add(*tags)
    return post


def related_titles(client, post: Post) -> list[str]:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    related = response.context["related_posts"]
    return [related_post.title for related_post in related]


def test_most_shared_tags_first_then_newest_at_most_three(client):
    a, b, c = TagFactory(), TagFactory(), TagFactory()
    post = tagged(a, b, c, title="The post")
    tagged(a, title="One tag, old", days_ago=9)
    tagged(a, b, c, title="Three tags", days_ago=8)
    tagged(b, title="One tag, new", days_ago=2)
    tagged(a, b, title="Two tags", days_ago=7)
    tagged(TagFactory(), title="Nothing shared")

    assert related_titles(client, post) == ["Three tags", "Two tags", "One tag, new"]
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('id="related-heading"') == 1
    assert "One tag, old" not in page


def test_candidates_are_each_tags_most_recent_posts_only(client):
    a, b = TagFactory(), TagFactory()
    post = tagged(a, b, title="The post")
    # Shares both tags and is the latest published, but was written before every other post
    # of either tag: more recent ones fill each tag's share of candidates.
    tagged(a, b, title="Written first", days_ago=0)
    for number in range(related_posts.RELATED_CANDIDATES_PER_TAG):
        tagged(a, b, title=f"Written later {number}", days_ago=3 + number)

    assert related_titles(client, post) == ["Written later 0", "Written later 1", "Written later 2"]


def test_a_tags_share_of_candidates_counts_public_posts_only(client):
    tag = TagFactory()
    post = tagged(tag, title="The post")
    tagged(tag, title="Public, written first")
    for _ in range(related_posts.RELATED_CANDIDATES_PER_TAG):
        tagged(tag, title="A draft", draft=True)

    assert related_titles(client, post) == ["Public, written first"]


def test_drafts_scheduled_and_the_post_itself_are_left_out(client):
    tag = TagFactory()
    post = tagged(tag, title="The post")
    tagged(tag, title="A draft", draft=True)
    tagged(tag, title="Scheduled", days_ago=-3)
    tagged(tag, title="Public")

    assert related_titles(client, post) == ["Public"]


def test_a_related_post_whose_writer_is_gone_is_left_out(client):
    tag = TagFactory()
    post = tagged(tag, title="The post")
    tagged(tag, title="Kept")
    orphan = tagged(tag, title="Writer gone")
    with connections["default"].cursor() as cursor:  # no blog cleanup: an orphan left behind
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [orphan.author_id])

    assert related_titles(client, post) == ["Kept"]


def test_no_section_when_no_tags_are_shared(client):
    post = tagged(TagFactory())
    tagged(TagFactory())
    untagged = PostFactory()

    for page in (post, untagged):
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200
        assert "Related posts" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_one_query_per_alias_whatever_the_candidates(count, django_assert_num_queries):
    tag = TagFactory()
    post = tagged(tag, TagFactory())
    for _ in range(count):
        tagged(tag)  # each by a distinct author
    tags = list(post.tags.all())

    with (
        django_assert_num_queries(1, using="blog_db"),
        django_assert_num_queries(1, using="default"),
    ):
        related = related_posts.post_list_related(post=post, tags=tags)
        names = [related_post.writer.public_name for related_post in related]

    assert len(names) == min(count, related_posts.RELATED_POSTS_MAX)


def test_a_post_without_tags_costs_no_query(django_assert_num_queries):
    post = PostFactory()
    with (
        django_assert_num_queries(0, using="blog_db"),
        django_assert_num_queries(0, using="default"),
    ):
        assert related_posts.post_list_related(post=post, tags=[]) == []


def test_a_newly_published_related_post_shows_on_the_next_request(client, page_cache):
    tag = TagFactory()
    post = tagged(tag)
    assert "Related posts" not in client.get(post.get_absolute_url()).content.decode()
    draft = tagged(tag, title="Fresh related post", draft=True)
    assert "Fresh related post" not in client.get(post.get_absolute_url()).content.decode()

    draft.status, draft.published_at = Post.Status.PUBLISHED, timezone.now()
    draft.save()

    assert "Fresh related post" in client.get(post.get_absolute_url()).content.decode()


def test_related_posts_are_listed_with_their_titles_and_authors_escaped(client):
    tag = TagFactory()
    post = tagged(tag)
    author = UserFactory(display_name="<script>alert('Ann')</script> & co")
    related = tagged(tag, title='<script>alert(1)</script> <i>Other</i> & "post"', author=author)
    html = client.get(post.get_absolute_url()).content.decode()
    published = timezone.localtime(related.published_at)
    assert (
        f'<li>\n<a href="{related.get_absolute_url()}">&lt;script&gt;alert(1)&lt;/script&gt; '
        "&lt;i&gt;Other&lt;/i&gt; &amp; &quot;post&quot;</a>\n"
        '<span class="meta">by &lt;script&gt;alert(&#x27;Ann&#x27;)&lt;/script&gt; &amp; co '
        '<span aria-hidden="true">·</span> '
        f'<time datetime="{published.isoformat()}">{date_filter(published, "j M Y")}</time>'
        "</span>\n</li>"
    ) in html
    assert "<script>alert" not in html
