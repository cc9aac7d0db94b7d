"""An error in one line of a file staff import (a territory of ZIP codes, the equipment
directory): the line number as a spreadsheet shows it, and what is wrong. Imports are
all-or-nothing, and every error of the file is listed at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file (``line`` counts from 1, the header included;
    None for a problem with the command's options)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"
