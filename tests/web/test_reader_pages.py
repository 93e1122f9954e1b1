"""Reader pages: home, post, author, tag, search, feeds, sitemap, meta tags, error pages."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import OperationalError, connections
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from apps.blog import selectors
from apps.blog.models import Post
from config.web.errors import database_unavailable_response, server_error
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

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


def test_post_page_shows_comment_form_to_signed_in_readers(client):
    post = PostFactory()
    client.force_login(UserFactory())
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<textarea name="body"' in html


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_post_is_404_for_everyone_but_author_and_staff(client, kind):
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
    client.force_login(UserFactory(is_staff=True))
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


# --- Search -------------------------------------------------------------------------------------


def test_search_finds_words_in_title_and_body_with_stemming(client):
    PostFactory(title="Replication notes", body="Nothing special.")
    PostFactory(title="Stemmed match", body="We were replicating databases all day.")
    PostFactory(title="Unrelated", body="Cooking pasta.")
    PostFactory(title="Replicated draft", draft=True)
    html = client.get("/search/", {"q": "replication"}).content.decode()
    assert "Replication notes" in html
    assert (
        "Stemmed match" in html
    )  # "replicating" matches "replication" through the English stemmer
    assert "Unrelated" not in html
    assert "Replicated draft" not in html


def test_search_ranks_better_matches_first(client):
    PostFactory(title="Passing mention", body="postgres once", published_at=_days_ago(1))
    PostFactory(
        title="Postgres postgres", body="postgres postgres postgres", published_at=_days_ago(5)
    )
    html = client.get("/search/", {"q": "postgres"}).content.decode()
    assert html.index("Postgres postgres") < html.index("Passing mention")


def test_search_without_query_shows_the_form_only(client):
    PostFactory(title="Anything")
    html = client.get("/search/").content.decode()
    assert 'name="q"' in html
    assert "Anything" not in html


@pytest.mark.parametrize(
    "query",
    ["\x00", "a\x00b", "'; DROP TABLE blog_post; --", '"unbalanced', "-", "&|!", "x" * 5000],
)
def test_search_survives_hostile_queries(client, query):
    PostFactory(title="Survivor")
    assert client.get("/search/", {"q": query}).status_code == 200
    assert Post.objects.filter(title="Survivor").exists()


def test_search_query_is_cleaned_of_nul_bytes():
    assert selectors.search_query_clean(" a\x00b ") == "ab"
    assert selectors.search_query_clean(None) == ""


def test_search_index_exists_and_is_used():
    with connections["blog_db"].cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["post_search_document_idx"]
        )
        (indexdef,) = cursor.fetchone()
        assert "gin" in indexdef.lower()
        # Small test tables: forbid the plans that would win on size alone (a sequential scan,
        # or walking the published_at index to skip the sort), leaving bitmap scans.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = (
            Post.objects.filter(selectors.post_search_match(query="database")).order_by().explain()
        )
    assert "post_search_document_idx" in plan


# --- Feeds and sitemap --------------------------------------------------------------------------


def test_site_feed_is_atom_with_published_posts_and_author_names(client):
    PostFactory(title="In the feed", author=UserFactory(display_name="Feed Author"))
    PostFactory(title="Draft not in feed", draft=True)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["In the feed"]
    assert root.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Feed Author"


def test_author_and_tag_feeds_are_scoped(client):
    author = UserFactory(username="scoped")
    tag = TagFactory(name="scoped-tag")
    mine = PostFactory(author=author, title="By scoped")
    tagged = PostFactory(title="Tagged scoped")
    tagged.tags.add(tag)
    PostFactory(title="Neither")

    def titles(url):
        root = ElementTree.fromstring(client.get(url).content)
        return {entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")}

    assert titles("/authors/scoped/feed/") == {mine.title}
    assert titles(f"/tags/{tag.slug}/feed/") == {tagged.title}
    assert client.get("/authors/missing/feed/").status_code == 404
    assert client.get("/tags/missing/feed/").status_code == 404


def test_sitemap_lists_public_posts_authors_and_tags_only(client):
    author = UserFactory(username="mapped")
    public = PostFactory(author=author)
    public.tags.add(TagFactory(name="mapped-tag"))
    draft = PostFactory(draft=True)
    orphan = PostFactory()
    type(orphan.author).objects.filter(pk=orphan.author_id).delete()
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert public.get_absolute_url() in body
    assert "/authors/mapped/" in body
    assert "/tags/mapped-tag/" in body
    assert draft.get_absolute_url() not in body
    assert orphan.get_absolute_url() not in body


# --- Error pages --------------------------------------------------------------------------------


def test_404_page_is_in_the_site_design(client):
    response = client.get("/posts/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "css/site.css" in html


def _error_page(status: int) -> str:
    """The 500 or 503 page, rendered as the project's handler500 and 503 response render it."""
    request = RequestFactory().get("/")
    if status == 503:
        return database_unavailable_response(request, OperationalError("down")).content.decode()
    return server_error(request).content.decode()


@pytest.mark.parametrize("status", [500, 503])
def test_500_and_503_render_without_touching_any_database(status, django_assert_num_queries):
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        html = _error_page(status)
    assert "css/site.css" in html
    assert 'href="/feed/"' in html
    assert "Log out" not in html and "Log in" not in html


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_500_and_503_render_with_a_request_without_queries(template, rf, django_assert_num_queries):
    """Rendered through a RequestContext (as a middleware might), the lazy user and messages
    from the context processors must stay unevaluated."""
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        html = render_to_string(template, request=request)
    assert "Quire" in html


def test_403_page_is_in_the_site_design(client):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("post_edit", args=[post.slug]))
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


def test_503_shows_the_request_id_it_is_given(django_assert_num_queries):
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        html = render_to_string("503.html", {"request_id": "req-1234"})
    assert "req-1234" in html


# --- The links on every page (config/web/site_urls.py) ------------------------------------------


def test_header_and_footer_link_to_the_site_for_anonymous_readers(client):
    html = client.get("/").content.decode()
    for link in (
        'href="/static/css/site',
        'class="brand" href="/"',
        'action="/search/"',
        'href="/accounts/login/"',
        'href="/accounts/signup/"',
        'href="/feed/"',
        'href="/sitemap.xml"',
    ):
        assert link in html


def test_header_links_a_signed_in_writer_to_their_pages(client):
    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("dashboard")}" aria-current="page">Dashboard' in html
    assert f'href="{reverse("post_create")}">Write' in html
    assert f'href="{reverse("profile_edit")}">Profile' in html
    assert f'action="{reverse("logout")}"' in html


def test_site_links_follow_the_script_prefix_the_site_is_mounted_under(client):
    assert 'class="brand" href="/"' in client.get("/").content.decode()
    set_script_prefix("/blog/")  # what gunicorn's WSGI handler does for SCRIPT_NAME=/blog
    try:
        mounted = client.get("/").content.decode()
    finally:
        set_script_prefix("/")
    assert 'class="brand" href="/blog/"' in mounted
    assert 'href="/blog/sitemap.xml"' in mounted
    assert 'class="brand" href="/"' in client.get("/").content.decode()
