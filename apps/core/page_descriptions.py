"""A page's meta and og:description, written once per page rather than once per tag.

The post and author pages show the same 30-word summary in both tags; through the template's
`truncatewords:30` each one cost a Truncator (a lazy object), the filter's string coercion and an
autoescape. `description` gives the text those filters write (tests/test_page_descriptions.py
compares them), escaped and marked safe once.
"""

from django.utils.safestring import SafeString

from apps.core.html import escape

DESCRIPTION_WORDS = 30
TRUNCATION = " …"  # what the `truncatewords` filter appends


def truncate_words(text: str, count: int) -> str:
    """`text|truncatewords:count`: its first `count` words joined by single spaces, then " …"
    if any were left out (not twice: a text whose last kept word is "…" keeps it alone)."""
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    kept = " ".join(words[:count])
    return kept if kept.endswith(TRUNCATION) else kept + TRUNCATION


def description(text: str) -> SafeString:
    """The page description of `text`, as `{{ text|truncatewords:30 }}` renders it."""
    return escape(truncate_words(text, DESCRIPTION_WORDS))
