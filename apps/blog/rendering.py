"""Markdown to safe HTML: CommonMark rendered by pyromark (pulldown-cmark, linear time whatever
the input), then sanitised by nh3 against an allow-list.

The sanitiser parses HTML the way browsers do, which costs time proportional to how deeply
elements nest, for every element: a body nesting thousands of elements (`>` or `1. ` repeated,
or raw HTML) took minutes. So HTML nested deeper than `MAX_HTML_NESTING` is never sanitised:
forms refuse such a body (`validate_markdown_nesting`) and a post saved from code stores it as
escaped text. bench/markdown.py measures the worst cases.

Also the plain-text excerpt lists and meta descriptions show, derived once when a post is saved:
parsing ten bodies' HTML on every list render was a large share of a list page (bench/HISTORY.md).
"""

import functools
import html
import re
from collections.abc import Iterator

import nh3
import pyromark
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import Truncator

from apps.blog.highlighting import ALLOWED_CLASSES, highlighted_code

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
    "tags": ALLOWED_TAGS | {"span"},  # spans come from highlighted code only
    "allowed_classes": ALLOWED_CLASSES,
    "attributes": ALLOWED_ATTRIBUTES,
    "url_schemes": ALLOWED_URL_SCHEMES,
    "link_rel": "nofollow noopener noreferrer",
    # Every code block is a tab stop, so a keyboard can scroll a line wider than the screen; the
    # sanitiser writes the value itself: no other element, and no other value, ever gets one.
    "set_tag_attribute_values": {"pre": {"tabindex": "0"}},
}
# CommonMark with GitHub's tables and ~~strikethrough~~; fenced code is CommonMark's own.
MARKDOWN_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
MAX_HTML_NESTING = 32
EXCERPT_WORDS = 40
# The excerpt's words are near the top; stripping tags from a whole large body would be wasted.
EXCERPT_SOURCE_CHARS = 20_000

# What reaches the sanitiser is cut down to plain, strictly formed allowed tags: raw HTML comments
# and other tags are dropped and any other "<" becomes text, so nothing (a comment, <textarea>, a
# quote around ">", <svg>) changes how the rest is read, no tag carries more than a few
# attributes, and formatting tags carry none (a parser reopens them in every paragraph).
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BARE = "|".join(sorted(ALLOWED_TAGS - {"br", "hr", "img"}))
MARKUP = re.compile(
    rf"<(?!/?(?:{_BARE})>)"  # bare allowed tags, most of the Markdown's own, are left as they are
    r"(?:(/?)([A-Za-z][A-Za-z0-9]*+)"
    r"((?>[ \t\n]++[A-Za-z_:][-A-Za-z0-9_.:]*+"
    r"(?>[ \t\n]*+=[ \t\n]*+(?>\"[^\"]*+\"|'[^']*+'|[^ \t\n\"'=<>`]++))?){0,4}+)"
    r"[ \t\n]*+/?>)?"
)
TAG = re.compile(r"<(/?)([a-z0-9]+)")
TEXT_ONLY_ELEMENT = re.compile(r"<([a-z0-9]+)(?: [^<>]*)?>[^<]*</\1>")
SCAN_PIECE_CHARS = 64 * 1024
VOID_ELEMENTS = frozenset({"br", "hr", "img"})
# Elements whose end tag HTML lets out: opening a sibling, or ending a container, closes them.
IMPLIED_END = frozenset({"p", "li", "dt", "dd", "tbody", "thead", "tr", "td", "th"})
NOTHING: frozenset[str] = frozenset()
# For an opening tag: the open elements it closes, and those it may close them through.
CLOSED_BY_OPENING = {
    "p": (frozenset({"p"}), NOTHING),
    "li": (frozenset({"li"}), frozenset({"p"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"p"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"p"})),
    "td": (frozenset({"td", "th"}), frozenset({"p"})),
    "th": (frozenset({"td", "th"}), frozenset({"p"})),
    "tr": (frozenset({"tr"}), frozenset({"p", "td", "th"})),
}
# End tags that also close the elements with implied end tags open inside them; any other end
# tag closes only the innermost open element.
CLOSED_THROUGH = dict.fromkeys(
    IMPLIED_END | {"blockquote", "dl", "ol", "pre", "table", "ul"}, IMPLIED_END
)


def _markup_allowed(match: re.Match) -> str:
    closing, name, attributes = match.groups()
    if name is None:
        return "&lt;"
    name = name.lower()
    if name not in ALLOWED_TAGS:
        return ""
    if closing:
        return f"</{name}>"
    return f"<{name}{attributes if name in ALLOWED_ATTRIBUTES else ''}>"


