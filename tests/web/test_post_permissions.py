"""Who may edit and delete a post: its author, staff with the permission, nobody else."""

import pytest
from django.urls import reverse

from apps.blog.models import Comment, Post
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.helpers import post_form, staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_author_edits_own_post(client, author):
    post = PostFactory(author=author, title="Before")
    post.tags.add(TagFactory(name="old"))
    page = client.get(reverse("post_edit", args=[post.slug])).content.decode()
    assert 'value="Before"' in page and 'value="old"' in page
    response = client.post(
        reverse("post_edit", args=[post.slug]),
        post_form(title="After", body="New body", tags="fresh", status="draft"),
    )
    assert response["Location"] == post.get_absolute_url()
    post.refresh_from_db()
    assert (post.title, post.body, post.status) == ("After", "New body", "draft")
    assert [tag.name for tag in post.tags.all()] == ["fresh"]


def test_edit_with_bad_input_changes_nothing(client, author):
    post = PostFactory(author=author, title="Kept")
    response = client.post(reverse("post_edit", args=[post.slug]), post_form(title=""))
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.title == "Kept"


@pytest.mark.parametrize("view", ["post_edit", "post_delete"])
def test_other_users_get_403_on_public_posts_and_404_on_drafts(client, view):
    public = PostFactory()
    draft = PostFactory(draft=True)
    client.force_login(UserFactory())
    assert client.get(reverse(view, args=[public.slug])).status_code == 403
    assert client.post(reverse(view, args=[public.slug]), post_form()).status_code == 403
    assert client.get(reverse(view, args=[draft.slug])).status_code == 404
    assert client.post(reverse(view, args=[draft.slug]), post_form()).status_code == 404
    assert Post.objects.filter(pk__in=[public.pk, draft.pk]).count() == 2
    public.refresh_from_db()
    assert public.title != "A title"


@pytest.mark.parametrize("view", ["post_edit", "post_delete"])
def test_anonymous_users_are_sent_to_login(client, view):
    post = PostFactory()
    response = client.post(reverse(view, args=[post.slug]), post_form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Post.objects.filter(pk=post.pk).exists()


def test_staff_without_the_change_permission_cannot_edit(client):
    post = PostFactory()
    client.force_login(staff_with("view_post"))
    assert client.get(reverse("post_edit", args=[post.slug])).status_code == 403


def test_staff_with_the_change_permission_can_edit_and_delete(client):
    post = PostFactory(title="Staff target")
    draft = PostFactory(draft=True)
    client.force_login(staff_with("change_post"))
    assert client.get(reverse("post_edit", args=[draft.slug])).status_code == 200
    client.post(reverse("post_edit", args=[post.slug]), post_form(title="Moderated"))
    post.refresh_from_db()
    assert post.title == "Moderated"
    client.post(reverse("post_delete", args=[post.slug]))
    assert not Post.objects.filter(pk=post.pk).exists()


def test_delete_asks_first_then_deletes_with_comments(client, author):
    post = PostFactory(author=author)
    CommentFactory(post=post)
    page = client.get(reverse("post_delete", args=[post.slug]))
    assert page.status_code == 200
    assert Post.objects.filter(pk=post.pk).exists()
    response = client.post(reverse("post_delete", args=[post.slug]))
    assert response["Location"] == reverse("dashboard")
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(post_id=post.pk).exists()


@pytest.mark.parametrize("view", ["post_edit", "post_delete", "post_detail"])
def test_unknown_slugs_are_404(client, author, view):
    assert client.get(reverse(view, args=["no-such-post"])).status_code == 404
