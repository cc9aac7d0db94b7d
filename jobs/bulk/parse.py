"""Reading a bulk upload CSV of jobs. Pure: bytes in, rows or file-level errors out; no ORM.
``jobs.bulk.services`` sends each row through the entry engine (``job_submit``).

The columns are the data dictionary's names (``jobs.dictionary.fields``), the same as the job
form, the API and the territory CSV export: the job and site block
(``jobs.dictionary.inputs.ENVELOPE``) and then every field of ``jobs.dictionary.fields.FIELDS``.
A file may carry any subset of them in any order, but every column must be known, and the
address and install date columns must be there.

An empty cell is as if the column were absent (the data dictionary's default applies, e.g.
house pressure 50 Pa). Rows whose cells are all empty (a spreadsheet's trailing rows) are
skipped. Row numbers are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobs.dictionary import examples
from jobs.dictionary import fields as dd
from jobs.dictionary.inputs import SITE_FIELDS
from jobs.display import COMPUTED

#: The job and site block first (as the export), then the data dictionary in order.
ENVELOPE_COLUMNS = ("action", "measure_type", "tech_id", "install_date", "electric_utility")
COLUMNS: tuple[str, ...] = (
    *ENVELOPE_COLUMNS,
    *SITE_FIELDS,
    *(spec.name for spec in dd.FIELDS),
)
#: What a row cannot do without (every other column may be left out of the file).
REQUIRED_COLUMNS = ("measure_type", "install_date", "street_address", "city", "state", "zip_code")
#: Columns of the territory export that the registry fills itself: named in the error.
EXPORT_ONLY_COLUMNS = frozenset(
    {
        "measure_id",
        "status",
        "technician_name",
        "company",
        "completed_at",
        "ruleset",
        "category",
        *(spec.key for spec in COMPUTED),
    }
)
ACTIONS = ("complete", "save_progress")
DEFAULT_ACTION = "complete"

COLUMN_LABELS: dict[str, str] = {
    "action": "Action (complete or save_progress)",
    "measure_type": "Measure type",
    "tech_id": "PTCS Technician ID",
    "install_date": "Install date (YYYY-MM-DD)",
    "electric_utility": "Electric utility",
    "street_address": "Street address",
    "street_address_2": "Lot or unit number",
    "city": "City",
    "state": "State",
    "zip_code": "ZIP code",
    **{spec.name: spec.label for spec in dd.FIELDS},
}

#: The template's example row: an air source heat pump conversion that ends BPA Approved.
EXAMPLE_ROW: dict[str, str] = {
    "action": "complete",
    "tech_id": "",
    "install_date": "2024-05-01",
    "electric_utility": "Benton REA",
    "street_address": "1200 N Meade Ave",
    "city": "Prosser",
    "state": "WA",
    "zip_code": "99350",
    **examples.BASE["ashp"],
}
ROW_LENGTH_ERROR = "__all__"


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number and its non-empty cells, stripped."""

    number: int
    values: dict[str, str]
    #: Problems found while reading (a row longer than the header), by column.
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedFile:
    rows: tuple[Row, ...] = ()
    #: File-level errors: when any, no row is processed.
    errors: tuple[str, ...] = ()


def _fail(*messages: str) -> ParsedFile:
    return ParsedFile(errors=tuple(messages))


def _decode(data: bytes) -> tuple[str | None, str | None]:
    if data.startswith(b"PK\x03\x04"):
        return None, (
            "This is a spreadsheet workbook, not a CSV file. In your spreadsheet choose "
            "Save As → CSV UTF-8 (comma delimited) and upload that file."
        )
    if b"\x00" in data:
        return None, "This is not a text file: upload a CSV file (comma-separated values)."
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, (
            f"The file is not UTF-8 text (byte {exc.start + 1}). Save it as "
            "CSV UTF-8 (comma delimited) and upload it again."
        )


def _did_you_mean(name: str) -> str | None:
    """The known column a mistyped one most likely means: spelled with spaces or hyphens
    ("Install Date"), a prefix ("zip"), or a near spelling ("sear")."""
    normal = "_".join(name.replace("-", " ").split())
    if normal in COLUMNS:
        return normal
    prefixed = [c for c in COLUMNS if c.startswith(normal + "_")]
    if len(prefixed) == 1:
        return prefixed[0]
    close = difflib.get_close_matches(normal, COLUMNS, n=1, cutoff=0.6)
    return close[0] if close else None


