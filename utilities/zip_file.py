"""Reading a utility territory file (spec §6): which ZIP codes each utility serves.

Pure: rows in (as ``csv.reader`` yields them, header first), ``(pairs, errors)`` out; no
database. ``manage.py import_zips`` reads the file and writes with
``utilities.services.utility_zips_import`` only when there are no errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from registry.lib.rows import RowError, table_of
from registry.lib.rows import cell as _cell

UTILITY_COLUMN = "utility"
ZIP_COLUMN = "zip_code"


def is_zip5(value: str) -> bool:
    """Exactly five ASCII digits (ServiceZip's check constraint)."""
    return len(value) == 5 and value.isascii() and value.isdigit()


def parse_zip_rows(
    rows: Iterable[Sequence[str]],
    *,
    known_utilities: Mapping[str, int],
    utility: str | None = None,
) -> tuple[list[tuple[int, str]], list[RowError]]:
    """Validate every row and return the ``(utility id, ZIP code)`` pairs, in file order and
    without repeats, and the errors of all bad rows.

    ``rows``: the header (``utility,zip_code``, or just ``zip_code`` when ``utility`` names
    the utility for every row; extra columns are ignored), then one row per ZIP code. Blank
    lines are skipped. ``known_utilities`` maps each utility's lower-cased name to its id
    (names are unique case-insensitively). When ``utility`` is given and the file also has a
    utility column, every row must name that utility. A file without a single ZIP code is an
    error, so an empty file never wipes a territory under ``--replace``.
    """
    errors: list[RowError] = []
    default_id = None
    if utility is not None:
        default_id = known_utilities.get(utility.strip().lower())
        if default_id is None:
            errors.append(RowError(None, f"--utility: no utility named {utility!r}."))

    table = table_of(rows)
    if table is None:
        return [], [*errors, RowError(None, "The file is empty: no header and no ZIP codes.")]
    header_line, columns = table.header_line, table.columns
    if ZIP_COLUMN not in columns or (UTILITY_COLUMN not in columns and utility is None):
        expected = "utility,zip_code (or zip_code with --utility)"
        return [], [*errors, RowError(header_line, f"The header must name the columns {expected}.")]
    zip_index = columns.index(ZIP_COLUMN)
    utility_index = columns.index(UTILITY_COLUMN) if UTILITY_COLUMN in columns else None

    pairs: dict[tuple[int, str], None] = {}  # an ordered set
    for line, row in table.lines:
        zip_code = _cell(row, zip_index)
        name = _cell(row, utility_index) if utility_index is not None else ""
        problems = []
        if not is_zip5(zip_code):
            problems.append(f"ZIP code {zip_code!r} is not 5 digits.")
        utility_id = default_id
        if name:
            utility_id = known_utilities.get(name.lower())
            if utility_id is None:
                problems.append(f"No utility named {name!r}.")
            elif default_id is not None and utility_id != default_id:
                problems.append(f"The row names {name!r}, but --utility is {utility!r}.")
        elif utility is None:
            problems.append("The utility is missing.")
        if problems:
            errors.append(RowError(line, " ".join(problems)))
        elif utility_id is not None:
            pairs[(utility_id, zip_code)] = None
    if not pairs and not errors:
        errors.append(RowError(None, "The file has no ZIP codes."))
    return list(pairs), errors
