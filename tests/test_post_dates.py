"""apps/blog/templatetags/post_dates.py and apps/blog/dates.py day_month_name_year (the post
page's byline): the same text as the `date` filter formats they replace, in the current time
zone and language."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from apps.blog.dates import day_month_name_year

MOMENTS = [
    datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, 123456, tzinfo=UTC),  # another day, month, year in Tokyo
    datetime(987, 5, 9, 12, 0, tzinfo=UTC),
    *(datetime(2025, month, 15, 10, 30, tzinfo=UTC) for month in range(1, 13)),
]
OURS = Template("{% load post_dates %}{{ moment|iso_datetime }}|{{ none|iso_datetime }}")
FILTER = Template("{{ moment|date:'c' }}|{{ none|date:'c' }}")


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/St_Johns"])
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_post_dates_write_what_the_date_filter_writes(moment, zone, language):
    context = {"moment": moment, "none": None}
    with timezone.override(zone), translation.override(language):
        assert OURS.render(Context(context)) == FILTER.render(Context(context))
        local = timezone.localtime(moment)  # as the template engine gives it to `date`
        assert day_month_name_year(local) == date_filter(local, "j F Y")
