import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utilities import services
from utilities.models import Utility
from utilities.zip_file import parse_zip_rows


class Command(BaseCommand):
    help = (
        "Import the ZIP codes utilities serve from a CSV file with the columns utility,zip_code "
        "(or just zip_code with --utility). Every row is checked first: if any is bad, the bad "
        "rows are listed with their line numbers and nothing is imported. Re-importing the "
        "same file adds nothing; --replace makes each utility's list exactly the file's."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file (UTF-8; a header row first).")
        parser.add_argument("--utility", help="The utility every row belongs to.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the ZIP codes of the utilities in the file that the file does not list.",
        )

    def handle(self, *args, file: Path, utility: str | None, replace: bool, **options):
        known = {name.lower(): pk for pk, name in Utility.objects.values_list("pk", "name")}
        try:
            # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
            with file.open(newline="", encoding="utf-8-sig") as handle:
                pairs, errors = parse_zip_rows(
                    csv.reader(handle), known_utilities=known, utility=utility
                )
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        if errors:
            listed = "\n".join(f"  {error}" for error in errors)
            raise CommandError(f"{file}: nothing imported; fix these rows first:\n{listed}")

        result = services.utility_zips_import(pairs=pairs, replace=replace)
        total = result.created + result.unchanged
        removed = f", {result.removed} removed" if replace else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} ZIP code{'' if total == 1 else 's'} for {result.utilities} "
                f"utilit{'y' if result.utilities == 1 else 'ies'}: {result.created} added, "
                f"{result.unchanged} already there{removed}."
            )
        )
