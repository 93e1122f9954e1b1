"""Replies: one level under the comment replied to, and an e-mail to the people concerned."""

import re

import pytest
from django.test import Client

from apps.blog.models import Comment
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.fixture
def thread():
    post_author = UserFactory(username="writer", email="writer@example.com")
    post = PostFactory(author=post_author, title="On quires")
    commenter = UserFactory(username="first", email="first@example.com")
    parent = CommentFactory(post=post, author=commenter, body="The first comment")
    return post, parent


def reply(client, post, parent_id, body="A reply"):
    return client.post(post.get_absolute_url(), {"body": body, "parent": str(parent_id)})


def test_a_reply_is_shown_under_its_comment_and_mails_both(
    client, thread, mailoutbox, django_capture_on_commit_callbacks
):
    post, parent = thread
    replier = UserFactory(username="replier", display_name="Rae Plier")
    client.force_login(replier)
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        response = reply(client, post, parent.pk, "Well said")
    created = Comment.objects.get(parent=parent)
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{created.pk}"
    html = client.get(post.get_absolute_url()).content.decode()
    under_parent = re.search(
        rf'id="comment-{parent.pk}".*?class="comment-replies".*?id="comment-{created.pk}"',
        html,
        re.S,
    )
    assert under_parent is not None
    assert "2 comments" in html
    assert sorted(mail.to[0] for mail in mailoutbox) == ["first@example.com", "writer@example.com"]
    for mail in mailoutbox:
        assert "Well said" in mail.body and "Rae Plier" in mail.body
        assert f"http://testserver{post.get_absolute_url()}#comment-{created.pk}" in mail.body


def test_no_mail_to_yourself_nor_to_who_opted_out(
    client, thread, mailoutbox, django_capture_on_commit_callbacks
):
    post, parent = thread
    parent.author.notify_replies = False
    parent.author.save()
    client.force_login(post.author)
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        assert reply(client, post, parent.pk).status_code == 302
    assert mailoutbox == []


def test_a_top_level_comment_sends_no_reply_mail(
    client, thread, mailoutbox, django_capture_on_commit_callbacks
):
    post, _ = thread
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        assert client.post(post.get_absolute_url(), {"body": "Hello"}).status_code == 302
    assert mailoutbox == []


def test_a_reply_to_a_reply_joins_the_top_level_thread(client, thread):
    post, parent = thread
    first_reply = CommentFactory(post=post, parent=parent)
    client.force_login(UserFactory())
    assert reply(client, post, first_reply.pk, "Nested?").status_code == 302
    assert Comment.objects.get(body="Nested?").parent_id == parent.pk


@pytest.mark.parametrize("case", ["other_post", "hidden", "missing"])
def test_a_reply_to_a_comment_not_shown_here_is_refused_and_keeps_the_text(client, thread, case):
    post, parent = thread
    if case == "other_post":
        target = CommentFactory().pk
    elif case == "hidden":
        Comment.objects.filter(pk=parent.pk).update(is_visible=False)
        target = parent.pk
    else:
        target = 999_999
    client.force_login(UserFactory())
    response = reply(client, post, target, "Kept text")
    assert response.status_code == 400
    assert "parent" in response.context["comment_form"].errors
    assert "Kept text" in response.content.decode()
    assert not Comment.objects.filter(body="Kept text").exists()


def test_replies_stay_on_their_comments_page(client, thread):
    post, parent = thread
    for _ in range(50):
        CommentFactory(post=post)
    late_reply = CommentFactory(post=post, parent=parent, body="A late reply")
    first_page = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{late_reply.pk}"' in first_page
    second_page = client.get(post.get_absolute_url() + "?comments=2").content.decode()
    assert f'id="comment-{late_reply.pk}"' not in second_page
    client.force_login(UserFactory())
    response = reply(client, post, parent.pk, "Later still")
    created = Comment.objects.get(body="Later still")
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{created.pk}"


def test_reply_link_prefills_the_form(client, thread):
    post, parent = thread
    client.force_login(UserFactory())
    html = client.get(f"{post.get_absolute_url()}?reply={parent.pk}").content.decode()
    assert f'name="parent" value="{parent.pk}"' in html
    assert "Replying to" in html


def test_profile_turns_reply_mail_off(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/accounts/profile/")
    assert 'name="notify_replies"' in response.content.decode()
    saved = client.post("/accounts/profile/", {"display_name": "", "bio": ""})
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.notify_replies is False


def test_replies_under_a_hidden_comment_leave_every_total(client, thread):
    post, parent = thread
    CommentFactory(post=post, body="Still here")
    CommentFactory.create_batch(2, post=post, parent=parent)
    dashboard = Client()
    dashboard.force_login(post.author)
    assert "4 comments" in client.get(post.get_absolute_url()).content.decode()
    Comment.objects.filter(pk=parent.pk).update(is_visible=False)
    assert "1 comment<" in client.get(post.get_absolute_url()).content.decode()
    assert "</span> 1 comment\n" in client.get("/").content.decode()
    assert dashboard.get("/dashboard/").context["posts"][0].comment_count == 1
