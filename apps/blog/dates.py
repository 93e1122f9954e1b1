"""Dates as the site's templates write them, without Django's format parser.

`{{ moment|date:"j M Y" }}` parses its format and looks up a method per letter on every call: on
a page with dozens of dates (comments, related posts) that was a noticeable share of rendering
them in Python. These give the same text (tests/web/test_comment_thread.py compares them with
the filter), the month's abbreviation translated as the filter translates it.
"""

from datetime import datetime

from django.utils.dates import MONTHS, MONTHS_3

from apps.core.html import escape_text


class DateWriter:
    """Writes the dates of one page in the active language, each month's abbreviation
    translated once: a translation lookup per date was about a twentieth of the post page's
    CPU time with its 25 comments (bench/HISTORY.md, "Post page cold render").

    `html`: the month names are escaped (apps/core/html.py: the text of Django's `escape`, as
    plain text), so every date written is safe to put in HTML as it is (the rest of it is
    digits and separators)."""

    def __init__(self, *, html: bool = False) -> None:
        self.html = html
        self._months: dict[int, str] = {}

    def month(self, number: int) -> str:
        name = self._months.get(number)
        if name is None:
            name = MONTHS_3[number].title()
            name = self._months[number] = escape_text(name) if self.html else name
        return name

    def day_month_year(self, moment: datetime) -> str:
        """`moment|date:"j M Y"`: "2 Dec 2026"."""
        return f"{moment.day} {self.month(moment.month)} {moment.year:04d}"

    def day_month_year_time(self, moment: datetime) -> str:
        """`moment|date:"j M Y, H:i"`: "2 Dec 2026, 09:05"."""
        return f"{self.day_month_year(moment)}, {moment.hour:02d}:{moment.minute:02d}"


def day_month_year(moment: datetime) -> str:
    """`moment|date:"j M Y"`: "2 Dec 2026"."""
    return DateWriter().day_month_year(moment)


def day_month_year_time(moment: datetime) -> str:
    """`moment|date:"j M Y, H:i"`: "2 Dec 2026, 09:05"."""
    return DateWriter().day_month_year_time(moment)


def day_month_name_year(moment: datetime) -> str:
    """`moment|date:"j F Y"`: "2 December 2026", the month's name translated."""
    return f"{moment.day} {MONTHS[moment.month]} {moment.year:04d}"
