"""Markdown to safe HTML: rendered by `markdown`, then sanitised by `nh3` against an allow-list.

Also the plain-text excerpt lists and meta descriptions show, derived once when a post is saved:
parsing ten bodies' HTML on every list render cost 13% of the home page (README "Performance").
"""

import html

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
SANITISER_OPTIONS = {
    "tags": ALLOWED_TAGS,
    "attributes": ALLOWED_ATTRIBUTES,
    "url_schemes": ALLOWED_URL_SCHEMES,
    "link_rel": "nofollow noopener noreferrer",
}
MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
EXCERPT_WORDS = 40


def render_markdown(source: str) -> str:
    html = markdown.markdown(source, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return nh3.clean(html, **SANITISER_OPTIONS)


def html_with_absolute_urls(body_html: str, *, base_url: str) -> str:
    """Rendered HTML with relative links and images resolved against `base_url`, for readers
    that show it away from the site (feeds). Cleaned again with the same allow-list, so only
    the URLs change."""
    return nh3.clean(body_html, **SANITISER_OPTIONS, url_relative=("rewrite_with_base", base_url))


def excerpt_from_html(body_html: str, *, words: int = EXCERPT_WORDS) -> str:
    """The first `words` words of rendered HTML as plain text (entities decoded).

    Plain text, so autoescaping renders it exactly once.
    """
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return Truncator(text).words(words, truncate="…")
