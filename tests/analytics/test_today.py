"""The counted views' day: the site's local date, kept until the next local midnight."""

from datetime import UTC, datetime, time, timedelta

from django.test import override_settings
from django.utils import timezone

from apps.analytics.today import LocalDay


def test_today_is_the_local_date_in_the_zone_set_now():
    day = LocalDay()
    # Fourteen hours ahead of UTC and eleven behind: their dates differ for 25 hours a day.
    with override_settings(TIME_ZONE="Pacific/Kiritimati"):
        assert day.today() == timezone.localdate()
        ahead = day.today()
    with override_settings(TIME_ZONE="Pacific/Pago_Pago"):
        assert day.today() == timezone.localdate()
        assert day.today() <= ahead


def test_the_day_is_worked_out_again_after_local_midnight(monkeypatch):
    """The clock moved to noon on the next day (the zone is UTC, so no offset to think about)."""
    day = LocalDay()
    with override_settings(TIME_ZONE="UTC"):
        today = day.today()
        next_noon = datetime.combine(today + timedelta(days=1), time(12), UTC)
        monkeypatch.setattr("apps.analytics.today.time.time", next_noon.timestamp)
        monkeypatch.setattr("django.utils.timezone.now", lambda: next_noon)
        assert day.today() == today + timedelta(days=1)
