"""Reading a staff file in a management command (``import_zips``, ``import_zones``,
``import_ahri``): the file as CSV, every row checked by the caller's parser, and nothing
imported while any row is bad: the bad rows are listed with their line numbers."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from django.core.management.base import CommandError

from registry.lib.rows import RowError

T = TypeVar("T")


def parse_or_refuse(
    file: Path, parse: Callable[[Iterator[Sequence[str]]], tuple[T, list[RowError]]]
) -> T:
    """``parse``'s result for the file's rows; CommandError when the file cannot be read or
    any row is bad."""
    try:
        # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
        with file.open(newline="", encoding="utf-8-sig") as handle:
            result, errors = parse(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CommandError(f"Cannot read {file}: {exc}") from exc
    if errors:
        listed = "\n".join(f"  {error}" for error in errors)
        raise CommandError(f"{file}: nothing imported; fix these rows first:\n{listed}")
    return result
