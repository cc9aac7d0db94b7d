"""Writes to utilities and their territory: the management command (and any later view) call
these and nothing else, since a utility's ZIP codes decide which jobs its users see."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from utilities.models import ServiceZip, Utility
from utilities.zip_file import is_zip5

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
