"""A bulk upload through the real broker and a real (embedded) worker: the
upload view stores the rows and returns at once, the worker processes them, and the page's
polled fragment says done. Needs CELERY_BROKER_URL (``real_broker``), PostgreSQL in CI."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.bulk.models import BulkJobKey, BulkUpload
from jobs.models import Job
from registry.celery import app as celery_app
from tests.broker import queue_idle, wait_for
from tests.jobs.bulk.data import ashp_rows, csv_bytes

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
ROWS = 20


def test_an_upload_processed_by_a_real_worker_ends_done(
    private_queue, client, company_admin, technician, benton_rea
):
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    rows = ashp_rows(ROWS, tech_id=technician.technician.technician_id)
    rows[4]["seer"] = "sixteen"  # spreadsheet row 6
    client.force_login(company_admin)

    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=[private_queue],
    ):
        response = client.post(
            reverse("jobs:bulk-upload"),
            {"file": SimpleUploadedFile("a.csv", csv_bytes(rows), content_type="text/csv")},
        )
        upload = BulkUpload.objects.get()
        assert response.status_code == 302
        url = reverse("jobs:bulk-result", kwargs={"upload_id": upload.pk})
        done = wait_for(
            lambda: (r := client.get(url, HTTP_HX_REQUEST="true")).has_header("HX-Refresh") and r,
            "the polled fragment to say done",
        )
        wait_for(lambda: queue_idle(private_queue), "the queue to drain (the job notices)")

    assert "Done: 20 rows processed." in done.content.decode()
    upload.refresh_from_db()
    assert upload.status == BulkUpload.Status.DONE
    assert upload.processed_at is not None
    assert (upload.created_count, upload.duplicate_count, upload.failed_count) == (19, 0, 1)
    assert Job.objects.count() == BulkJobKey.objects.count() == 19
    assert set(Job.objects.values_list("entered_by", flat=True)) == {company_admin.pk}
