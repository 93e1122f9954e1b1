"""`{% author_card author %}` (apps/blog/templatetags/author_cards.py): the markup the post
page's template wrote for its author's card, every value escaped as the engine escaped it."""

import pytest
from django.template import Context, Template

from apps.accounts.bylines import AuthorCard

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
