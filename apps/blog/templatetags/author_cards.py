"""`{% author_card author %}`: the post page's card of its author (apps/accounts/bylines.py
AuthorCard), and `{% post_byline post author %}`: the line under its title, written in Python.

Through the template engine the card cost about 45 us of a cold render: an avatar tag, three
address filters, three lookups of the name and the bio's `linebreaks`, each looked up and escaped
on its own; the byline about 50 us, two date filters among them. These write the same markup
(tests/test_author_cards.py compares them), each value escaped as autoescaping escaped it
(apps/core/html.py), the date in the current time zone as the `date` filter shows it.
"""

from django import template
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.bylines import AuthorCard
from apps.accounts.templatetags.pictures import avatar
from apps.blog.dates import day_month_name_year
from apps.blog.models import Post
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
BYLINE = (
    '{avatar}By <a href="{url}">{name}</a>\n'
    "      {published}\n"
    '      <span aria-hidden="true">·</span> {minutes} min read'
)
PUBLISHED = '<span aria-hidden="true">·</span> <time datetime="{iso}">{date}</time>'


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


@register.simple_tag
def post_byline(post: Post, author: AuthorCard) -> SafeString:
    """The author's small avatar and linked name, the publication date (none for a draft) and
    the reading time."""
    published = post.published_at
    if published:
        published = timezone.localtime(published)
        date = PUBLISHED.format(
            iso=published.isoformat(),  # the `date` filter's "c": digits and separators
            date=escape_text(day_month_name_year(published)),  # its "j F Y"
        )
    else:
        date = ""
    return mark_safe(
        BYLINE.format(
            avatar=avatar(author, "xs", lazy=False),
            url=escape_text(url_with_argument("author_detail", author.username)),
            name=escape_text(author.public_name),
            published=date,
            minutes=post.reading_minutes,  # an int
        )
    )
