"""The rate-limit counters (apps/accounts/ratelimits.py) hold under concurrent requests: each
thread has its own connection to `default`, as each gunicorn worker or host has."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connections

from apps.accounts.models import RateLimitCounter
from apps.accounts.ratelimits import ratelimit_hit

pytestmark = [
    pytest.mark.django_db(databases=["default"], transaction=True),
    pytest.mark.usefixtures("fresh_rate_limit_window"),
]

THREADS = 12


def test_concurrent_actions_never_exceed_the_limit(settings):
    settings.RATE_LIMITS = {"comment": [(5, 3_600)]}
    start = Barrier(THREADS)

    def hit(_) -> bool:
        try:
            start.wait()
            return ratelimit_hit(scope="comment", subject="42") is None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        allowed = list(pool.map(hit, range(THREADS)))
    assert allowed.count(True) == 5
    # Refused actions were not counted; no address or account id is stored in clear.
    counter = RateLimitCounter.objects.get()
    assert (counter.scope, counter.hits) == ("comment", 5)
    assert counter.subject != "42" and len(counter.subject) == 64


def test_ended_windows_are_deleted(settings):
    settings.RATE_LIMITS = {"comment": [(5, 60)], "signup": [(5, 3_600)]}
    ratelimit_hit(scope="comment", subject="1")
    ratelimit_hit(scope="signup", subject="192.0.2.1")
    RateLimitCounter.objects.filter(scope="comment").update(window_ends_at="2000-01-01T00:00Z")
    ratelimit_hit(scope="signup", subject="192.0.2.1")
    assert list(RateLimitCounter.objects.values_list("scope", "hits")) == [("signup", 2)]
