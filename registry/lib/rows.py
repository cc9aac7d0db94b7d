"""An error in one line of a file staff import (a territory of ZIP codes, the equipment
directory): the line number as a spreadsheet shows it, and what is wrong. Imports are
all-or-nothing, and every error of the file is listed at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file (``line`` counts from 1, the header included;
    None for a problem with the command's options)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Table:
    """A staff file as ``csv.reader`` rows: its header's line number, its column names
    (lower-cased, a spreadsheet's byte-order mark dropped) and its data lines, numbered as a
    spreadsheet shows them, blank ones skipped."""

    header_line: int
    columns: list[str]
    lines: Iterator[tuple[int, Sequence[str]]]


def table_of(rows: Iterable[Sequence[str]]) -> Table | None:
    """The file's header and data lines; None when it has no header (nothing but blanks)."""
    numbered = iter(enumerate(rows, start=1))
    header = next(((n, row) for n, row in numbered if _filled(row)), None)
    if header is None:
        return None
    line, row = header
    columns = [cell.strip().lower().lstrip("\ufeff") for cell in row]
    return Table(line, columns, ((n, row) for n, row in numbered if _filled(row)))


def cell(row: Sequence[str], index: int | None) -> str:
    """The stripped text of column ``index`` of a row ("" when the row is short or the file
    has no such column)."""
    return row[index].strip() if index is not None and index < len(row) else ""


def _filled(row: Sequence[str]) -> bool:
    return any(text.strip() for text in row)
