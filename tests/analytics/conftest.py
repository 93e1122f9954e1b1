import pytest

from apps.analytics import services
from apps.analytics.recorder import recorder

# What a reader's browser sends; the test client's and urllib's own agents count as bots.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
OTHER_BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"


@pytest.fixture
def views():
    """This process's view recorder, empty before and after the test (tests/settings.py: no
    thread; the test flushes it), with no salt remembered from an earlier, rolled-back test."""
    recorder.buffer.take()
    services._salts.clear()
    yield recorder
    recorder.buffer.take()
    services._salts.clear()
