"""Image tests share the web tests' signed-in author."""

from tests.web.conftest import author  # noqa: F401
