"""CSV files for the bulk upload tests (jobs.bulk.parse): rows are entry payloads (the data
dictionary's names), written with the columns in the template's order; and the upload as the
view makes it, with its task run."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.test import TestCase

from jobs.bulk import services as bulk_services
from jobs.bulk.models import BulkUpload
from jobs.bulk.parse import COLUMNS
from tests.jobs.factories import entry_ashp_payload


def csv_bytes(rows: Iterable[dict[str, Any]], *, header: list[str] | None = None) -> bytes:
    rows = list(rows)
    if header is None:
        names = {name for row in rows for name in row}
        header = [name for name in COLUMNS if name in names]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def ashp_rows(count: int, *, tech_id: int | None = None, start: int = 100) -> list[dict]:
    """``count`` complete ASHP jobs (BPA Approved), each at its own address."""
    extra = {"tech_id": str(tech_id)} if tech_id is not None else {}
    return [
        entry_ashp_payload(street_address=f"{start + i} N Meade Ave", **extra) for i in range(count)
    ]


def run_on_commit():
    """Run the on-commit callbacks (the queued ``process_bulk_upload``, eager in tests) when
    the block ends, as a real commit would: pytest-django's test transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def upload_processed(actor, data: bytes, filename: str = "jobs.csv") -> BulkUpload:
    """Store an upload and run its task, as the upload view and a worker do."""
    with run_on_commit():
        done = bulk_services.bulk_upload_create(actor=actor, filename=filename, data=data)
    done.refresh_from_db()
    return done
