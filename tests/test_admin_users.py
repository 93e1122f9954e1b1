"""The user admin shows each user's blog content from blog_db: on the change page, the list and
the delete confirmations (the Editors role in tests/test_admin_editors.py)."""

import pytest
from django.contrib.auth.models import Permission

from apps.accounts.models import User
from apps.blog.models import Comment, Post
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.fixture
def alice():
    alice = UserFactory(username="alice")
    first = PostFactory(author=alice, title="Alice's first post")
    PostFactory(author=alice, title="Alice's draft", draft=True)
    CommentFactory(post=first, body="A reply from someone else")
    CommentFactory(author=alice, body="Alice commenting elsewhere")
    return alice


# --- Change page ------------------------------------------------------------------------------


def test_user_change_page_lists_their_posts_with_admin_links(admin_client, alice):
    PostFactory(title="Someone else's post")
    response = admin_client.get(admin_url(User, "change", alice.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for post in Post.objects.filter(author_id=alice.pk):
        assert f'<a href="{admin_url(Post, "change", post.pk)}">{post.title}' in html.replace(
            "&#x27;", "'"
        )
    assert "Someone else" not in html
    assert "2 posts and" in html and "1 comment by this user" in html
    assert f"{admin_url(Post, 'changelist')}?author={alice.pk}" in html


def test_user_change_page_without_blog_content(admin_client):
    user = UserFactory()
    response = admin_client.get(admin_url(User, "change", user.pk))
    assert "0 posts and" in response.content.decode()


def test_user_profile_fields_are_editable(admin_client, alice):
    response = admin_client.get(admin_url(User, "change", alice.pk))
    form = response.context["adminform"].form
    assert {"display_name", "bio"} <= set(form.fields)


def test_user_change_page_shows_the_welcome_post_marker_read_only(admin_client, alice):
    response = admin_client.get(admin_url(User, "change", alice.pk))
    adminform = response.context["adminform"]
    assert [fieldset.name for fieldset in adminform][-1] == "Blog"
    assert "welcome_post_seeded_at" in adminform.readonly_fields
    assert "welcome_post_seeded_at" not in adminform.form.fields


def test_user_list_shows_blog_counts_and_deletes_blog_content_too(admin_client, alice):
    response = admin_client.get(admin_url(User, "changelist"))
    html = response.content.decode()
    assert "column-post_count" in html and "column-comment_count" in html
    assert "Delete selected users and their blog content" in html


# --- Delete confirmation pages ---------------------------------------------------------------


def assert_lists_blog_content(html: str, user) -> None:
    html = html.replace("&#x27;", "'")
    for post in Post.objects.filter(author_id=user.pk):
        assert f'Post: <a href="{admin_url(Post, "change", post.pk)}">{post.title}</a>' in html
    comments = Comment.objects.filter(author_id=user.pk) | Comment.objects.filter(
        post__author_id=user.pk
    )
    assert comments.count() == 2
    for comment in comments:
        assert f'Comment: <a href="{admin_url(Comment, "change", comment.pk)}">' in html
        assert comment.body in html


def test_user_delete_page_lists_their_blog_content(admin_client, alice):
    response = admin_client.get(admin_url(User, "delete", alice.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert_lists_blog_content(html, alice)
    summary = dict(response.context["model_count"])
    assert (summary["posts"], summary["comments"]) == (2, 2)
    assert "deleted right after the user" in html


def test_bulk_user_delete_page_lists_their_blog_content(admin_client, alice):
    bob = UserFactory(username="bob")
    PostFactory(author=bob, title="Bob's post")
    response = admin_client.post(
        admin_url(User, "changelist"),
        {"action": "delete_selected", "_selected_action": [alice.pk, bob.pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_lists_blog_content(html, alice)
    assert "Bob's post" in html.replace("&#x27;", "'")
    assert dict(response.context["model_count"])["posts"] == 3


def test_user_delete_page_without_blog_content_has_no_blog_section(admin_client):
    user = UserFactory()
    response = admin_client.get(admin_url(User, "delete", user.pk))
    assert "Blog content in the" not in response.content.decode()
    assert "posts" not in dict(response.context["model_count"])


def test_deleting_a_user_needs_the_blog_delete_permissions(client, alice):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "delete_user"])
    )
    client.force_login(staff)
    response = client.get(admin_url(User, "delete", alice.pk))
    assert response.status_code == 200
    assert set(response.context["perms_lacking"]) == {"post", "comment"}
    assert client.post(admin_url(User, "delete", alice.pk), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=alice.pk).exists()


def test_long_blog_content_lists_are_cut_with_exact_totals(admin_client, alice, monkeypatch):
    monkeypatch.setattr("apps.blog.admin_users.LISTED_ROWS", 1)
    delete_page = admin_client.get(admin_url(User, "delete", alice.pk)).content.decode()
    assert "… and 1 more post" in delete_page
    assert "… and 1 more comment" in delete_page
    change_page = admin_client.get(admin_url(User, "change", alice.pk)).content.decode()
    assert "2 in all; the newest 1 are listed" in change_page
