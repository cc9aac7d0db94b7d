"""Reading an equipment directory file: AHRI certified heat pump systems, against which the
engine checks a job's AHRI number.

Pure: rows in (as ``csv.reader`` yields them, header first), ``(records, errors)`` out; no
database. ``manage.py import_ahri`` reads the file and writes with ``ahri_import`` only when
there are no errors (all or nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from registry.lib.rows import RowError, cell, table_of

COLUMNS = (
    "ahri_number",
    "make",
    "outdoor_model",
    "indoor_model",
    "seer",
    "hspf",
    "seer2",
    "hspf2",
    "capacity_tons",
)
TEXT_COLUMNS = ("make", "outdoor_model", "indoor_model")
NUMBER_COLUMNS = ("seer", "hspf", "seer2", "hspf2", "capacity_tons")
#: The model's limits: CharField max_length and DecimalField(max_digits=5, decimal_places=2).
TEXT_MAX = 100
NUMBER_MAX = Decimal("999.99")

__all__ = ["COLUMNS", "AhriRecord", "RowError", "is_ahri_number", "parse_ahri_rows"]


@dataclass(frozen=True)
class AhriRecord:
    ahri_number: str
    make: str
    outdoor_model: str
    indoor_model: str
    seer: Decimal | None
    hspf: Decimal | None
    seer2: Decimal | None
    hspf2: Decimal | None
    capacity_tons: Decimal | None

    def defaults(self) -> dict:
        return {name: getattr(self, name) for name in COLUMNS if name != "ahri_number"}


def is_ahri_number(value: str) -> bool:
    """An AHRI certified reference number: 1 to 20 ASCII digits."""
    return 0 < len(value) <= 20 and value.isascii() and value.isdigit()


def _number(value: str) -> Decimal | None | str:
    """The value, None when blank, or an error message."""
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value!r} is not a number."
    if not number.is_finite() or number <= 0 or number > NUMBER_MAX:
        return f"{value!r} must be a positive number up to {NUMBER_MAX}."
    return number.quantize(Decimal("0.01"))


def parse_ahri_rows(rows: Iterable[Sequence[str]]) -> tuple[list[AhriRecord], list[RowError]]:
    """Validate every row and return one record per AHRI number, in file order, and the
    errors of all bad rows (``line`` counts from 1, the header included).

    The header must name every column of ``COLUMNS`` (in any order; extra columns are
    ignored). Blank lines are skipped. SEER, HSPF, SEER2, HSPF2 and capacity may be blank;
    given, they are positive numbers. A number listed twice is an error, and so is a file
    without a single rating.
    """
    table = table_of(rows)
    if table is None:
        return [], [RowError(None, "The file is empty: no header and no ratings.")]
    header_line, columns = table.header_line, table.columns
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        return [], [
            RowError(
                header_line,
                f"The header lacks the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (expected {','.join(COLUMNS)}).",
            )
        ]
    index = {name: columns.index(name) for name in COLUMNS}

    records: list[AhriRecord] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, row in table.lines:
        cells = {name: cell(row, i) for name, i in index.items()}
        problems = []
        number = cells["ahri_number"]
        if not is_ahri_number(number):
            problems.append(f"AHRI number {number!r} is not 1 to 20 digits.")
        elif number in seen:
            problems.append(f"AHRI number {number} is already on line {seen[number]}.")
        for name in TEXT_COLUMNS:
            if len(cells[name]) > TEXT_MAX:
                problems.append(f"{name} is longer than {TEXT_MAX} characters.")
        values: dict[str, Decimal | None] = {}
        for name in NUMBER_COLUMNS:
            parsed = _number(cells[name])
            if isinstance(parsed, str):
                problems.append(f"{name}: {parsed}")
            else:
                values[name] = parsed
        if problems:
            errors.extend(RowError(line, problem) for problem in problems)
            continue
        seen[number] = line
        records.append(
            AhriRecord(
                ahri_number=number,
                make=cells["make"],
                outdoor_model=cells["outdoor_model"],
                indoor_model=cells["indoor_model"],
                **values,
            )
        )
    if not records and not errors:
        errors.append(RowError(None, "The file lists no ratings."))
    return records, errors
