"""The admin's cross-database lists: authors, search, filters, autocompletes, counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.blog.admin import AuthorListFilter
from apps.blog.models import Comment, Post, Tag
from tests.admin_helpers import admin_url, changelist_context, changelist_rows, form_post_data
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def titles(cl) -> set[str]:
    return {post.title for post in cl.result_list}


# --- Posts: authors, search, filters ---------------------------------------------------------


def test_post_list_links_each_author_to_their_user_page(admin_client):
    post = PostFactory(author=UserFactory(username="alice"))
    response = admin_client.get(admin_url(Post, "changelist"))
    html = response.content.decode()
    assert f'<a href="{admin_url(User, "change", post.author_id)}">alice</a>' in html


def test_post_list_shows_orphans_instead_of_failing(admin_client):
    orphan = PostFactory(title="Left behind")
    User.objects.filter(pk=orphan.author_id).delete()  # no cascade: a lost second step
    response = admin_client.get(admin_url(Post, "changelist"))
    html = response.content.decode()
    assert "Left behind" in html
    assert f"deleted user #{orphan.author_id}" in html


def test_searching_posts_by_author_username_finds_them(admin_client):
    alice = UserFactory(username="alice", email="alice@example.org")
    PostFactory(author=alice, title="Alice one", body="words")
    PostFactory(author=alice, title="Alice two", body="words")
    PostFactory(author=UserFactory(username="bob"), title="Bob's post", body="about nothing")
    assert titles(changelist_context(admin_client, Post, "?q=alice")) == {
        "Alice one",
        "Alice two",
    }
    assert titles(changelist_context(admin_client, Post, "?q=ALICE@example")) == {
        "Alice one",
        "Alice two",
    }
    # Title and body still match, alongside author matches.
    assert titles(changelist_context(admin_client, Post, "?q=nothing")) == {"Bob's post"}


def test_author_search_combines_with_filters(admin_client):
    alice = UserFactory(username="alice")
    tag = TagFactory(name="django")
    tagged = PostFactory(author=alice, title="Tagged")
    tagged.tags.add(tag)
    PostFactory(author=alice, title="Untagged")
    cl = changelist_context(admin_client, Post, f"?q=alice&tags__id__exact={tag.pk}")
    assert titles(cl) == {"Tagged"}


def test_author_filter_lists_only_authors_and_filters_by_id(admin_client):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    UserFactory(username="carol")  # no posts
    PostFactory(author=alice, title="A")
    PostFactory(author=bob, title="B")
    cl = changelist_context(admin_client, Post)
    (author_filter,) = [spec for spec in cl.filter_specs if isinstance(spec, AuthorListFilter)]
    assert sorted(label for _, label in author_filter.lookup_choices) == ["alice", "bob"]
    assert titles(changelist_context(admin_client, Post, f"?author={bob.pk}")) == {"B"}
    assert titles(changelist_context(admin_client, Post, "?author=nonsense")) == set()


def test_post_list_shows_each_posts_state(admin_client):
    PostFactory(title="Out now")
    PostFactory(title="Coming soon", published_at=timezone.now() + timedelta(days=1))
    PostFactory(title="Unfinished", draft=True)
    rows = changelist_rows(admin_client, Post)
    states = {row["title"]: row["state"] for row in rows}
    assert states == {"Out now": "Published", "Coming soon": "Scheduled", "Unfinished": "Draft"}


def test_status_and_tag_filters(admin_client):
    tag = TagFactory()
    published = PostFactory(title="Out")
    published.tags.add(tag)
    PostFactory(title="Draft", draft=True)
    assert titles(changelist_context(admin_client, Post, "?status__exact=draft")) == {"Draft"}
    assert titles(changelist_context(admin_client, Post, f"?tags__id__exact={tag.pk}")) == {"Out"}


def test_comment_count_is_exact_under_the_tag_filter(admin_client):
    first, second = TagFactory(), TagFactory()
    post = PostFactory()
    post.tags.add(first, second)
    CommentFactory.create_batch(3, post=post)
    for query in ("", f"?tags__id__exact={first.pk}", "?o=5"):
        cl = changelist_context(admin_client, Post, query)
        assert [p.comment_count for p in cl.result_list] == [3]


def test_author_autocomplete_searches_users_in_default(admin_client):
    # Display names are searched too: fixed ones, so a generated name cannot match "ali".
    UserFactory(username="alice", display_name="Alice")
    UserFactory(username="bob", display_name="Bob")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "blog", "model_name": "post", "field_name": "author", "term": "ali"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["alice"]


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [("post", "tags", "djan", "django"), ("comment", "post", "Cross", "Cross-database")],
)
def test_other_autocompletes(admin_client, model_name, field_name, term, expected):
    PostFactory(title="Cross-database").tags.add(TagFactory(name="django"))
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "blog", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert [result["text"] for result in response.json()["results"]] == [expected]


# --- Comments and tags ----------------------------------------------------------------------


def test_comment_search_by_author_and_body(admin_client):
    bob = UserFactory(username="bob")
    CommentFactory(author=bob, body="first words")
    CommentFactory(body="bobsleigh is fun")  # body match
    CommentFactory(body="unrelated")
    cl = changelist_context(admin_client, Comment, "?q=bob")
    assert {comment.body for comment in cl.result_list} == {"first words", "bobsleigh is fun"}


def test_a_comment_edited_in_the_admin_shows_its_new_body_escaped(admin_client):
    comment = CommentFactory(body="before")
    url = admin_url(Comment, "change", comment.pk)
    data = form_post_data(admin_client.get(url).context["adminform"].form)
    data["body"] = "after <em>&</em>"
    assert admin_client.post(url, data).status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p>after &lt;em&gt;&amp;&lt;/em&gt;</p>"
    page = admin_client.get(comment.post.get_absolute_url()).content.decode()
    assert '<div class="comment-body"><p>after &lt;em&gt;&amp;&lt;/em&gt;</p></div>' in page


def test_tag_list_counts_posts(admin_client):
    tag = TagFactory(name="django")
    TagFactory(name="empty")
    for post in PostFactory.create_batch(3):
        post.tags.add(tag)
    cl = changelist_context(admin_client, Tag)
    assert {t.name: t.post_count for t in cl.result_list} == {"django": 3, "empty": 0}
