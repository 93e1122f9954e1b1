"""Reader pages: home, a post, an author, a tag; what each shows and hides."""

from datetime import timedelta

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.blog.models import Post
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.helpers import staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

ATOM = "{http://www.w3.org/2005/Atom}"


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


# --- Home ---------------------------------------------------------------------------------------


def test_home_lists_published_posts_newest_first_with_author_names(client):
    alice = UserFactory(display_name="Alice Liddell")
    PostFactory(title="Older", author=alice, published_at=_days_ago(3))
    PostFactory(title="Newer", author=alice, published_at=_days_ago(1))
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Alice Liddell" in html
    assert reverse("author_detail", args=[alice.username]) in html


def test_home_hides_drafts_and_scheduled_posts(client):
    PostFactory(title="Visible post")
    PostFactory(title="Secret draft", draft=True)
    PostFactory(title="Future post", published_at=timezone.now() + timedelta(days=1))
    html = client.get("/").content.decode()
    assert "Visible post" in html
    assert "Secret draft" not in html
    assert "Future post" not in html


def test_scheduled_post_appears_once_its_time_has_come(client):
    post = PostFactory(title="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    assert client.get(post.get_absolute_url()).status_code == 404
    Post.objects.filter(pk=post.pk).update(published_at=_days_ago(0) - timedelta(minutes=1))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert "Scheduled" in client.get("/").content.decode()


def test_home_shows_tags_reading_time_and_comment_count(client):
    post = PostFactory(title="Tagged", body="word " * 700)
    post.tags.add(TagFactory(name="postgres"))
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, is_visible=False)
    html = client.get("/").content.decode()
    assert "#postgres" in html
    assert "3 min read" in html
    assert "2 comments" in html


def test_each_card_shows_its_own_tags_by_name(client):
    tagged = PostFactory(title="Tagged", published_at=_days_ago(1))
    tagged.tags.add(TagFactory(name="zeppelins"), TagFactory(name="Airships & <b>"))
    PostFactory(title="Untagged", published_at=_days_ago(2))
    html = client.get("/").content.decode()
    cards = html.split('<article class="card')[1:]
    assert len(cards) == 2
    assert cards[0].index("#Airships &amp; &lt;b&gt;</a>") < cards[0].index("#zeppelins</a>")
    assert 'href="/tags/airships-b/"' in cards[0]
    assert '<ul class="tags"' not in cards[1]


def test_home_paginates_ten_per_page(client):
    for day in range(12):
        PostFactory(title=f"Post day {day:02d}", published_at=_days_ago(day + 1))
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 2
    assert "Post day 11" in second and "Post day 11" not in first
    assert 'rel="next"' in first and 'rel="prev"' in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", "99999999999999999999"])
def test_home_bad_page_numbers_are_404(client, page):
    PostFactory()
    assert client.get(f"/?page={page}").status_code == 404


def test_home_leaves_out_orphaned_posts(client):
    orphan = PostFactory(title="Orphaned post")
    PostFactory(title="Kept post")
    type(orphan.author).objects.filter(pk=orphan.author_id).delete()  # skips the cascade
    html = client.get("/").content.decode()
    assert "Kept post" in html
    assert "Orphaned post" not in html


# --- Post page ----------------------------------------------------------------------------------


def test_post_page_renders_markdown_author_card_and_comments(client):
    author = UserFactory(display_name="Ada", bio="Counts things.")
    post = PostFactory(author=author, title="Engines", body="Some **bold** words.")
    commenter = UserFactory(display_name="Charles")
    CommentFactory(post=post, author=commenter, body="Lovely.")
    CommentFactory(post=post, body="Hidden by moderation", is_visible=False)
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html
    assert "Counts things." in html and "Ada" in html
    assert "Charles" in html and "Lovely." in html
    assert "Hidden by moderation" not in html
    assert "to comment" in html  # anonymous readers get a login prompt, not a form
    assert 'name="body"' not in html


def test_post_page_reads_its_authors_public_profile_not_the_account(client):
    author = UserFactory(display_name="Ada", bio="Counts things.", email="ada@example.com")
    post = PostFactory(author=author, title="Engines")
    post.tags.add(TagFactory(name="zinc"), TagFactory(name="brass"))
    with CaptureQueriesContext(connections["default"]) as people:
        html = client.get(post.get_absolute_url()).content.decode()
    assert "Counts things." in html and "Ada" in html
    # The post's tags by name, in its meta and its list of tags.
    assert html.index('content="brass"') < html.index('content="zinc"')
    assert html.index(">#brass<") < html.index(">#zinc<")
    reads = " ".join(query["sql"] for query in people.captured_queries)
    assert '"bio"' in reads
    assert '"password"' not in reads and '"email"' not in reads


def test_post_page_shows_comment_form_to_signed_in_readers(client):
    post = PostFactory()
    client.force_login(UserFactory())
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<textarea name="body"' in html


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_post_is_404_for_everyone_but_author_and_staff_who_may_view(client, kind):
    author = UserFactory()
    if kind == "draft":
        post = PostFactory(author=author, draft=True)
    else:
        post = PostFactory(author=author, published_at=timezone.now() + timedelta(days=2))
    url = post.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 200
    client.force_login(staff_with("view_post"))
    assert client.get(url).status_code == 200


def test_post_page_of_an_orphan_is_404(client):
    post = PostFactory()
    type(post.author).objects.filter(pk=post.author_id).delete()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_post_page_skips_comments_by_deleted_users(client):
    post = PostFactory()
    gone = CommentFactory(post=post, body="From a deleted account")
    CommentFactory(post=post, body="Still here")
    type(gone.author).objects.filter(pk=gone.author_id).delete()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Still here" in html
    assert "From a deleted account" not in html


def test_post_page_has_meta_description_and_open_graph_tags(client):
    post = PostFactory(title="Graph & things", body="The first words of the body.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<meta name="description" content="The first words of the body.">' in html
    assert '<meta property="og:title" content="Graph &amp; things">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'content="http://testserver{post.get_absolute_url()}"' in html


def test_unicode_slugs_resolve(client):
    post = PostFactory(title="Ünïcode: 日本語のタイトル")
    assert post.slug == "ünïcode-日本語のタイトル"
    assert client.get(post.get_absolute_url()).status_code == 200


# --- Author and tag pages -----------------------------------------------------------------------


def test_author_page_shows_profile_and_only_their_published_posts(client):
    author = UserFactory(username="grace", display_name="Grace H.", bio="Compilers.")
    PostFactory(author=author, title="Mine, public")
    PostFactory(author=author, title="Mine, draft", draft=True)
    PostFactory(title="Someone else's")
    response = client.get("/authors/grace/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Grace H." in html and "Compilers." in html
    assert "Mine, public" in html
    assert "Mine, draft" not in html and "Someone else" not in html
    assert reverse("author_feed", args=["grace"]) in html


def test_unknown_author_is_404(client):
    assert client.get("/authors/nobody-here/").status_code == 404


def test_tag_page_lists_published_posts_with_the_tag(client):
    tag = TagFactory(name="rust")
    tagged = PostFactory(title="Tagged and public")
    tagged.tags.add(tag)
    draft = PostFactory(title="Tagged draft", draft=True)
    draft.tags.add(tag)
    PostFactory(title="Untagged")
    response = client.get(tag.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tagged and public" in html
    assert "Tagged draft" not in html and "Untagged" not in html


def test_unknown_tag_is_404(client):
    assert client.get("/tags/no-such-tag/").status_code == 404
