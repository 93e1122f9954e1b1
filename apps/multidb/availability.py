"""Whether a database can be reached: the errors that say it cannot, and the one probe."""

from django.db import DatabaseError, InterfaceError, OperationalError, connections

# Connection refused, connect timeout, server gone mid-query, connection already closed: the
# database is out of reach, as opposed to a bug in a query.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


class DatabaseUnavailable(DatabaseError):
    """A change spanning databases was refused before it began: one of them cannot be reached."""


def database_probe(*, alias: str) -> None:
    """Return if `alias` answers a query now; raise the driver's DatabaseError otherwise."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def failed_database_aliases() -> list[str]:
    """The aliases whose last operation in this thread failed.

    Django flags a connection (`errors_occurred`) when one of its operations raises a database
    error other than a data or integrity error, and clears the flag at the start of the next
    request, so within a request the flag names the database behind the error.
    """
    return [
        connection.alias
        for connection in connections.all(initialized_only=True)
        if connection.errors_occurred
    ]
