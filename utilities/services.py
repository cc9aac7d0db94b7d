"""Writes to utilities, their territory and the zone map: the management commands (and any
later view) call these and nothing else, since a utility's ZIP codes decide which jobs its
users see and a ZIP code's zones feed the status engine and the payments."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from utilities.models import ClimateZone, ServiceZip, Utility
from utilities.zip_file import is_zip5
from utilities.zone_file import ZONES, ZoneRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ZipImportResult:
    utilities: int
    created: int
    unchanged: int
    removed: int


def utility_zips_import(
    *, actor=None, pairs: Iterable[tuple[int, str]], replace: bool = False
) -> ZipImportResult:
    """Add the ``(utility id, ZIP code)`` pairs to the utilities' territories.

    Idempotent: a pair already there is left alone, so importing the same file again creates
    nothing. With ``replace``, each utility named in ``pairs`` afterwards serves exactly its
    ZIP codes from ``pairs`` (the others are removed); utilities not named are untouched.
    All or nothing (one transaction). Raises ValidationError for a ZIP code that is not five
    digits or an unknown utility id; the caller validates first (utilities.zip_file).
    ``actor`` (None from the command line) is logged.
    """
    wanted: dict[int, set[str]] = {}
    for utility_id, zip_code in pairs:
        if not is_zip5(zip_code):
            raise ValidationError(f"ZIP code {zip_code!r} is not 5 digits.")
        wanted.setdefault(utility_id, set()).add(zip_code)

    with transaction.atomic():
        # Lock the utilities so two imports of the same territory run one after the other
        # (the second sees the first's rows instead of colliding on servicezip_unique).
        found = set(
            Utility.objects.select_for_update().filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if missing := sorted(set(wanted) - found):
            raise ValidationError(f"No utility with id {', '.join(map(str, missing))}.")
        existing = set(
            ServiceZip.objects.filter(utility_id__in=wanted).values_list("utility_id", "zip_code")
        )
        new = [
            ServiceZip(utility_id=utility_id, zip_code=zip_code)
            for utility_id, zip_codes in wanted.items()
            for zip_code in sorted(zip_codes)
            if (utility_id, zip_code) not in existing
        ]
        ServiceZip.objects.bulk_create(new)
        removed = 0
        if replace:
            for utility_id, zip_codes in wanted.items():
                removed += (
                    ServiceZip.objects.filter(utility_id=utility_id)
                    .exclude(zip_code__in=zip_codes)
                    .delete()[0]
                )
    total = sum(len(zip_codes) for zip_codes in wanted.values())
    result = ZipImportResult(
        utilities=len(wanted), created=len(new), unchanged=total - len(new), removed=removed
    )
    logger.info("ZIP import by %s (replace=%s): %s", actor or "the command line", replace, result)
    return result


@dataclass(frozen=True)
class ZoneImportResult:
    created: int
    updated: int
    unchanged: int
    removed: int


ZONE_FIELDS = ("heating_zone", "cooling_zone", "source", "note")


def climate_zones_import(
    *, actor=None, zones: Iterable[ZoneRow | tuple], replace: bool = False
) -> ZoneImportResult:
    """Set the heating and cooling zones of the ZIP codes in ``zones``.

    Idempotent: a ZIP code whose zones, source and note are already those of the file is left
    alone (its ``updated_at`` too), so importing the same file again changes nothing. A ZIP
    code with other values is updated. With ``replace``, the map afterwards holds exactly the
    file's ZIP codes (the others are removed). All or nothing (one transaction). Raises
    ValidationError for a ZIP code that is not five digits, a zone that is not 1–3, or a ZIP
    code listed twice; the caller validates first (utilities.zone_file). ``actor`` (None from
    the command line) is logged.
    """
    wanted: dict[str, ZoneRow] = {}
    for row in map(ZoneRow._make, zones):
        if not is_zip5(row.zip_code):
            raise ValidationError(f"ZIP code {row.zip_code!r} is not 5 digits.")
        if row.heating_zone not in ZONES or row.cooling_zone not in ZONES:
            raise ValidationError(f"ZIP code {row.zip_code}: zones must be 1, 2 or 3.")
        if row.zip_code in wanted:
            raise ValidationError(f"ZIP code {row.zip_code} is listed twice.")
        wanted[row.zip_code] = row

    with transaction.atomic():
        existing = {
            values[0]: values[1:]
            for values in ClimateZone.objects.select_for_update()
            .filter(zip_code__in=wanted)
            .values_list("zip_code", *ZONE_FIELDS)
        }
        changed = [
            ClimateZone(**row._asdict())
            for zip_code, row in wanted.items()
            if existing.get(zip_code) != tuple(row)[1:]
        ]
        # One statement for new and changed rows alike; a concurrent import of the same ZIP
        # code updates instead of failing on the unique ZIP code.
        ClimateZone.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["zip_code"],
            update_fields=[*ZONE_FIELDS, "updated_at"],
        )
        removed = 0
        if replace:
            removed = ClimateZone.objects.exclude(zip_code__in=wanted).delete()[0]
    updated = sum(1 for zone in changed if zone.zip_code in existing)
    result = ZoneImportResult(
        created=len(changed) - updated,
        updated=updated,
        unchanged=len(wanted) - len(changed),
        removed=removed,
    )
    logger.info("Zone import by %s (replace=%s): %s", actor or "the command line", replace, result)
    return result
