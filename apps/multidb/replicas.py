"""Which aliases are streaming replicas of which primary, and WAL positions as numbers.

`settings.DATABASE_REPLICAS` maps a primary alias to its replicas' aliases
(`{"blog_db": ["blog_db_replica_1"]}`); a primary without replicas is absent. The settings build it
from DATABASE_REPLICA_URLS and BLOG_DATABASE_REPLICA_URLS.
"""

from django.conf import settings


def replicas_of(primary: str) -> list[str]:
    return settings.DATABASE_REPLICAS.get(primary, [])


def replica_aliases() -> list[str]:
    return [replica for replicas in settings.DATABASE_REPLICAS.values() for replica in replicas]


def replicated_primaries() -> list[str]:
    """Every primary that has replicas."""
    return [primary for primary, replicas in settings.DATABASE_REPLICAS.items() if replicas]


def primary_of(replica: str) -> str | None:
    """The primary `replica` follows; None when the alias is not a replica."""
    for primary, replicas in settings.DATABASE_REPLICAS.items():
        if replica in replicas:
            return primary
    return None


def read_only_aliases() -> dict[str, str]:
    """Each read-only alias and the alias whose database it reads."""
    return settings.DATABASE_READ_ONLY_ALIASES


def primary_aliases() -> list[str]:
    """Every alias that is neither a replica nor read-only: where writes and migrations go."""
    followers = {*replica_aliases(), *read_only_aliases()}
    return [alias for alias in settings.DATABASES if alias not in followers]


def lsn_number(lsn: str) -> int:
    """A PostgreSQL WAL position (`pg_lsn` text such as "16/B374D848") as a byte offset."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) | int(low, 16)
