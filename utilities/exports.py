"""Territory exports (CSV and Excel): one column definition for both formats.

Columns, named as in the data dictionary (spec §4): the job and site block, then every field
of ``jobs.fields.FIELDS`` in order (from ``job.data``), then the values the registry computed
(``job.computed``, in the order of ``jobs.display.COMPUTED``).

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

from jobs.display import COMPUTED
from jobs.fields import FIELDS
from jobs.models import Job

#: Rows fetched per query while exporting: memory stays flat however large the territory.
CHUNK_SIZE = 500
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Job], Any]


def _technician_name(job: Job) -> str:
    user = job.technician.user
    return user.get_full_name() or user.username


def _site(name: str) -> Callable[[Job], Any]:
    return lambda job: getattr(job.site, name)


def _data(name: str) -> Callable[[Job], Any]:
    return lambda job: (job.data or {}).get(name)


def _computed(name: str) -> Callable[[Job], Any]:
    return lambda job: (job.computed or {}).get(name)


JOB_COLUMNS = (
    Column("measure_id", lambda job: job.measure_id),
    Column("status", lambda job: job.status),
    Column("measure_type", lambda job: job.measure_type),
    Column("tech_id", lambda job: job.technician.technician_id),
    Column("technician_name", _technician_name),
    Column("company", lambda job: job.company.name if job.company_id else None),
    Column("electric_utility", lambda job: job.utility.name if job.utility_id else None),
    Column("install_date", lambda job: job.install_date),
    Column("completed_at", lambda job: job.completed_at),
    *(
        Column(name, _site(name))
        for name in ("street_address", "street_address_2", "city", "state", "zip_code")
    ),
    Column("ruleset", lambda job: job.ruleset),
    Column("category", lambda job: job.category),
)
DATA_COLUMNS = tuple(Column(spec.name, _data(spec.name)) for spec in FIELDS)
COMPUTED_COLUMNS = tuple(Column(spec.key, _computed(spec.key)) for spec in COMPUTED)
COLUMNS: tuple[Column, ...] = JOB_COLUMNS + DATA_COLUMNS + COMPUTED_COLUMNS
HEADER: tuple[str, ...] = tuple(column.name for column in COLUMNS)


def row(job: Job) -> list[Any]:
    """One job's values in COLUMNS order, as Python values (the writers format them)."""
    return [column.value(job) for column in COLUMNS]


def safe_text(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: Any) -> str | int | float:
    if value is None:
        return ""
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
    for job in jobs.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow([csv_cell(value) for value in row(job)])


def xlsx_file(jobs: QuerySet[Job]) -> IO[bytes]:
    """The workbook in a temporary file, rewound (the caller streams and closes it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Territory jobs")
    sheet.append(list(HEADER))
    for job in jobs.iterator(chunk_size=CHUNK_SIZE):
        sheet.append([xlsx_cell(value) for value in row(job)])
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
