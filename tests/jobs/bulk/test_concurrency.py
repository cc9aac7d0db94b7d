"""Two (and more) uploads of one file at the same moment make each job once.

PostgreSQL only (SQLite serialises writers, so it proves nothing): skipped on a developer
machine without DATABASE_URL, but fails under REGISTRY_REQUIRE_SERVICES=1 (set by .ci/run),
so CI can never pass by silently skipping it.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jobs.bulk import services as bulk_services
from jobs.bulk.models import BulkJobKey, BulkUpload
from jobs.models import Job
from tests.jobs.bulk.data import ashp_rows, csv_bytes

UPLOADS = 4
ROWS = 10


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        if os.environ.get("REGISTRY_REQUIRE_SERVICES") == "1":
            pytest.fail("REGISTRY_REQUIRE_SERVICES=1 but the database is not PostgreSQL.")
        pytest.skip("Needs concurrent connections: PostgreSQL (CI runs it with DATABASE_URL).")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_of_one_file_make_each_job_once(
    postgresql, company_admin, technician, benton_rea
):
    data = csv_bytes(ashp_rows(ROWS, tech_id=technician.technician.technician_id))
    start = threading.Barrier(UPLOADS)

    def upload() -> None:
        try:
            start.wait()  # all uploads begin together, so their rows race
            bulk_services.bulk_upload_create(actor=company_admin, filename="a.csv", data=data)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
        futures = [pool.submit(upload) for _ in range(UPLOADS)]
    assert [f.exception() for f in futures] == [None] * UPLOADS

    assert Job.objects.count() == BulkJobKey.objects.count() == ROWS
    uploads = list(BulkUpload.objects.all())
    assert len(uploads) == UPLOADS
    assert sum(u.created_count for u in uploads) == ROWS
    assert sum(u.duplicate_count for u in uploads) == ROWS * (UPLOADS - 1)
    assert sum(u.failed_count for u in uploads) == 0
    # Every upload reports the same job for each row, whichever upload made it.
    for number in range(2, ROWS + 2):
        jobs = {u.rows.get(row_number=number).job_id for u in uploads}
        assert len(jobs) == 1
