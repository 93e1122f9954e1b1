"""Comments held for approval (COMMENT_MODERATION): seen by their writer only, approved or
rejected in the admin and on the post author's dashboard, reply mail only once approved."""

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client

from apps.blog.models import Comment
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.web.helpers import queries_per_alias, staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

HELD_MARK = "Awaiting approval"
QUEUE = "/dashboard/comments/"


@pytest.fixture
def hold_all(settings):
    settings.COMMENT_MODERATION = "all"


@pytest.fixture
def post():
    return PostFactory(author=UserFactory(username="writer", email="writer@example.com"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def comment_on(client, post, body, parent=None):
    data = {"body": body} if parent is None else {"body": body, "parent": str(parent.pk)}
    return client.post(post.get_absolute_url(), data)


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def decide(client, comment, decision):
    return client.post(QUEUE, {"comment": str(comment.pk), "decision": decision})


def test_a_held_comment_is_shown_to_its_writer_alone(client, post, hold_all):
    own = signed_in(UserFactory())
    response = comment_on(own, post, "Wait for me")
    held = Comment.objects.get(body="Wait for me")
    assert held.awaiting_approval
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{held.pk}"
    mine = html_of(own, response["Location"])
    assert "Your comment is awaiting approval" in mine
    assert re.search(rf'id="comment-{held.pk}".*?{HELD_MARK}.*?Wait for me', mine, re.S)
    assert "0 comments" in mine
    for other in (client, signed_in(UserFactory()), signed_in(post.author)):
        html = html_of(other, post.get_absolute_url())
        assert "Wait for me" not in html and HELD_MARK not in html
        assert "0 comments" in html
    assert " comment" not in html_of(client, "/").split("min read", 1)[1].split("</p>", 1)[0]
    assert html_of(signed_in(post.author), "/dashboard/").count(">0</td>") == 1


def test_the_cached_pages_never_carry_a_held_comment(client, post, hold_all, page_cache):
    html_of(client, post.get_absolute_url())  # the anonymous copy is stored
    own, other = signed_in(UserFactory()), signed_in(UserFactory())
    html_of(other, post.get_absolute_url())  # and the signed-in readers' fragments
    comment_on(own, post, "Not yet public")
    assert "Not yet public" in html_of(own, post.get_absolute_url())
    for reader in (client, other):
        assert "Not yet public" not in html_of(reader, post.get_absolute_url())
    held = Comment.objects.get(body="Not yet public")
    assert decide(signed_in(post.author), held, "approve").status_code == 302
    for reader in (client, other, own):
        html = html_of(reader, post.get_absolute_url())
        assert "Not yet public" in html and HELD_MARK not in html and "1 comment<" in html


@pytest.mark.parametrize("policy", ["none", "first", "all"])
def test_which_comments_are_held(client, post, settings, policy):
    settings.COMMENT_MODERATION = policy
    newcomer, regular = UserFactory(), UserFactory()
    CommentFactory(author=regular)  # approved before, on another post
    held = {}
    for user, body in ((newcomer, "first"), (newcomer, "second"), (regular, "regular")):
        assert comment_on(signed_in(user), post, body).status_code == 302
        held[body] = Comment.objects.get(body=body).awaiting_approval
    expected = {
        "none": {"first": False, "second": False, "regular": False},
        "first": {"first": True, "second": True, "regular": False},
        "all": {"first": True, "second": True, "regular": True},
    }
    assert held == expected[policy]


def test_once_a_first_comment_is_approved_the_next_ones_are_not_held(post, settings):
    settings.COMMENT_MODERATION = "first"
    own = signed_in(UserFactory())
    comment_on(own, post, "first")
    decide(signed_in(post.author), Comment.objects.get(body="first"), "approve")
    comment_on(own, post, "second")
    assert Comment.objects.get(body="second").awaiting_approval is False


def test_the_post_author_and_comment_moderators_are_never_held(post, hold_all):
    comment_on(signed_in(post.author), post, "by the author")
    comment_on(signed_in(staff_with("delete_comment")), post, "by a moderator")
    comment_on(signed_in(UserFactory(is_staff=True)), post, "by mere staff")
    held = dict(Comment.objects.values_list("body", "awaiting_approval"))
    assert held == {"by the author": False, "by a moderator": False, "by mere staff": True}


def test_nobody_replies_to_a_held_comment(post, hold_all):
    held = CommentFactory(post=post, awaiting_approval=True)
    response = comment_on(signed_in(UserFactory()), post, "Answer", parent=held)
    assert response.status_code == 400
    assert "parent" in response.context["comment_form"].errors


def test_a_held_reply_mails_nobody_until_approved(
    post, hold_all, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author=UserFactory(email="first@example.com"))
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        comment_on(signed_in(UserFactory()), post, "A held reply", parent=parent)
    assert mailoutbox == []
    reply = Comment.objects.get(body="A held reply")
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        assert decide(signed_in(post.author), reply, "approve").status_code == 302
    assert sorted(mail.to[0] for mail in mailoutbox) == ["first@example.com", "writer@example.com"]
    assert f"http://testserver{post.get_absolute_url()}#comment-{reply.pk}" in mailoutbox[0].body


def test_the_dashboard_queue_lists_and_decides_the_authors_own(post, hold_all):
    mine = CommentFactory(post=post, awaiting_approval=True, body="On my post")
    second = CommentFactory(post=post, awaiting_approval=True, body="Also on mine")
    CommentFactory(post=post, body="Already public")
    elsewhere = CommentFactory(awaiting_approval=True, body="On someone else's post")
    author = signed_in(post.author)
    assert '<a href="/dashboard/comments/">2 comments awaiting your approval</a>' in html_of(
        author, "/dashboard/"
    )
    queue = html_of(author, QUEUE)
    assert "On my post" in queue and "Also on mine" in queue
    assert "Already public" not in queue and "someone else" not in queue
    response = decide(author, mine, "approve")
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert decide(author, second, "reject").status_code == 302
    assert list(Comment.objects.public().values_list("body", flat=True)) == [
        "On my post",
        "Already public",
    ]
    second.refresh_from_db()
    assert (second.is_visible, second.awaiting_approval) == (False, False)
    assert "No comment is awaiting approval." in html_of(author, QUEUE)
    assert decide(author, elsewhere, "approve").status_code == 404
    assert decide(author, second, "approve").status_code == 404  # decided already
    assert Comment.objects.get(pk=elsewhere.pk).awaiting_approval


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({}, 400),
        ({"comment": "abc", "decision": "approve"}, 400),
        ({"comment": "1\x00", "decision": "approve"}, 400),
        ({"comment": "HELD", "decision": "keep"}, 400),
        ({"comment": "HELD", "decision": "approve\x00"}, 400),
        ({"comment": "9" * 40, "decision": "approve"}, 404),
    ],
    ids=repr,
)
def test_a_malformed_decision_is_refused_and_changes_nothing(post, data, status):
    held = CommentFactory(post=post, awaiting_approval=True)
    if data.get("comment") == "HELD":
        data = {**data, "comment": str(held.pk)}
    response = signed_in(post.author).post(QUEUE, data)
    assert response.status_code == status
    assert Comment.objects.get(pk=held.pk).awaiting_approval


