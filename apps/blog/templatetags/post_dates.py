"""`{{ moment|iso_datetime }}`: the post page's `date:'c'` without Django's format parser.

The `date` filter parses its format and looks up a method per letter on every call: 20-35 us a
date. This writes the same text (tests/test_post_dates.py compares them with the filter). Like
`date`, it is given the moment in the current time zone (`expects_localtime`) and writes nothing
for none.
"""

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter(expects_localtime=True)
def iso_datetime(moment: datetime | None) -> SafeString | str:
    """`moment|date:'c'`: digits and separators, nothing to escape."""
    return mark_safe(moment.isoformat()) if moment else ""
