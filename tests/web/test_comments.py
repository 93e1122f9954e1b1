"""Comments: signed-in readers write them; their author, the post's author and staff remove them."""

import pytest
from django.urls import reverse

from apps.blog.models import Comment
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.web.helpers import staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_signed_in_reader_comments(client):
    post = PostFactory()
    reader = UserFactory(display_name="Reader One")
    client.force_login(reader)
    response = client.post(post.get_absolute_url(), {"body": "  First!\nSecond line  "})
    comment = Comment.objects.get(post=post)
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author_id, comment.body) == (reader.pk, "First!\nSecond line")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "First!<br>Second line" in html and "Reader One" in html


def test_anonymous_comment_goes_to_login(client):
    post = PostFactory()
    response = client.post(post.get_absolute_url(), {"body": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "c" * 5001, "nul\x00byte"])
def test_bad_comments_are_form_errors(client, body):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.post(post.get_absolute_url(), {"body": body})
    assert response.status_code == 400
    assert "body" in response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_cannot_comment_on_someone_elses_draft(client):
    post = PostFactory(draft=True)
    client.force_login(UserFactory())
    assert client.post(post.get_absolute_url(), {"body": "Sneaky"}).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", ["comment_author", "post_author", "staff"])
def test_comment_removal_by_the_allowed_people(client, who):
    comment = CommentFactory()
    post = comment.post
    user = {
        "comment_author": comment.author,
        "post_author": post.author,
        "staff": staff_with("delete_comment"),
    }[who]
    client.force_login(user)
    url = reverse("comment_delete", args=[post.slug, comment.pk])
    assert f'href="{url}"' in client.get(post.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == post.get_absolute_url()
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_comment_removal_refused_for_others(client):
    comment = CommentFactory()
    url = reverse("comment_delete", args=[comment.post.slug, comment.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory())
    assert "Remove" not in client.get(comment.post.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))  # staff without the permission
    assert client.post(url).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_comment_removal_needs_the_matching_post(client):
    comment = CommentFactory()
    other = PostFactory()
    client.force_login(comment.author)
    url = reverse("comment_delete", args=[other.slug, comment.pk])
    assert client.post(url).status_code == 404
    assert client.post(reverse("comment_delete", args=[other.slug, 999999999])).status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()
