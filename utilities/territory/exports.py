"""Territory exports (CSV and Excel): one column definition for both formats.

Columns, in a fixed order: the job and site block, then every field of
``jobs.dictionary.fields.FIELDS`` in order (from ``job.data``), then the values the registry
computed (``job.computed``, in the order of ``jobs.display.COMPUTED``). Rows are read as plain
dictionaries (``records``), never as model instances.

Two readings of the same columns:

- **for people** (the default): headers are the labels of the job page and the data
  dictionary; a status, measure type, category or choice reads as its label, yes/no as
  Yes/No, a computed value rounded as the paper form rounds it (its unit in the header);
- **for machines** (``codes=True``, ``?codes=1`` on the export URLs): headers are the data
  dictionary's names (those of the bulk upload, the API and HPXML), cells keep the stored
  codes, yes/no and computed values at full precision.

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

from jobs import display
from jobs.dictionary.fields import FIELDS
from jobs.display import COMPUTED, ComputedSpec
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
    #: The data-dictionary name: the header for machines (``codes=True``).
    name: str
    #: The header people read.
    label: str
    #: The job block's value in a record; None for the data-dictionary fields and computed
    #: values, read from the ``data`` and ``computed`` dictionaries by ``name``.
    value: Callable[[Record], Any] | None = None
    #: A stored value (never None) as people read it: a code's label, a rounded number.
    #: None: the value as stored (yes/no reads Yes/No).
    text: Callable[[Any], Any] | None = None


def _technician_name(record: Record) -> str:
    """As ``User.get_full_name()``, falling back on the username."""
    first, last = record["technician__user__first_name"], record["technician__user__last_name"]
    return f"{first} {last}".strip() or record["technician__user__username"]


def _field(path: str) -> Callable[[Record], Any]:
    return lambda record: record[path]


def _labels(name: str) -> Callable[[Any], Any]:
    """A stored code's label (jobs.display.CHOICE_LABELS); a lockout typed as a temperature
    reads "30 °F" as on the job page."""
    return lambda value: (
        display.value_text(value, name) if value and isinstance(value, str) else value
    )


def _rounded(spec: ComputedSpec) -> Callable[[Any], Any]:
    """A computed value rounded as the paper form rounds it, still a number (a share in
    percent); the unit is in the header."""
    scale = 100 if spec.unit == "%" else 1
    places = spec.places if spec.key != "external_static" else 2  # Pa or in. w.c., per row

    def rounded(value: Any) -> Any:
        if not isinstance(value, int | float):
            return value
        return round(value * scale) if places == 0 else round(value * scale, places)

    return rounded


def _computed_label(spec: ComputedSpec) -> str:
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


SITE_LABELS = {
    "street_address": "Street address",
    "street_address_2": "Street address, line 2",
    "city": "City",
    "state": "State",
    "zip_code": "ZIP code",
}
JOB_COLUMNS = (
    Column("measure_id", "Measure ID", _field("measure_id")),
    Column("status", "Status", _field("status"), _labels("status")),
    Column("measure_type", "Measure type", _field("measure_type"), _labels("measure_type")),
    Column("tech_id", "Technician ID", _field("technician__technician_id")),
    Column("technician_name", "Technician", _technician_name),
    Column("company", "Company", _field("company__name")),
    Column("electric_utility", "Electric utility", _field("utility__name")),
    Column("install_date", "Install date", _field("install_date")),
    Column("completed_at", "Completed", _field("completed_at")),
    *(Column(name, SITE_LABELS[name], _field(f"site__{name}")) for name in SITE_FIELDS),
    Column("ruleset", "Rule set", _field("ruleset")),
    Column("category", "Category", _field("category"), _labels("category")),
)
#: Then every data-dictionary field (from ``data``) and every computed value (``computed``).
DATA_COLUMNS = tuple(
    Column(spec.name, spec.label, text=_labels(spec.name) if spec.choices else None)
    for spec in FIELDS
)
COMPUTED_COLUMNS = tuple(
    Column(spec.key, _computed_label(spec), text=_rounded(spec)) for spec in COMPUTED
)
DATA_NAMES: tuple[str, ...] = tuple(column.name for column in DATA_COLUMNS)
COMPUTED_KEYS: tuple[str, ...] = tuple(column.name for column in COMPUTED_COLUMNS)
COLUMNS = (*JOB_COLUMNS, *DATA_COLUMNS, *COMPUTED_COLUMNS)
#: The header for machines (``codes=True``): data-dictionary names, as the bulk upload reads.
HEADER: tuple[str, ...] = tuple(column.name for column in COLUMNS)
#: The header people read (the default).
LABELS: tuple[str, ...] = tuple(column.label for column in COLUMNS)


def _readable(text: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def readable(value: Any) -> Any:
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return value if text is None else text(value)

    return readable


_BOOLS = {spec.name for spec in FIELDS if spec.kind == "bool"}
#: The columns people read otherwise than stored, by position: only they are converted, so the
#: export for people stays about as fast as the one for machines.
_READABLE = tuple(
    (index, _readable(column.text))
    for index, column in enumerate(COLUMNS)
    if column.text is not None or column.name in _BOOLS
)


def header(*, codes: bool = False) -> tuple[str, ...]:
    return HEADER if codes else LABELS


def records(jobs: QuerySet[Job]) -> Iterator[Record]:
    """The jobs as export records, fetched in chunks (memory flat in the number of rows)."""
    return jobs.values(*FETCH).iterator(chunk_size=CHUNK_SIZE)


def row(record: Record, *, codes: bool = False) -> list[Any]:
    """One job's values in header order, as Python values (the writers format them): the
    stored codes with ``codes``, else as people read them."""
    data = record["data"] or {}
    computed = record["computed"] or {}
    values = [
        *(column.value(record) for column in JOB_COLUMNS),  # type: ignore[misc]
        *(data.get(name) for name in DATA_NAMES),
        *(computed.get(key) for key in COMPUTED_KEYS),
    ]
    if not codes:
        for index, readable in _READABLE:
            value = values[index]
            if value is not None:  # most cells are empty: the fields of other measure types
                values[index] = readable(value)
    return values


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


def csv_lines(jobs: QuerySet[Job], *, codes: bool = False) -> Iterator[str]:
    """The header, then one line per job, produced as the response is sent."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header(codes=codes))
    for record in records(jobs):
        yield writer.writerow([csv_cell(value) for value in row(record, codes=codes)])


def xlsx_file(jobs: QuerySet[Job], *, codes: bool = False) -> IO[bytes]:
    """The workbook in a temporary file, rewound (the caller streams and closes it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Territory jobs")
    sheet.append(list(header(codes=codes)))
    for record in records(jobs):
        sheet.append([xlsx_cell(value) for value in row(record, codes=codes)])
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams it, then closes it
    try:
        workbook.save(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def filename(extension: str, *, codes: bool = False) -> str:
    kind = "territory-jobs-codes" if codes else "territory-jobs"
    return f"{kind}-{timezone.localdate().isoformat()}.{extension}"
