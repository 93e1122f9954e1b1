"""Durations in words for people, where a library hands over a `timedelta`."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def in_words(duration: timedelta) -> str:
    """`timedelta(minutes=90)` as "1 hour, 30 minutes"."""
    now = timezone.now()
    return timesince(now - duration, now)
