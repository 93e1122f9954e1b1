"""Production settings plus one middleware that reads `default` before any view runs, for the
database-down tests (tests/test_database_down.py)."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

# After AuthenticationMiddleware, which it relies on.
MIDDLEWARE = [*MIDDLEWARE, "support.fault_middleware.LoadUserMiddleware"]
