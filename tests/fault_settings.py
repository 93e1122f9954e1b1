"""Production settings plus a blog page and an eager-user middleware that do not depend on the
web UI, for the database-down tests (tests/test_database_down.py)."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "tests.fault_urls"
# After AuthenticationMiddleware: loads the signed-in user before the view runs, as an activity
# tracker or a throttling middleware would, so a `default` outage surfaces inside middleware.
MIDDLEWARE = [*MIDDLEWARE, "tests.fault_urls.LoadUserMiddleware"]
