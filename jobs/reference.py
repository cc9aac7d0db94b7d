"""Reference data the engine reads on every evaluation, kept per process.

Every completion needs the active rule sets (``RuleSetRecord``), the active ring calibrations
(``RingCalibration``), the zone map (``ClimateZone``: the site's heating and cooling zones)
and whether the equipment directory (``AhriRating``) has any rows. Staff change them a few
times a year (admin, ``import_ahri``, ``import_zones``), so each process keeps what it last
read, tagged with a *fingerprint* of the table: its row count, newest ``updated_at`` and
highest id. One query reads the fingerprints of the three tables and the directory check
together (instead of a query per table, and one more per site's zones); a table is read again
only when its fingerprint changed. The zone map is a few thousand short rows at most (the ZIP
codes of BPA's region), so a process holds all of it.

The fingerprint comes from the database, not from a cache a process keeps or shares, so an
edit saved by any process (another gunicorn worker, a management command) is seen by every
process on its next evaluation, with no TTL and no shared cache needed; and a transaction
sees its own uncommitted edits. Saving, adding or deleting a row always changes the
fingerprint (``updated_at`` is ``auto_now``; a deletion lowers the count, an addition raises
the highest id). Only a ``QuerySet.update()`` that leaves ``updated_at`` alone goes unseen:
code doing that must set ``updated_at`` too or call ``clear()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection

from jobs.models import AhriRating, RingCalibration, RuleSetRecord
from jobs.rules.ruleset import BUILTIN_RULESETS, RuleSet
from jobs.rules.types import RingCalibrationFact
from utilities.models import ClimateZone


@dataclass(frozen=True)
class Reference:
    """What one evaluation reads besides the job and the technician."""

    rulesets: tuple[RuleSet, ...]
    calibrations: tuple[RingCalibrationFact, ...]
    #: Whether the equipment directory has any rows (``selectors.ahri_known``).
    ahri_directory: bool
    #: ZIP code → (heating zone, cooling zone): the registry's zone map (``ClimateZone``).
    zones: Mapping[str, tuple[int, int]]

    def zones_of(self, zip_code: str | None) -> tuple[int | None, int | None]:
        """The (heating, cooling) zones of a ZIP code; (None, None) when the map lacks it."""
        return self.zones.get(zip_code or "", (None, None))


#: table → (fingerprint, values) as last read by this process.
_cache: dict[str, tuple[tuple[Any, ...], Any]] = {}


def clear() -> None:
    """Forget what this process read (tests; code that bypasses ``save()``)."""
    _cache.clear()


def _fingerprint_sql() -> str:
    """One row: count, newest updated_at and highest id of each table, then 1 or NULL for
    the directory. Raw SQL because the ORM has no FROM-less query; only table and column
    names from the models' metadata are interpolated (no values)."""
    qn = connection.ops.quote_name
    parts = []
    for model in (RuleSetRecord, RingCalibration, ClimateZone):
        table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
        updated = qn(model._meta.get_field("updated_at").column)
        parts += [
            f"(SELECT COUNT(*) FROM {table})",  # noqa: S608 - names from model meta
            f"(SELECT MAX({updated}) FROM {table})",  # noqa: S608 - as above
            f"(SELECT MAX({pk}) FROM {table})",  # noqa: S608 - as above
        ]
    parts.append(f"(SELECT 1 FROM {qn(AhriRating._meta.db_table)} LIMIT 1)")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def _load_rulesets() -> tuple[RuleSet, ...]:
    """The active RuleSetRecord rows by effective_from; the built-in sets when none is active
    (an empty table)."""
    records = RuleSetRecord.objects.filter(active=True).order_by("effective_from")
    return tuple(record.to_ruleset() for record in records) or BUILTIN_RULESETS


def _load_calibrations() -> tuple[RingCalibrationFact, ...]:
    return tuple(
        RingCalibrationFact(c.equipment, c.ring, c.c, c.n, c.min_pa, c.max_pa, c.source)
        for c in RingCalibration.objects.filter(active=True)
    )


def _load_zones() -> Mapping[str, tuple[int, int]]:
    return {
        zip_code: (heating, cooling)
        for zip_code, heating, cooling in ClimateZone.objects.values_list(
            "zip_code", "heating_zone", "cooling_zone"
        )
    }


def _cached(name: str, fingerprint: tuple[Any, ...], load) -> Any:
    hit = _cache.get(name)
    if hit is not None and hit[0] == fingerprint:
        return hit[1]
    values = load()
    _cache[name] = (fingerprint, values)  # one assignment: safe for threaded workers
    return values


def current() -> Reference:
    """The rule sets, calibrations, zone map and directory check as the database holds them
    now (one query when nothing changed since this process last read them)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    return Reference(
        rulesets=_cached("rulesets", tuple(row[0:3]), _load_rulesets),
        calibrations=_cached("calibrations", tuple(row[3:6]), _load_calibrations),
        zones=_cached("zones", tuple(row[6:9]), _load_zones),
        ahri_directory=row[9] is not None,
    )
