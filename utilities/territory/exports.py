"""Territory exports (CSV and Excel): one column definition for both formats.

Columns, named as in the data dictionary (spec §4): the job and site block, then every field
of ``jobs.dictionary.fields.FIELDS`` in order (from ``job.data``), then the values the registry computed
(``job.computed``, in the order of ``jobs.display.COMPUTED``). Rows are read as plain
dictionaries (``records``), never as model instances.

Both writers iterate the queryset in chunks and never hold the whole file in memory: the CSV
is streamed row by row; the workbook is written in openpyxl's write-only mode, which spools
rows to a temporary file.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return; OWASP "CSV injection") are prefixed with an apostrophe. Numbers are never prefixed, so
a negative static pressure stays a number.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jobs.dictionary.fields import FIELDS
from jobs.display import COMPUTED
from jobs.models import Job

#: Rows fetched per query while exporting: memory stays flat however large the territory.
CHUNK_SIZE = 500
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: One job as the export reads it: ``QuerySet.values(*FETCH)``, a plain dict. No model
#: instances, and no ``checks`` JSON (the export does not show it): about twice as fast as
#: reading Job objects with their related rows (measured with bench/run.py).
Record = dict[str, Any]
SITE_FIELDS = ("street_address", "street_address_2", "city", "state", "zip_code")
FETCH = (
    "measure_id",
    "status",
    "measure_type",
    "technician__technician_id",
    "technician__user__first_name",
    "technician__user__last_name",
    "technician__user__username",
    "company__name",
    "utility__name",
    "install_date",
    "completed_at",
    *(f"site__{name}" for name in SITE_FIELDS),
    "ruleset",
    "category",
    "data",
    "computed",
)


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Record], Any]


def _technician_name(record: Record) -> str:
    """As ``User.get_full_name()``, falling back on the username."""
    first, last = record["technician__user__first_name"], record["technician__user__last_name"]
    return f"{first} {last}".strip() or record["technician__user__username"]


def _field(path: str) -> Callable[[Record], Any]:
    return lambda record: record[path]


JOB_COLUMNS = (
    Column("measure_id", _field("measure_id")),
    Column("status", _field("status")),
    Column("measure_type", _field("measure_type")),
    Column("tech_id", _field("technician__technician_id")),
    Column("technician_name", _technician_name),
    Column("company", _field("company__name")),
    Column("electric_utility", _field("utility__name")),
    Column("install_date", _field("install_date")),
    Column("completed_at", _field("completed_at")),
    *(Column(name, _field(f"site__{name}")) for name in SITE_FIELDS),
    Column("ruleset", _field("ruleset")),
    Column("category", _field("category")),
)
#: Then every data-dictionary field (from ``data``) and every computed value (``computed``).
DATA_NAMES: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
COMPUTED_KEYS: tuple[str, ...] = tuple(spec.key for spec in COMPUTED)
HEADER: tuple[str, ...] = (
    *(column.name for column in JOB_COLUMNS),
    *DATA_NAMES,
    *COMPUTED_KEYS,
)


def records(jobs: QuerySet[Job]) -> Iterator[Record]:
    """The jobs as export records, fetched in chunks (memory flat in the number of rows)."""
    return jobs.values(*FETCH).iterator(chunk_size=CHUNK_SIZE)


def row(record: Record) -> list[Any]:
    """One job's values in HEADER order, as Python values (the writers format them)."""
    data = record["data"] or {}
    computed = record["computed"] or {}
    return [
        *(column.value(record) for column in JOB_COLUMNS),
        *(data.get(name) for name in DATA_NAMES),
        *(computed.get(key) for key in COMPUTED_KEYS),
    ]


def safe_text(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: Any) -> str | int | float:
    # The commonest cases first: most cells are empty (fields of other measure types) or text.
    if value is None:
        return ""
    if type(value) is str:
        return safe_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


def xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: the registry's local time, as on screen.
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    # Control characters are not allowed in the sheet's XML.
    return safe_text(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(jobs: QuerySet[Job]) -> Iterator[str]:
    """The header, then one line per job, produced as the response is sent."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for record in records(jobs):
        yield writer.writerow([csv_cell(value) for value in row(record)])


def xlsx_file(jobs: QuerySet[Job]) -> IO[bytes]:
    """The workbook in a temporary file, rewound (the caller streams and closes it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Territory jobs")
    sheet.append(list(HEADER))
    for record in records(jobs):
        sheet.append([xlsx_cell(value) for value in row(record)])
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams it, then closes it
    try:
        workbook.save(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def filename(extension: str) -> str:
    return f"territory-jobs-{timezone.localdate().isoformat()}.{extension}"
