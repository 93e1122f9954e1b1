"""`{{ moment|iso_datetime }}` and `{{ moment|long_date }}`: the post page's `date:'c'` and
`date:"j F Y"` without Django's format parser.

The `date` filter parses its format, looks up a method per letter and translates through lazy
strings on every call: 20-35 us a date, three of them in the post page's head and byline. These
write the same text (tests/test_post_dates.py compares them with the filter). Like `date`, they
are given the moment in the current time zone (`expects_localtime`) and write nothing for none.
"""

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from apps.blog.dates import day_month_name_year
from apps.core.html import escape_text

register = template.Library()


@register.filter(expects_localtime=True)
def iso_datetime(moment: datetime | None) -> SafeString | str:
    """`moment|date:'c'`: digits and separators, nothing to escape."""
    return mark_safe(moment.isoformat()) if moment else ""


@register.filter(expects_localtime=True)
def long_date(moment: datetime | None) -> SafeString | str:
    """`moment|date:"j F Y"`, the month's name escaped as autoescaping would."""
    return mark_safe(escape_text(day_month_name_year(moment))) if moment else ""