def _header_errors(header: list[str]) -> list[str]:
    errors = []
    blank = [str(i + 1) for i, name in enumerate(header) if not name]
    if blank:
        errors.append(f"The header has empty column names (column {', '.join(blank)}).")
    seen: set[str] = set()
    repeated = sorted({n for n in header if n and (n in seen or seen.add(n))})
    if repeated:
        errors.append(f"Columns named more than once: {', '.join(repeated)}.")
    for name in [n for n in header if n and n not in COLUMNS]:
        if name in EXPORT_ONLY_COLUMNS:
            errors.append(
                f"Unknown column “{name}”: the registry computes it (it is an export column); "
                "remove the column."
            )
            continue
        hint = _did_you_mean(name)
        suffix = f" Did you mean “{hint}”?" if hint else ""
        errors.append(f"Unknown column “{name}”.{suffix}")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        errors.append(f"Missing required columns: {', '.join(missing)}.")
    if len(header) == 1 and ";" in header[0]:
        errors.append("Separate the columns with commas, not semicolons.")
    return errors


def parse_csv(data: bytes, *, max_bytes: int, max_rows: int) -> ParsedFile:
    """Read an uploaded file into rows, or explain why the whole file is refused (too big,
    not UTF-8 CSV text, unknown or missing columns, too many rows): then nothing is made."""
    if len(data) > max_bytes:
        return _fail(
            f"The file is {len(data) / 1024 / 1024:.1f} MiB; the limit is "
            f"{max_bytes / 1024 / 1024:.1f} MiB. Split it into smaller files."
        )
    text, error = _decode(data)
    if error:
        return _fail(error)
    if not text.strip():
        return _fail("The file is empty: it needs a header row and at least one job row.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
        errors = _header_errors(header)
        if errors:
            return _fail(*errors)
        rows: list[Row] = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == max_rows:
                return _fail(
                    f"The file has more than {max_rows:,} job rows. Split it into smaller files."
                )
            rows.append(_row(number, header, cells))
    except csv.Error as exc:
        return _fail(f"The file is not valid CSV near line {reader.line_num}: {exc}.")
    if not rows:
        return _fail("The file has a header but no job rows.")
    return ParsedFile(rows=tuple(rows))


def _row(number: int, header: list[str], cells: list[str]) -> Row:
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if cell.strip()}
    errors = {}
    extra = [cell for cell in cells[len(header) :] if cell.strip()]
    if extra:
        errors[ROW_LENGTH_ERROR] = [
            f"This row has {len(cells)} cells but the header names {len(header)} columns: "
            "check for a stray comma."
        ]
    return Row(number=number, values=values, errors=errors)


def split_action(values: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The row's action (``complete`` when empty) and the payload for ``job_submit``."""
    payload = {k: v for k, v in values.items() if k != "action"}
    return (values.get("action") or DEFAULT_ACTION).strip().lower(), payload


def canonical(values: Mapping[str, Any], *, own_tech_id: int | None) -> dict[str, str]:
    """The row as compared for re-uploads: non-empty cells, stripped, without the action (a
    re-upload that only changes Save Progress to Complete is the same job), the Technician ID
    written as a number and, when the cell is empty, the uploader's own (the one
    ``job_submit`` will use)."""
    out = {k: str(v).strip() for k, v in values.items() if k != "action" and str(v).strip()}
    tech = out.get("tech_id", "")
    if tech.isascii() and tech.isdigit():
        out["tech_id"] = str(int(tech))
    elif not tech and own_tech_id is not None:
        out["tech_id"] = str(own_tech_id)
    return out


def fingerprint(values: Mapping[str, Any], *, own_tech_id: int | None) -> str:
    """SHA-256 of the canonical row: equal rows (for the same technician) are the same job."""
    text = json.dumps(canonical(values, own_tech_id=own_tech_id), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def template_rows() -> Iterable[list[str]]:
    """The downloadable template: the header and one example row."""
    yield list(COLUMNS)
    yield [EXAMPLE_ROW.get(name, "") for name in COLUMNS]


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(template_rows())
    return out.getvalue()
