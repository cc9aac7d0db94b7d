from pathlib import Path

from django.core.management.base import BaseCommand

from registry.lib.staff_file import parse_or_refuse
from utilities import services
from utilities.zone_file import parse_zone_rows


class Command(BaseCommand):
    help = (
        "Import BPA's heating and cooling zone of each ZIP code from a CSV file with the columns "
        "zip_code,heating_zone,cooling_zone (optionally source and note; other columns, such as "
        "a county, are ignored). Every row is checked first: if any is bad, the bad rows are "
        "listed with their line numbers and nothing is imported. Re-importing the same file "
        "changes nothing; --replace makes the zone map exactly the file's ZIP codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file (UTF-8; a header row first).")
        parser.add_argument(
            "--source",
            default="",
            help="Where the assignments come from (e.g. BPA's zone list and its date), for "
            "rows without a source column of their own.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the ZIP codes of the zone map that the file does not list.",
        )

    def handle(self, *args, file: Path, source: str, replace: bool, **options):
        zones = parse_or_refuse(file, lambda rows: parse_zone_rows(rows, source=source))

        result = services.climate_zones_import(zones=zones, replace=replace)
        total = len(zones)
        removed = f", {result.removed} removed" if replace else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} ZIP code{'' if total == 1 else 's'}: {result.created} added, "
                f"{result.updated} changed, {result.unchanged} already there{removed}."
            )
        )
