import json

from django.core.management.base import BaseCommand, CommandError

from apps.blog.audit import DEFAULT_BATCH_SIZE, crossdb_audit


class Command(BaseCommand):
    help = (
        "Report inconsistencies between the databases and the stored images (orphaned blog "
        "rows, missing welcome posts, image files no row names, rows naming missing files, and "
        "those of the apps built on the blog, such as orphaned statistics). Exits 1 when any is "
        "found; --fix repairs all but missing files (exit 1 while any is left)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fix", action="store_true", help="Repair what is found.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the report as JSON."
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, fix: bool, as_json: bool, batch_size: int, **options) -> None:
        if batch_size < 1:
            # A zero-sized batch would read nothing and report a clean system.
            raise CommandError("--batch-size must be at least 1.")
        report = crossdb_audit(fix=fix, batch_size=batch_size)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            self._print_summary(report)
        if (not report.clean and not fix) or report.unrepaired:
            raise SystemExit(1)

    def _print_summary(self, report) -> None:
        if report.clean:
            self.stdout.write(self.style.SUCCESS("Cross-database audit: no inconsistencies."))
            return
        for finding in report.findings:
            if finding.count:
                sample = ", ".join(map(str, finding.sample))
                self.stdout.write(
                    f"{finding.kind}: {finding.rows} found ({finding.description}); "
                    f"{self._repair(finding) if report.fixed else ''}"
                    f"{finding.count} ids: {sample}"
                    f"{' ...' if finding.count > len(finding.sample) else ''}"
                )

    @staticmethod
    def _repair(finding) -> str:
        """What --fix did for `finding`: the rows it removed by kind, or that it repaired."""
        if not finding.repairable:
            return "not repaired (restore the files or remove the image); "
        if not finding.removed:
            return "repaired; "
        removed = ", ".join(
            f"{rows} {kind.removesuffix('s') if rows == 1 else kind}".replace("_", " ")
            for kind, rows in finding.removed.items()
        )
        return f"removed {removed}; "
