"""Long comment threads come in pages of 50 (`?comments=N`, oldest first), and the rendered thread
is shared: one copy per page for all readers, one for those who may remove any comment, and one
per reader who wrote a comment on that page, however many readers come."""

import re

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from apps.blog.models import Comment
from apps.blog.post_views import COMMENTS_PER_PAGE
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.web.helpers import staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def _thread(count: int, **kwargs):
    post = PostFactory()
    comments = [CommentFactory(post=post, body=f"Remark {n:03}", **kwargs) for n in range(count)]
    return post, comments


def _remarks(html: str) -> list[str]:
    return re.findall(r"Remark \d{3}", html)


def test_a_long_thread_is_paginated_oldest_first(client):
    post, _ = _thread(120)
    first = client.get(post.get_absolute_url()).content.decode()
    assert _remarks(first) == [f"Remark {n:03}" for n in range(50)]
    assert "120 comments" in first and "Page 1 of 3" in first
    assert 'href="?comments=2#comments"' in first
    second = client.get(post.get_absolute_url() + "?comments=2").content.decode()
    assert _remarks(second) == [f"Remark {n:03}" for n in range(50, 100)]
    last = client.get(post.get_absolute_url() + "?comments=3").content.decode()
    assert _remarks(last) == [f"Remark {n:03}" for n in range(100, 120)]
    assert 'href="?comments=2#comments"' in last


def test_a_short_thread_has_no_page_links(client):
    post, _ = _thread(3)
    html = client.get(post.get_absolute_url()).content.decode()
    assert len(_remarks(html)) == 3 and "?comments=" not in html


@pytest.mark.parametrize("page", ["0", "-1", "4", "abc", "1.5", "9" * 40, "%00"])
def test_comment_pages_that_do_not_exist_are_404(client, page):
    post, _ = _thread(120)
    assert client.get(f"{post.get_absolute_url()}?comments={page}").status_code == 404


def test_a_new_comment_leads_to_the_page_that_shows_it(client):
    post, _ = _thread(COMMENTS_PER_PAGE)
    client.force_login(UserFactory())
    response = client.post(post.get_absolute_url(), {"body": "Remark 999"})
    comment = Comment.objects.get(body="Remark 999")
    assert response["Location"] == f"{post.get_absolute_url()}?comments=2#comment-{comment.pk}"
    assert "Remark 999" in client.get(response["Location"]).content.decode()


def _comment_queries(client, url: str) -> int:
    with CaptureQueriesContext(connections["blog_db"]) as blog:
        assert client.get(url).status_code == 200
    return sum('"blog_comment"' in query["sql"] for query in blog.captured_queries)


def test_readers_without_comments_share_one_rendered_thread(client, content_cache):
    post, _ = _thread(60)
    readers = [UserFactory() for _ in range(10)]
    client.force_login(readers[0])
    assert _comment_queries(client, post.get_absolute_url()) > 0
    for reader in readers[1:]:
        client.force_login(reader)
        assert _comment_queries(client, post.get_absolute_url()) == 0, "rendered again"
    client.logout()
    assert _comment_queries(client, post.get_absolute_url()) == 0, "anonymous: rendered again"


def test_remove_links_are_shown_to_whom_they_belong(client, content_cache):
    post, comments = _thread(3)
    commenter = comments[1].author
    links = {c.pk: f"/comments/{c.pk}/delete/" for c in comments}

    def shown(user) -> set[int]:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        html = client.get(post.get_absolute_url()).content.decode()
        return {pk for pk, link in links.items() if link in html}

    assert shown(UserFactory()) == set()
    assert shown(commenter) == {comments[1].pk}
    assert shown(post.author) == set(links)
    assert shown(staff_with("delete_comment")) == set(links)
    assert shown(None) == set()
    assert shown(comments[2].author) == {comments[2].pk}


def test_anonymous_readers_get_each_page_from_the_page_cache(client, page_cache):
    post, _ = _thread(60)
    url = post.get_absolute_url()
    for _ in range(2):  # a miss, then a hit
        assert _remarks(client.get(url).content.decode())[0] == "Remark 000"
        assert _remarks(client.get(url + "?comments=2").content.decode())[0] == "Remark 050"
