from django.apps import AppConfig


class MultiDbConfig(AppConfig):
    name = "apps.multidb"
    label = "multidb"
    verbose_name = "Cross-database machinery"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from apps.multidb import (
            checks,  # noqa: F401  (registers the system checks)
            read_your_writes,  # noqa: F401  (watches primaries for writes)
        )
        from apps.multidb.timestamps import timestamps_in_c

        connection_created.connect(timestamps_in_c, dispatch_uid="timestamps_in_c")
