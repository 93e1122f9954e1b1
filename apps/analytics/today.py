"""Today's date in the site's time zone, worked out again only once the local day has ended (or
the zone setting changed): `timezone.localdate()` converts the clock through the zone on each
call, which was most of the work of counting a view."""

import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone


class LocalDay:
    def __init__(self) -> None:
        self._zone_day_end: tuple[str, date, float] | None = None

    def today(self) -> date:
        state = self._zone_day_end
        if state is None or time.time() >= state[2] or state[0] != settings.TIME_ZONE:
            state = self._zone_day_end = self._compute()
        return state[1]

    @staticmethod
    def _compute() -> tuple[str, date, float]:
        now = timezone.localtime()
        day = now.date()
        midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), now.tzinfo)
        return settings.TIME_ZONE, day, midnight.timestamp()


local_day = LocalDay()
