"""List cards rendered in Python (apps/blog/templatetags/post_cards.py): every value escaped
as the template engine escapes it, dates in the reader's time zone, counts spelled right."""

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import timezone

from apps.accounts.models import User
from apps.blog.models import Post
from apps.blog.post_lists import CardTag


def _card_post(*, comment_count: int = 1, tags: list[CardTag] | None = None) -> Post:
    post = Post(
        title='<script>alert("title")</script>',
        slug="a-post",
        excerpt="x < y & 'z' > \"w\"",
        word_count=700,
        published_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
    )
    post.author = User(username="author1", display_name='<b onclick="x">Bo</b> & co')
    post.comment_count = comment_count
    post.card_tags = tags if tags is not None else [CardTag(name='<img src=x>"', slug="img")]
    return post


def _render(posts: list[Post]) -> str:
    return Template("{% load post_cards %}{% post_cards posts %}").render(Context({"posts": posts}))


def test_every_shown_value_is_escaped():
    html = _render([_card_post()])
    assert "<script>" not in html and "<b " not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html
    assert '<p class="excerpt">x &lt; y &amp; &#x27;z&#x27; &gt; &quot;w&quot;</p>' in html
    assert ">&lt;b onclick=&quot;x&quot;&gt;Bo&lt;/b&gt; &amp; co</a>" in html
    assert '<a class="tag" href="/tags/img/">#&lt;img src=x&gt;&quot;</a>' in html
    assert '<a href="/posts/a-post/">' in html and '<a href="/authors/author1/">' in html


def test_cards_render_as_the_template_engine_rendered_them():
    html = _render([_card_post(comment_count=1), _card_post(comment_count=2, tags=[])])
    assert html.count('<article class="card">') == 2
    assert "3 min read" in html
    assert "1 comment\n" in html and "2 comments\n" in html
    # A post without tags shows no empty list.
    assert html.count('<ul class="tags"') == 1


def test_a_post_without_comments_says_nothing_of_them():
    assert "comment" not in _render([_card_post(comment_count=0)])


def test_dates_are_shown_in_the_current_time_zone():
    with timezone.override("Asia/Tokyo"):
        html = _render([_card_post()])
    assert '<time datetime="2026-03-02T08:30:00+09:00">2 Mar 2026</time>' in html


def test_a_tag_on_several_cards_links_from_each():
    shared = CardTag(name="harbour", slug="harbour")
    html = _render(
        [_card_post(tags=[shared]), _card_post(tags=[CardTag(name="x", slug="x"), shared])]
    )
    assert html.count('<li><a class="tag" href="/tags/harbour/">#harbour</a></li>') == 2
    assert html.count('<ul class="tags" aria-label="Tags">') == 2
