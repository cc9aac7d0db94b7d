"""Reading a heating and cooling zone file: BPA's heating zone and cooling zone of each ZIP code.

Why a map by ZIP code: BPA assigns zones to utilities (seed 003 L823-831), and domain-rules §3
suggests zones per utility with ZIP overrides. But a utility's territory can span zones (Montana
House is open "in Heating Zones 2 and 3" of several states, 003 L10872-10873), a ZIP may be
served by several utilities (spec §6), and the seeds hold no zone table at all (by utility,
county or ZIP): the assignments are in BPA's "Measure Changes" list and zone maps, outside the
seeds. So staff import BPA's assignment list by ZIP code, which settles a site's zones without
asking which utility's assignment wins, and correct single rows in the admin.

The map holds one assignment, the one staff imported last. BPA reassigned zones on
Oct 1, 2017 (003 L823-835); staff re-import the list when BPA changes it.

Pure: rows in (as ``csv.reader`` yields them, header first), ``(zones, errors)`` out; no
database. ``manage.py import_zones`` reads the file and writes with
``utilities.services.climate_zones_import`` only when there are no errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from registry.lib.rows import RowError, table_of
from registry.lib.rows import cell as _cell
from utilities.zip_file import is_zip5

ZIP_COLUMN = "zip_code"
HEATING_COLUMN = "heating_zone"
COOLING_COLUMN = "cooling_zone"
SOURCE_COLUMN = "source"
NOTE_COLUMN = "note"

#: BPA's zones: heating 1–3 and cooling 1–3 ("h1–h3 × c1–c3", seed 002 L28-51).
ZONES = (1, 2, 3)


class ZoneRow(NamedTuple):
    """One ZIP code's zones (utilities.models.ClimateZone as a plain tuple)."""

    zip_code: str
    heating_zone: int
    cooling_zone: int
    source: str = ""
    note: str = ""


def zone_of(value: str, letter: str) -> int | None:
    """The zone written as 1, 2 or 3, or with the manual's letter ("h2" for heating zone 2,
    "c3" for cooling zone 3; seed 002 L28-51); None for anything else."""
    text = value.strip().lower().removeprefix(letter).strip()
    if text.isascii() and text.isdigit() and int(text) in ZONES:
        return int(text)
    return None


def parse_zone_rows(
    rows: Iterable[Sequence[str]], *, source: str = ""
) -> tuple[list[ZoneRow], list[RowError]]:
    """Validate every row and return one ``ZoneRow`` per ZIP code, in file order, and the
    errors of all bad rows.

    ``rows``: the header (``zip_code,heating_zone,cooling_zone``, optionally ``source`` and
    ``note``; other columns, such as a county, are ignored), then one row per ZIP code. Blank
    lines are skipped. ``source`` is used for rows without a source of their own. A ZIP code
    listed twice with the same zones is kept once; with different zones it is an error (the
    file contradicts itself). A file without a single ZIP code is an error, so an empty file
    never wipes the map under ``--replace``.
    """
    table = table_of(rows)
    if table is None:
        return [], [RowError(None, "The file is empty: no header and no ZIP codes.")]
    header_line, columns = table.header_line, table.columns
    needed = (ZIP_COLUMN, HEATING_COLUMN, COOLING_COLUMN)
    if not all(column in columns for column in needed):
        return [], [RowError(header_line, f"The header must name the columns {','.join(needed)}.")]
    index = {
        name: columns.index(name)
        for name in (*needed, SOURCE_COLUMN, NOTE_COLUMN)
        if name in columns
    }

    errors: list[RowError] = []
    zones: dict[str, ZoneRow] = {}
    first_line: dict[str, int] = {}
    for line, row in table.lines:
        zip_code = _cell(row, index.get(ZIP_COLUMN))
        heating_text = _cell(row, index.get(HEATING_COLUMN))
        cooling_text = _cell(row, index.get(COOLING_COLUMN))
        heating, cooling = zone_of(heating_text, "h"), zone_of(cooling_text, "c")
        problems = []
        if not is_zip5(zip_code):
            problems.append(f"ZIP code {zip_code!r} is not 5 digits.")
        if heating is None:
            problems.append(f"Heating zone {heating_text!r} is not 1, 2 or 3.")
        if cooling is None:
            problems.append(f"Cooling zone {cooling_text!r} is not 1, 2 or 3.")
        earlier = zones.get(zip_code)
        if not problems and earlier and earlier[1:3] != (heating, cooling):
            problems.append(
                f"ZIP code {zip_code} is already on line {first_line[zip_code]} with "
                f"heating zone {earlier.heating_zone}, cooling zone {earlier.cooling_zone}."
            )
        if problems:
            errors.append(RowError(line, " ".join(problems)))
            continue
        if earlier:  # the same ZIP code and zones again: kept once, as first listed
            continue
        zones[zip_code] = ZoneRow(
            zip_code,
            heating,
            cooling,
            _cell(row, index.get(SOURCE_COLUMN)) or source.strip(),
            _cell(row, index.get(NOTE_COLUMN)),
        )
        first_line[zip_code] = line
    if not zones and not errors:
        errors.append(RowError(None, "The file has no ZIP codes."))
    return list(zones.values()), errors
