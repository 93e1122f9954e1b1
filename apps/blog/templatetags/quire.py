import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()


@register.filter
def excerpt(body_html: str, words: int = 40) -> str:
    """Plain text from stored HTML, for cards and meta descriptions.

    The result is plain text (entities decoded), so autoescaping renders it exactly once.
    """
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return Truncator(text).words(words, truncate="…")
