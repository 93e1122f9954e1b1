"""`{% post_cards posts %}`: the cards of a reader list (home, an author's, a tag's, search
results), rendered in Python.

A list page shows ten cards of a dozen values each. Through the template engine (an include per
card and one per card's tags, a context push, a variable lookup and a filter per value) they
were most of the CPU time of a list page rendered with nothing cached (bench/HISTORY.md, "Cold
render"). Every text value (titles, names, excerpts, tag names, addresses) goes through
Django's `escape` once, as the engine's autoescaping did; markup built here and numbers go into
`str.format` as they are. Dates are shown in the current time zone as the `date` filter shows
them.
"""

from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.templatetags.pictures import picture
from apps.blog.dates import DateWriter
from apps.blog.models import Post
from apps.blog.templatetags.pagination import pagination
from apps.blog.templatetags.tag_lists import TagLinks
from apps.core.url_templates import urls_with_argument

register = template.Library()

COVER_SIZES = "(max-width: 34rem) calc(100vw - 2.5rem), 12rem"
WITH_COVER = " card-with-cover"
CARD = (
    '<article class="card{with_cover}">\n'
    "  {cover}\n"
    '  <h2 class="card-title"><a href="{post_url}">{title}</a></h2>\n'
    '  <p class="meta">\n'
    '    <a href="{author_url}">{name}</a>\n'
    '    <span aria-hidden="true">·</span>\n'
    '    <time datetime="{published_iso}">{published}</time>\n'
    '    <span aria-hidden="true">·</span>\n'
    "    {minutes} min read{comments}\n"
    "  </p>\n"
    '  <p class="excerpt">{excerpt}</p>\n'
    "  {tags}\n"
    "</article>\n"
)
COMMENTS = '\n    <span aria-hidden="true">·</span> {count} comment{plural}'


class PostCards:
    """Renders the cards of one list. What every card shares is worked out once per list: each
    address's template (a thread-local read of the script prefix), the time zone, each month's
    name and each tag's link (tag_lists.py)."""

    def __init__(self) -> None:
        self.post_url = urls_with_argument("post_detail")
        self.author_url = urls_with_argument("author_detail")
        self.zone = timezone.get_current_timezone()
        self.dates = DateWriter(html=True)
        self.tags = TagLinks()

    def card(self, post: Post, *, first: bool) -> str:
        """One card, HTML whose text values are escaped here. Only the first card's cover loads
        at once: the others wait until they are scrolled near."""
        cover = post.cover_picture
        cover_markup = (
            picture(cover, sizes=COVER_SIZES, css_class="card-cover", lazy=not first)
            if cover
            else ""
        )
        published = timezone.localtime(post.published_at, self.zone)
        comments = post.comment_count  # an int
        comments_markup = (
            COMMENTS.format(count=comments, plural="" if comments == 1 else "s") if comments else ""
        )
        return CARD.format(
            with_cover=WITH_COVER if cover else "",
            cover=cover_markup,
            post_url=escape(self.post_url(post.slug)),
            title=escape(post.title),
            author_url=escape(self.author_url(post.author.username)),
            name=escape(post.author.public_name),
            published_iso=published.isoformat(),  # digits and separators
            published=self.dates.day_month_year(published),  # safe: month names escaped
            minutes=post.reading_minutes,  # an int
            comments=comments_markup,
            excerpt=escape(post.excerpt),
            tags=self.tags.tag_list(post.card_tags),
        )


@register.simple_tag
def post_cards(posts: Iterable[Post]) -> SafeString:
    """The cards of `posts`, which carry their author, `comment_count` and `card_tags`."""
    cards = PostCards()
    return mark_safe("".join(cards.card(post, first=i == 0) for i, post in enumerate(posts)))


@register.simple_tag(takes_context=True)
def post_list(context, empty_message: str) -> SafeString:
    """A reader list's page as templates/blog's list pages show it: its cards, or
    `empty_message` when it has none, then the links to its other pages; the same for every
    reader of that page, so list pages keep it in a `{% content_cache %}`. A tag rather than an
    included template: an include's lookup and context push were a noticeable share of a list
    page rendered with nothing cached (bench/HISTORY.md)."""
    posts = context["posts"]
    shown = (
        post_cards(posts) if posts else format_html('\n  <p class="empty">{}</p>\n', empty_message)
    )
    return mark_safe(f"\n{shown}\n{pagination(context)}\n")
