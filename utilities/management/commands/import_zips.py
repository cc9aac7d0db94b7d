from pathlib import Path

from django.core.management.base import BaseCommand

from registry.lib.staff_file import parse_or_refuse
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
        pairs = parse_or_refuse(
            file, lambda rows: parse_zip_rows(rows, known_utilities=known, utility=utility)
        )

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
