"""Today's date in the site's time zone, worked out again only once the local day has ended."""

import time
from datetime import date, datetime, timedelta

from django.utils import timezone


class LocalDay:
    def __init__(self) -> None:
        self._day_and_end: tuple[date, float] | None = None

    def today(self) -> date:
        state = self._day_and_end
        if state is None or time.time() >= state[1]:
            state = self._day_and_end = self._compute()
        return state[0]

    @staticmethod
    def _compute() -> tuple[date, float]:
        now = timezone.localtime()
        day = now.date()
        midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), now.tzinfo)
        return day, midnight.timestamp()


local_day = LocalDay()
