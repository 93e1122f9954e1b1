"""The comment thread built in Python (apps/blog/templatetags/comment_thread.py): every value
escaped, replies under their comment, Reply links that keep the page of comments."""

from datetime import UTC, datetime

import pytest
from django.db import connections
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from apps.blog.comment_selectors import COMMENTS_PER_PAGE
from apps.blog.dates import DateWriter, day_month_year, day_month_year_time
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

MARKUP = "<b>bold</b> & \"quoted\" 'single'"


def test_names_and_bodies_are_escaped_and_bodies_keep_their_paragraphs():
    post = PostFactory()
    author = UserFactory(username="ann", display_name=MARKUP)
    parent = CommentFactory(post=post, author=author, body=f"{MARKUP}\nline two\n\nparagraph")
    reply = CommentFactory(post=post, author=author, parent=parent, body="<i>reply</i>")
    html = Client().get(post.get_absolute_url()).content.decode()
    escaped = "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &#x27;single&#x27;"
    assert "<b>bold</b>" not in html and "<i>reply</i>" not in html
    assert f"<p>{escaped}<br>line two</p>\n\n<p>paragraph</p>" in html
    assert f'<a href="/authors/ann/">{escaped}</a>' in html
    assert f'aria-label="Replies to {escaped}" role="group"' in html
    assert f'<span class="visually-hidden"> to {escaped}</span>' in html
    assert f'<article class="comment comment-reply" id="comment-{reply.pk}">' in html
    assert '<div class="comment-body"><p>&lt;i&gt;reply&lt;/i&gt;</p></div>' in html


def test_reply_links_keep_the_page_of_comments():
    post = PostFactory()
    comments = [CommentFactory(post=post) for _ in range(COMMENTS_PER_PAGE + 1)]
    client = Client()
    first = client.get(post.get_absolute_url()).content.decode()
    second = client.get(f"{post.get_absolute_url()}?comments=2").content.decode()
    assert f'href="?reply={comments[0].pk}#comment-form"' in first
    assert f'href="?comments=2&amp;reply={comments[-1].pk}#comment-form"' in second


def test_remove_links_only_for_who_may_remove():
    post = PostFactory()
    writer = UserFactory()
    comment = CommentFactory(post=post, author=writer)
    remove = f'<a href="{reverse("comment_delete", args=[post.slug, comment.pk])}">Remove'
    client = Client()
    assert remove not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(writer)
    assert remove in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(987, 5, 9, 12, 0, tzinfo=UTC),
        *(datetime(2025, month, 15, 10, 30, tzinfo=UTC) for month in range(1, 13)),
    ],
)
def test_dates_read_as_the_date_filter_writes_them(moment):
    assert day_month_year(moment) == date_filter(moment, "j M Y")
    assert day_month_year_time(moment) == date_filter(moment, "j M Y, H:i")
    # A page's writer translates each month once and, for HTML, escapes it.
    page_dates = DateWriter(html=True)
    for _ in range(2):
        assert page_dates.day_month_year_time(moment) == escape(date_filter(moment, "j M Y, H:i"))


SCRIPT_BODY = '<script>alert("x")</script> & more\nsecond line'
SCRIPT_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more<br>second line"


def test_a_body_with_a_script_and_an_ampersand_is_stored_and_shown_escaped():
    post = PostFactory()
    comment = CommentFactory(post=post, body=SCRIPT_BODY)
    comment.refresh_from_db()
    assert comment.body_html == f"<p>{SCRIPT_ESCAPED}</p>"
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert f'<div class="comment-body"><p>{SCRIPT_ESCAPED}</p></div>' in html


def test_a_changed_body_is_stored_as_html_again_even_when_only_the_body_is_saved():
    comment = CommentFactory(body="first")
    comment.body = "<b>second</b>\n\nthird"
    comment.save(update_fields=["body"])
    comment.refresh_from_db()
    assert comment.body_html == "<p>&lt;b&gt;second&lt;/b&gt;</p>\n\n<p>third</p>"


def test_a_comment_whose_writer_is_gone_is_left_out_and_the_rest_shown():
    post = PostFactory()
    kept = CommentFactory(post=post, body="still here")
    orphan = CommentFactory(post=post, body="writer gone")
    reply = CommentFactory(post=post, parent=kept, body="a reply")
    with connections["default"].cursor() as cursor:  # no blog cleanup: an orphan left behind
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [orphan.author_id])
    response = Client().get(post.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="comment-{kept.pk}"' in html and f'id="comment-{reply.pk}"' in html
    assert "writer gone" not in html
