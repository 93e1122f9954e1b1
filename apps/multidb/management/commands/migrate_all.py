from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from apps.multidb.replicas import primary_aliases


def unapplied_migrations(alias: str) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


class Command(BaseCommand):
    help = (
        "Apply migrations to every primary database alias (each app's tables land only in its "
        "own; replicas receive them from their primary)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Apply nothing; exit non-zero while any alias has unapplied migrations.",
        )

    def handle(self, *args, check: bool, verbosity: int, **options) -> None:
        if check:
            self._check()
            return
        for alias in primary_aliases():
            self.stdout.write(self.style.MIGRATE_HEADING(f"Migrating {alias}"))
            call_command("migrate", database=alias, interactive=False, verbosity=verbosity)

    def _check(self) -> None:
        pending = {alias: unapplied_migrations(alias) for alias in primary_aliases()}
        for alias, migrations in pending.items():
            state = f"{len(migrations)} unapplied" if migrations else "up to date"
            self.stdout.write(f"{alias}: {state}")
        if any(pending.values()):
            raise CommandError("Unapplied migrations; run `manage.py migrate_all`.")
