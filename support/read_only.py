"""The test run's read-only aliases (settings.DATABASE_READ_ONLY_ALIASES), pointed at the test
database of the alias they read.

PostgreSQL refuses CREATE DATABASE in a read-only transaction, so Django's test runner cannot
create a database through such an alias, and must not: it reads the database of another alias.
tests/conftest.py leaves them out of the set-up and gives them that alias's test database once
it exists; their TEST NAME and DEPENDENCIES (config/settings.py) say the same, and are checked.
"""

from django.conf import settings
from django.db import connections


def read_only_aliases_follow_test_databases() -> dict[str, str]:
    """Point every read-only alias at its source's test database; return the names they had."""
    previous = {}
    for alias, source in settings.DATABASE_READ_ONLY_ALIASES.items():
        test_name = connections[source].settings_dict["NAME"]
        settings_dict = connections[alias].settings_dict
        declared = (settings_dict["TEST"]["NAME"], settings_dict["TEST"].get("DEPENDENCIES"))
        if declared != (test_name, [source]):
            raise RuntimeError(
                f"{alias} declares TEST NAME and DEPENDENCIES {declared!r}, but reads {source}, "
                f"whose test database is {test_name!r}"
            )
        previous[alias] = settings_dict["NAME"]
        connections[alias].close()
        settings_dict["NAME"] = test_name
    return previous
