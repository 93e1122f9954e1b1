"""The test suite's settings: the site's own (config/settings.py), with what the tests change.

Child processes the tests start (manage.py, gunicorn) run the site's settings, not these.
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

# The default hasher costs a quarter second per user; tests make many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# `{% static %}` works without a collectstatic run (the manifest storage needs one).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Caches off unless a test asks (`page_cache`, `content_cache`): rolled-back rows send no signal.
PAGE_CACHE_SECONDS = 0
CONTENT_CACHE_SECONDS = 0

# Counted views stay in memory until a test writes them (`recorder.flush()`) in its own transaction.
ANALYTICS_FLUSH_THREAD = False
