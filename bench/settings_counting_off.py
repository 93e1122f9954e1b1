"""The production settings without view counting: the baseline of bench/counting.py."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

COUNTING_MIDDLEWARE = "apps.analytics.counting.PostViewCountingMiddleware"

if COUNTING_MIDDLEWARE not in MIDDLEWARE:
    raise RuntimeError(f"{COUNTING_MIDDLEWARE} is not in MIDDLEWARE: nothing to switch off")
MIDDLEWARE = [name for name in MIDDLEWARE if name != COUNTING_MIDDLEWARE]
