"""The admin's cross-database behaviour: authors, search, filters, counts, actions, atomicity."""

import pytest
from django.contrib.admin.models import LogEntry

from apps.accounts.models import User
from apps.blog.admin import AuthorListFilter, PostAdmin
from apps.blog.models import Comment, Post, Tag
from tests.admin_helpers import admin_url, changelist_context, count_queries
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
    UserFactory(username="alice")
    UserFactory(username="bob")
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


# --- Actions ---------------------------------------------------------------------------------


def run_action(client, model, action: str, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )


def test_publish_and_unpublish_actions(admin_client):
    draft = PostFactory(draft=True)
    scheduled = PostFactory(draft=True)
    scheduled.published_at = scheduled.created_at.replace(year=scheduled.created_at.year + 1)
    scheduled.save()
    updated_before = draft.updated_at
    assert run_action(admin_client, Post, "publish", [draft, scheduled]).status_code == 302
    draft.refresh_from_db()
    assert draft.updated_at > updated_before
    scheduled_date = scheduled.published_at
    scheduled.refresh_from_db()
    assert draft.status == scheduled.status == Post.Status.PUBLISHED
    assert draft.published_at is not None
    assert scheduled.published_at == scheduled_date  # a scheduled date is kept
    assert LogEntry.objects.filter(object_id=str(draft.pk), change_message="Published.").exists()

    assert run_action(admin_client, Post, "unpublish", [draft]).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_hide_and_show_comment_actions(admin_client):
    comments = CommentFactory.create_batch(2)
    run_action(admin_client, Comment, "hide", comments)
    assert not Comment.objects.filter(is_visible=True).exists()
    run_action(admin_client, Comment, "show", comments[:1])
    assert list(Comment.objects.filter(is_visible=True)) == comments[:1]


def test_comment_search_by_author_and_body(admin_client):
    bob = UserFactory(username="bob")
    CommentFactory(author=bob, body="first words")
    CommentFactory(body="bobsleigh is fun")  # body match
    CommentFactory(body="unrelated")
    cl = changelist_context(admin_client, Comment, "?q=bob")
    assert {comment.body for comment in cl.result_list} == {"first words", "bobsleigh is fun"}


def test_tag_list_counts_posts(admin_client):
    tag = TagFactory(name="django")
    TagFactory(name="empty")
    for post in PostFactory.create_batch(3):
        post.tags.add(tag)
    cl = changelist_context(admin_client, Tag)
    assert {t.name: t.post_count for t in cl.result_list} == {"django": 3, "empty": 0}


# --- Query counts do not grow with the rows on the page ---------------------------------------


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


@pytest.mark.parametrize(
    ("model", "make"),
    [(Post, make_posts), (Comment, make_comments), (User, make_users)],
    ids=["posts", "comments", "users"],
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


# --- Saves are atomic in blog_db ---------------------------------------------------------------


def test_admin_post_save_is_atomic_in_blog_db(admin_client, monkeypatch):
    """Django's changeform_view wraps the POST in transaction.atomic(using=<router's alias>).

    For blog models that alias is blog_db: a failure after the post row was written (here while
    saving its tags) undoes the row. If the admin's transaction were on `default`, the post
    would stay.
    """
    author, tag = UserFactory(), TagFactory()

    def failing_save_related(self, request, form, formsets, change):
        assert Post.objects.filter(title="Half saved").exists()
        raise RuntimeError("tags could not be saved")

    monkeypatch.setattr(PostAdmin, "save_related", failing_save_related)
    data = {
        "title": "Half saved",
        "author": author.pk,
        "status": "draft",
        "tags": [tag.pk],
        "body": "text",
    }
    with pytest.raises(RuntimeError):
        admin_client.post(admin_url(Post, "add"), data)
    assert not Post.objects.filter(title="Half saved").exists()


def test_orphaned_post_pages_answer_and_the_post_can_be_deleted(admin_client):
    orphan = PostFactory()
    CommentFactory(post=orphan)
    User.objects.filter(pk=orphan.author_id).delete()
    assert admin_client.get(admin_url(Post, "change", orphan.pk)).status_code == 200
    assert admin_client.get(admin_url(Post, "delete", orphan.pk)).status_code == 200
    response = admin_client.post(admin_url(Post, "delete", orphan.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=orphan.pk).exists()
    assert not Comment.objects.filter(post_id=orphan.pk).exists()
