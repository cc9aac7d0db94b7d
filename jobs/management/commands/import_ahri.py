from pathlib import Path

from django.core.management.base import BaseCommand

from jobs import services
from jobs.equipment import COLUMNS, parse_ahri_rows
from registry.lib.staff_file import parse_or_refuse


class Command(BaseCommand):
    help = (
        "Import the equipment directory (AHRI certified heat pump systems) from a CSV file "
        f"with the columns {','.join(COLUMNS)}. Every row is checked first: if any is bad, "
        "the bad rows are listed with their line numbers and nothing is imported. Each AHRI "
        "number is created or updated in place, so re-importing a file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file (UTF-8; a header row first).")

    def handle(self, *args, file: Path, **options):
        records = parse_or_refuse(file, parse_ahri_rows)

        result = services.ahri_import(records=records, source=file.name)
        total = result.created + result.updated
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} AHRI rating{'' if total == 1 else 's'}: {result.created} added, "
                f"{result.updated} updated."
            )
        )
