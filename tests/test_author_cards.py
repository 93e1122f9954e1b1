"""`{% author_card author %}` and `{% post_byline post author %}`
(apps/blog/templatetags/author_cards.py): the markup the post page's template wrote for its
author's card and byline, every value escaped as the engine escaped it."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from apps.accounts.bylines import AuthorCard
from apps.blog.models import Post

# What templates/blog/post_detail.html held before the tag replaced it.
ENGINE_MARKUP = """{% load pictures blog_urls %}<aside class="author-card" aria-labelledby="author-card-heading">
  {% avatar author "m" %}
  <p class="author-card-label" id="author-card-heading">Written by</p>
  <h2 class="author-name"><a href="{{ author.username|author_url }}">{{ author.public_name }}</a></h2>
  {% if author.bio %}<div class="bio">{{ author.bio|linebreaks }}</div>{% endif %}
  <p class="meta"><a href="{{ author.username|author_url }}">More posts by {{ author.public_name }}</a> · <a href="{{ author.username|url_with:"author_feed" }}">Atom feed</a></p>
</aside>"""  # noqa: E501

AUTHORS = [
    AuthorCard(1, "plain", "", "", None, None, ""),
    AuthorCard(2, "writer.2", '<b onclick="x">Bo</b> & co', "", None, None, "One line."),
    AuthorCard(
        3,
        "zoë",
        "Zoë",
        "avatars/zoe.jpg",
        400,
        300,
        "First <i>para</i> & 'quotes'\nsame para\r\n\r\nSecond\n\n\nThird",
    ),
]


@pytest.mark.parametrize("author", AUTHORS, ids=lambda author: author.username)
def test_author_card_writes_what_the_template_wrote(author):
    ours = Template("{% load author_cards %}{% author_card author %}").render(
        Context({"author": author})
    )
    assert ours == Template(ENGINE_MARKUP).render(Context({"author": author}))
    assert "<b " not in ours and "<i>" not in ours


# The byline's lines the template held before `{% post_byline %}` replaced them.
ENGINE_BYLINE = """{% load pictures blog_urls %}{% avatar author "xs" lazy=False %}By <a href="{{ author.username|author_url }}">{{ author.public_name }}</a>
      {% if post.published_at %}<span aria-hidden="true">·</span> <time datetime="{{ post.published_at|date:'c' }}">{{ post.published_at|date:"j F Y" }}</time>{% endif %}
      <span aria-hidden="true">·</span> {{ post.reading_minutes }} min read"""  # noqa: E501


@pytest.mark.parametrize("author", AUTHORS, ids=lambda author: author.username)
@pytest.mark.parametrize(
    "published_at", [None, datetime(2026, 12, 31, 20, 5, tzinfo=UTC)], ids=["draft", "published"]
)
@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo"])
def test_post_byline_writes_what_the_template_wrote(author, published_at, zone):
    post = Post(published_at=published_at, word_count=1234)
    context = {"author": author, "post": post}
    with timezone.override(zone), translation.override("de"):
        ours = Template("{% load author_cards %}{% post_byline post author %}").render(
            Context(context)
        )
        assert ours == Template(ENGINE_BYLINE).render(Context(context))
    assert "<b " not in ours
