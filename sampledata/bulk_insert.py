"""Bulk writes for generated data (``generate_jobs``): reserve primary keys and measure IDs from
the database's own sequences, and insert rows in batches — COPY on PostgreSQL, executemany
elsewhere (SQLite). Only for synthetic data: nothing here runs a service or writes history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` fresh values of ``model``'s auto-increment key, taken from the same sequence
    that ``Model.objects.create()`` uses, so later ordinary inserts never collide with them
    (and never reuse them). Call inside a transaction.

    PostgreSQL: ``nextval()`` of the column's identity sequence, ``count`` times in one query
    (safe beside concurrent inserts: each value is handed out once). SQLite: AUTOINCREMENT
    keeps its high-water mark in ``sqlite_sequence``; raising it by ``count`` under the write
    lock reserves the range (SQLite has one writer at a time).
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"reserve_ids: no support for {connection.vendor}")
        quoted = connection.ops.quote_name(table)
        # The UPDATE/INSERT takes SQLite's write lock first, so the read below is ours alone.
        cursor.execute(
            "UPDATE sqlite_sequence SET seq = "  # noqa: S608 - names from model meta, values bound
            f"MAX(seq, (SELECT COALESCE(MAX({pk}), 0) FROM {quoted})) + %s WHERE name = %s",
            [count, table],
        )
        if cursor.rowcount == 0:  # nothing ever inserted: the table has no sequence row yet
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) "  # noqa: S608 - as above
                f"SELECT %s, COALESCE(MAX({pk}), 0) + %s FROM {quoted}",
                [table, count],
            )
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        top = cursor.fetchone()[0]
    return list(range(top - count + 1, top + 1))


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, database column names) into ``model``'s
    table; JSON columns take already-serialised text. Returns the number of rows written.

    PostgreSQL: one COPY (psycopg ``cursor.copy``), the fastest way in; elsewhere
    ``executemany``. Model ``save()``, signals and history are skipped on purpose.
    """
    table = model._meta.db_table
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(c) for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        batch = [tuple(_adapt(value) for value in row) for row in rows]
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})",  # noqa: S608
            batch,
        )
        return len(batch)


def _adapt(value: Any) -> Any:
    """A value as the ORM would store it outside PostgreSQL (SQLite keeps datetimes as naive
    UTC text), so generated rows compare and sort like ordinary ones."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value
