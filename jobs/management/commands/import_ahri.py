import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs import services
from jobs.equipment import COLUMNS, parse_ahri_rows


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
        try:
            # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
            with file.open(newline="", encoding="utf-8-sig") as handle:
                records, errors = parse_ahri_rows(csv.reader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        if errors:
            listed = "\n".join(f"  {error}" for error in errors)
            raise CommandError(f"{file}: nothing imported; fix these rows first:\n{listed}")

        result = services.ahri_import(records=records, source=file.name)
        total = result.created + result.updated
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} AHRI rating{'' if total == 1 else 's'}: {result.created} added, "
                f"{result.updated} updated."
            )
        )
