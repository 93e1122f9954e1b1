"""Dates as the site's templates write them, without Django's format parser.

`{{ moment|date:"j M Y" }}` parses its format and looks up a method per letter on every call: on
a page with dozens of dates (comments, related posts) that was a noticeable share of rendering
them in Python. These give the same text (tests/web/test_comment_thread.py compares them with
the filter), the month's abbreviation translated as the filter translates it.
"""

from datetime import datetime

from django.utils.dates import MONTHS_3


def day_month_year(moment: datetime) -> str:
    """`moment|date:"j M Y"`: "2 Dec 2026"."""
    return f"{moment.day} {MONTHS_3[moment.month].title()} {moment.year:04d}"


def day_month_year_time(moment: datetime) -> str:
    """`moment|date:"j M Y, H:i"`: "2 Dec 2026, 09:05"."""
    return f"{day_month_year(moment)}, {moment.hour:02d}:{moment.minute:02d}"
