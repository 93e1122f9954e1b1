"""`{% author_card author %}`: the post page's card of its author (apps/accounts/bylines.py
AuthorCard), written in Python.

Through the template engine the card cost about 45 us of a cold render: an avatar tag, three
address filters, three lookups of the name and the bio's `linebreaks`, each looked up and escaped
on its own. This writes the same markup (tests/test_author_cards.py compares them), each value
escaped as autoescaping escaped it (apps/core/html.py).
"""

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.bylines import AuthorCard
from apps.accounts.templatetags.pictures import avatar
from apps.core.html import escape_text
from apps.core.url_templates import url_with_argument

register = template.Library()

AUTHOR_CARD = (
    '<aside class="author-card" aria-labelledby="author-card-heading">\n'
    "  {avatar}\n"
    '  <p class="author-card-label" id="author-card-heading">Written by</p>\n'
    '  <h2 class="author-name"><a href="{url}">{name}</a></h2>\n'
    "  {bio}\n"
    '  <p class="meta"><a href="{url}">More posts by {name}</a> · '
    '<a href="{feed_url}">Atom feed</a></p>\n'
    "</aside>"
)


@register.simple_tag
def author_card(author: AuthorCard) -> SafeString:
    """The author's avatar, name and bio, linked to their page and their feed."""
    bio = author.bio
    return mark_safe(
        AUTHOR_CARD.format(
            avatar=avatar(author, "m"),
            url=escape_text(url_with_argument("author_detail", author.username)),
            name=escape_text(author.public_name),
            # The `linebreaks` filter's paragraphs and line breaks, the text escaped.
            bio=f'<div class="bio">{linebreaks(bio, autoescape=True)}</div>' if bio else "",
            feed_url=escape_text(url_with_argument("author_feed", author.username)),
        )
    )