def test_the_queue_needs_a_signed_in_author(client, post):
    held = CommentFactory(post=post, awaiting_approval=True)
    assert client.get(QUEUE).status_code == 302
    assert decide(client, held, "approve").status_code == 302
    assert Comment.objects.get(pk=held.pk).awaiting_approval
    assert signed_in(post.author).get(QUEUE + "?page=9").status_code == 404


def _hold(post, count):
    for _ in range(count):
        parent = CommentFactory(post=post)
        CommentFactory(post=post, parent=parent, awaiting_approval=True)


def test_the_queue_costs_the_same_for_2_and_20_comments(post):
    author = signed_in(post.author)
    _hold(post, 2)
    few = queries_per_alias(author, QUEUE)
    _hold(post, 18)
    many = queries_per_alias(author, QUEUE)
    # Session and user; the commenters. The total and the page with their posts; base.html's
    # site settings and navigation (one statement).
    assert few == many == {"default": 3, "blog_db": 2 + 1}


def test_the_admin_filters_approves_and_rejects(
    admin_client, post, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=parent, awaiting_approval=True, body="Held reply")
    spam = CommentFactory(post=post, awaiting_approval=True, body="Buy now")
    changelist = admin_url(Comment, "changelist")
    queue = admin_client.get(changelist + "?awaiting_approval__exact=1")
    assert [c.pk for c in queue.context["cl"].result_list] == [spam.pk, reply.pk]
    assert queue.content.decode().count('<td class="field-state">Awaiting approval</td>') == 2
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        approved = admin_client.post(
            changelist,
            {"action": "approve", "_selected_action": [reply.pk, parent.pk]},
            follow=True,
        )
    assert [str(m) for m in approved.context["messages"]] == ["Approved 1 comment(s)."]
    assert len(mailoutbox) == 2
    rejected = admin_client.post(
        changelist, {"action": "reject", "_selected_action": [spam.pk]}, follow=True
    )
    assert [str(m) for m in rejected.context["messages"]] == ["Rejected 1 comment(s)."]
    assert set(Comment.objects.public().values_list("pk", flat=True)) == {parent.pk, reply.pk}
    assert not Comment.objects.awaiting_approval().exists()
    logged = LogEntry.objects.filter(action_flag=CHANGE).values_list("object_id", "change_message")
    assert sorted(logged) == sorted([(str(reply.pk), "Approved."), (str(spam.pk), "Rejected.")])
