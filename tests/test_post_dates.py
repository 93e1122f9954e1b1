"""apps/blog/templatetags/post_dates.py: the same text as the `date` filter formats it replace,
in the current time zone and language."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

MOMENTS = [
    datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, 123456, tzinfo=UTC),  # another day, month, year in Tokyo
    datetime(987, 5, 9, 12, 0, tzinfo=UTC),
    *(datetime(2025, month, 15, 10, 30, tzinfo=UTC) for month in range(1, 13)),
]
OURS = Template(
    "{% load post_dates %}{{ moment|iso_datetime }}|{{ moment|long_date }}|{{ none|long_date }}"
)
FILTER = Template('{{ moment|date:\'c\' }}|{{ moment|date:"j F Y" }}|{{ none|date:"j F Y" }}')


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/St_Johns"])
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_post_dates_write_what_the_date_filter_writes(moment, zone, language):
    context = {"moment": moment, "none": None}
    with timezone.override(zone), translation.override(language):
        assert OURS.render(Context(context)) == FILTER.render(Context(context))
