"""The counted views' day: the site's local date, kept until the next local midnight."""

from datetime import datetime, timedelta

from django.test import override_settings
from django.utils import timezone

from apps.analytics.today import LocalDay


def test_today_is_the_local_date_kept_until_the_next_local_midnight():
    with override_settings(TIME_ZONE="Pacific/Kiritimati"):
        day = LocalDay()
        assert day.today() == timezone.localdate()
        expected_end = datetime.combine(
            timezone.localdate() + timedelta(days=1),
            datetime.min.time(),
            timezone.get_current_timezone(),
        ).timestamp()
        assert day._day_and_end == (timezone.localdate(), expected_end)
        assert 0 < expected_end - timezone.now().timestamp() <= 86400 + 3600
