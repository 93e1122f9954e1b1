"""A page's meta and og:description, written once per page rather than once per tag.

The post and author pages show the same 30-word summary in both tags; through the template's
`truncatewords:30` each one cost a Truncator (a lazy object), the filter's string coercion and an
autoescape. `description` truncates the way the filter does, once, escaped and marked safe once
(tests/test_page_descriptions.py compares them).
"""

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from apps.core.html import escape

DESCRIPTION_WORDS = 30
TRUNCATION = " …"  # what the `truncatewords` filter appends


def truncate_words(text: str, count: int) -> str:
    """`text|truncatewords:count`, through the filter's own Truncator, once per page."""
    return Truncator(text).words(count, truncate=TRUNCATION)


def description(text: str) -> SafeString:
    """The page description of `text`, as `{{ text|truncatewords:30 }}` renders it."""
    return escape(truncate_words(text, DESCRIPTION_WORDS))