def _comments_dropped(markup: str) -> str:
    # Only up to the last "-->": a comment opened after it would make every search run to the end.
    end = markup.rfind("-->") + 3
    return COMMENT.sub("", markup[:end]) + markup[end:] if end > 2 else markup


def markdown_html(source: str) -> str:
    """`source` as HTML, its fenced code highlighted and its raw HTML reduced to allowed tags;
    still to be `sanitised`."""
    return highlighted_code(
        _comments_dropped(pyromark.html(source, options=MARKDOWN_OPTIONS).rstrip("\n")),
        rest=functools.partial(MARKUP.sub, _markup_allowed),
    )


def sanitised(unsafe_html: str) -> str:
    return nh3.clean(unsafe_html, **SANITISER_OPTIONS)


def _close(stack: list[str], names: frozenset[str], *, through: frozenset[str]) -> None:
    """Close the innermost open element named in `names` if only elements in `through` are open
    inside it; otherwise leave the stack as it is, so depth is never counted short."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] in names:
            del stack[index:]
            return
        if stack[index] not in through:
            return


def _tags_around_text_only_elements(markup: str) -> Iterator[tuple[str, str]]:
    """The tags of `markup` but those of elements holding text only, a piece at a time.

    Those elements are most of the tags and nest nothing (the count allows one level for them).
    Pieces end before a "<", so a deep document is found out without reading all of it.
    """
    start = 0
    while start < len(markup):
        end = markup.find("<", start + SCAN_PIECE_CHARS)
        end = len(markup) if end < 0 else end
        yield from TAG.findall(TEXT_ONLY_ELEMENT.sub("", markup[start:end]))
        start = end


def html_too_deep(markup: str, *, limit: int = MAX_HTML_NESTING) -> bool:
    """Whether elements in `markup` may nest more than `limit` deep.

    A linear scan of the tags. Where it and a browser's parser could differ (misnested or
    unclosed tags) it counts deeper; only the rows and bodies a parser adds to a table that left
    them out go uncounted, which at most doubles the depth.
    """
    stack: list[str] = []
    for closing, name in _tags_around_text_only_elements(markup):
        if closing:
            if stack and stack[-1] == name:  # well-formed HTML, all of the Markdown's own
                stack.pop()
            elif name not in VOID_ELEMENTS:
                _close(stack, frozenset({name}), through=CLOSED_THROUGH.get(name, NOTHING))
            continue
        if name in VOID_ELEMENTS:
            continue
        if name in CLOSED_BY_OPENING:
            names, through = CLOSED_BY_OPENING[name]
            _close(stack, names, through=through)
        stack.append(name)
        if len(stack) >= limit:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _checked_html(source: str) -> tuple[str, bool]:
    """`source`'s HTML and whether it nests too deep: a form checks a body, then saves it."""
    markup = markdown_html(source)
    return markup, html_too_deep(markup)


def validate_markdown_nesting(source: str) -> None:
    if _checked_html(source)[1]:
        raise ValidationError(
            "Elements nest more than %(limit)d levels deep here (quotes, lists or HTML tags "
            "inside one another): flatten the structure.",
            code="nesting",
            params={"limit": MAX_HTML_NESTING},
        )


def render_markdown(source: str) -> str:
    unsafe_html, too_deep = _checked_html(source)
    if too_deep:
        return f"<p>{html.escape(source)}</p>"
    return sanitised(unsafe_html)


def html_with_absolute_urls(body_html: str, *, base_url: str) -> str:
    """Rendered HTML with relative links and images resolved against `base_url`, for readers
    that show it away from the site (feeds). Cleaned again with the same allow-list, so only
    the URLs change."""
    return nh3.clean(body_html, **SANITISER_OPTIONS, url_relative=("rewrite_with_base", base_url))


def excerpt_from_html(body_html: str, *, words: int = EXCERPT_WORDS) -> str:
    """The first `words` words of rendered HTML as plain text (entities decoded).

    Plain text, so autoescaping renders it exactly once.
    """
    head = body_html[:EXCERPT_SOURCE_CHARS]
    if head.rfind("<") > head.rfind(">"):  # cut inside a tag: leave the tag out
        head = head[: head.rfind("<")]
    text = " ".join(html.unescape(strip_tags(head)).split())
    return Truncator(text).words(words, truncate="…")
