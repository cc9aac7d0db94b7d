"""Bulk uploads processed in the background: the ``process_bulk_upload`` task, its
resumption after a crash, the progress page and the stale-upload sweep.

An upload stored by ``bulk_upload_create`` in a test stays pending: pytest-django's test
transaction never commits, so its on-commit task is not run unless a test asks for it.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse

from jobs.bulk import processing, tasks
from jobs.bulk import services as bulk_services
from jobs.bulk.models import BulkJobKey, BulkUpload, BulkUploadRow
from jobs.models import Job
from tests.jobs.bulk.data import ashp_rows, csv_bytes, run_on_commit
from tests.jobs.factories import entry_ashp_payload

pytestmark = pytest.mark.django_db
Status = BulkUploadRow.Status
T0 = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
#: Session, user, may they upload (a technician with a Technician ID) and the upload.
PROGRESS_QUERIES = 4


def stored(actor, rows) -> BulkUpload:
    """An upload as the view stores it, its task not run yet."""
    return bulk_services.bulk_upload_create(actor=actor, filename="jobs.csv", data=csv_bytes(rows))


def five_rows_one_bad() -> list[dict]:
    rows = ashp_rows(5)
    rows[2]["seer"] = "sixteen"  # spreadsheet row 4
    return rows


def counts(upload: BulkUpload) -> tuple[int, int, int]:
    upload.refresh_from_db()
    return upload.created_count, upload.duplicate_count, upload.failed_count


def result_url(upload: BulkUpload) -> str:
    return reverse("jobs:bulk-result", kwargs={"upload_id": upload.pk})


def test_an_upload_is_stored_pending_and_its_task_is_queued_on_commit(technician, benton_rea):
    with run_on_commit() as callbacks:
        upload = stored(technician, five_rows_one_bad())
        assert upload.status == BulkUpload.Status.PENDING
        assert set(upload.rows.values_list("status", flat=True)) == {Status.PENDING}
        assert Job.objects.count() == 0

    assert callbacks[0].args == (upload.pk,)  # process_bulk_upload.delay, once committed
    upload.refresh_from_db()
    assert upload.status == BulkUpload.Status.DONE
    assert upload.processed_at is not None
    assert counts(upload) == (4, 0, 1)


def test_the_task_runs_the_rows_as_the_uploader(company_admin, technician, benton_rea):
    upload = stored(company_admin, ashp_rows(2, tech_id=technician.technician.technician_id))

    assert tasks.process_bulk_upload(upload.pk) == 2

    assert {job.entered_by for job in Job.objects.all()} == {company_admin}
    assert {job.technician.user for job in Job.objects.all()} == {technician}


def test_the_task_is_idempotent(technician, benton_rea):
    upload = stored(technician, five_rows_one_bad())

    tasks.process_bulk_upload.delay(upload.pk)
    first = dict(upload.rows.values_list("row_number", "job"))
    processed_at = BulkUpload.objects.get(pk=upload.pk).processed_at
    tasks.process_bulk_upload.delay(upload.pk)

    assert counts(upload) == (4, 0, 1)
    assert dict(upload.rows.values_list("row_number", "job")) == first
    assert Job.objects.count() == BulkJobKey.objects.count() == 4
    assert upload.processed_at == processed_at  # a done upload is left as it is


def test_a_half_processed_upload_finishes_without_duplicates(technician, benton_rea, monkeypatch):
    upload = stored(technician, five_rows_one_bad())
    real = processing.process_values
    calls = []

    def dies_on_the_third_row(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(processing, "process_values", dies_on_the_third_row)
    with pytest.raises(OperationalError):
        tasks.process_bulk_upload(upload.pk)

    upload.refresh_from_db()
    assert upload.status == BulkUpload.Status.PROCESSING
    assert upload.processed_count == 2
    assert list(upload.rows.filter(status=Status.PENDING).values_list("row_number", flat=True)) == [
        4,
        5,
        6,
    ]
    assert Job.objects.count() == 2
    monkeypatch.setattr(processing, "process_values", real)

    tasks.process_bulk_upload(upload.pk)

    assert counts(upload) == (4, 0, 1)
    assert upload.status == BulkUpload.Status.DONE
    assert Job.objects.count() == BulkJobKey.objects.count() == 4
    assert upload.rows.get(row_number=4).errors == {"seer": ["Enter a number."]}


def test_an_unexpected_error_fails_the_row_and_the_upload_still_finishes(
    technician, benton_rea, monkeypatch
):
    upload = stored(technician, ashp_rows(3))
    real = processing.process_values

    def breaks_on_row_3(actor, values, own_tech_id):
        if values["street_address"] == "101 N Meade Ave":
            raise KeyError("a bug")
        return real(actor, values, own_tech_id)

    monkeypatch.setattr(processing, "process_values", breaks_on_row_3)
    tasks.process_bulk_upload(upload.pk)

    assert counts(upload) == (2, 0, 1)
    assert upload.status == BulkUpload.Status.DONE
    assert upload.rows.get(row_number=3).errors == {"__all__": [processing.UNEXPECTED_ERROR]}


def test_a_row_that_could_not_be_read_is_failed_at_once(technician, benton_rea):
    data = b"measure_type,install_date,street_address,city,state,zip_code\n"
    data += b"ashp,2024-05-01,1 Main St,Prosser,WA,99350,stray\n"

    upload = bulk_services.bulk_upload_create(actor=technician, filename="a.csv", data=data)

    assert (upload.row_count, upload.failed_count, upload.processed_count) == (1, 1, 1)
    assert upload.rows.get().status == Status.FAILED
    tasks.process_bulk_upload(upload.pk)
    assert counts(upload) == (0, 0, 1)
    assert upload.status == BulkUpload.Status.DONE


# --- The row limit (settings.BULK_UPLOAD_MAX_ROWS) ------------------------------------------


@pytest.mark.parametrize(("rows", "accepted"), [(4999, True), (5000, True), (5001, False)])
def test_the_default_row_limit_is_5000(technician, settings, rows, accepted):
    assert settings.BULK_UPLOAD_MAX_ROWS == 5000
    data = csv_bytes(ashp_rows(rows))

    if not accepted:
        with pytest.raises(bulk_services.BulkFileError) as caught:
            bulk_services.bulk_upload_create(actor=technician, filename="big.csv", data=data)
        assert caught.value.messages == [
            "The file has more than 5,000 job rows. Split it into smaller files."
        ]
        assert BulkUpload.objects.count() == 0
        return
    upload = bulk_services.bulk_upload_create(actor=technician, filename="big.csv", data=data)
    assert upload.rows.count() == upload.row_count == rows


# --- The result page while the task works -------------------------------------------------


def test_the_page_shows_the_progress_of_a_pending_upload_and_polls(
    client, technician, benton_rea, django_assert_num_queries
):
    upload = stored(technician, five_rows_one_bad())
    client.force_login(technician)

    with django_assert_num_queries(PROGRESS_QUERIES):
        page = client.get(result_url(upload))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Processing: 0 of 5 rows" in html
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{result_url(upload)}"' in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert 'data-testid="reload-link"' in html
    assert 'data-testid="bulk-row-2"' not in html  # no table until done


def test_the_polled_fragment_counts_and_stops_when_done(
    client, technician, benton_rea, monkeypatch
):
    upload = stored(technician, five_rows_one_bad())
    client.force_login(technician)
    real = processing.process_values
    calls = []

    def dies_on_the_third_row(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OperationalError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(processing, "process_values", dies_on_the_third_row)
    with pytest.raises(OperationalError):
        tasks.process_bulk_upload(upload.pk)

    halfway = client.get(result_url(upload), HTTP_HX_REQUEST="true")

    assert "Processing: 2 of 5 rows" in halfway.content.decode()
    assert 'hx-trigger="every 2s"' in halfway.content.decode()
    assert "<html" not in halfway.content.decode()  # the fragment only
    assert "HX-Refresh" not in halfway
    monkeypatch.setattr(processing, "process_values", real)
    tasks.process_bulk_upload(upload.pk)

    done = client.get(result_url(upload), HTTP_HX_REQUEST="true")
    page = client.get(result_url(upload))

    assert "hx-trigger" not in done.content.decode()  # polling stops
    assert "Done: 5 rows processed." in done.content.decode()
    assert done["HX-Refresh"] == "true"  # the page reloads, now with the rows
    assert 'data-testid="bulk-row-6"' in page.content.decode()
    assert 'data-testid="created-count">4<' in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


def test_the_upload_page_lists_an_unfinished_upload_as_processing(client, technician, benton_rea):
    stored(technician, ashp_rows(2))
    client.force_login(technician)

    page = client.get(reverse("jobs:bulk-upload"))

    assert "(processing: 0 done)" in page.content.decode()


# --- The sweep of stale uploads -------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "requeued"),
    [(9, False), (10, False), (11, True)],
)
def test_the_sweep_requeues_an_upload_without_progress_for_over_10_minutes(
    technician, benton_rea, minutes, requeued
):
    with time_machine.travel(T0, tick=False):
        upload = stored(technician, [entry_ashp_payload()])

    with time_machine.travel(T0 + datetime.timedelta(minutes=minutes), tick=False):
        assert tasks.requeue_stale_bulk_uploads() == int(requeued)

    upload.refresh_from_db()
    expected = BulkUpload.Status.DONE if requeued else BulkUpload.Status.PENDING
    assert upload.status == expected
    assert Job.objects.count() == int(requeued)


def test_the_sweep_ignores_fresh_and_done_uploads_and_resumes_a_stalled_one(
    technician, benton_rea, monkeypatch
):
    with time_machine.travel(T0, tick=False):
        done = stored(technician, ashp_rows(1, start=900))
        tasks.process_bulk_upload(done.pk)
        stalled = stored(technician, five_rows_one_bad())
        real = processing.process_values
        calls = []

        def dies_on_the_second_row(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise OperationalError("killed")
            return real(*args, **kwargs)

        monkeypatch.setattr(processing, "process_values", dies_on_the_second_row)
        with pytest.raises(OperationalError):
            tasks.process_bulk_upload(stalled.pk)
        monkeypatch.setattr(processing, "process_values", real)
    with time_machine.travel(T0 + datetime.timedelta(minutes=20), tick=False):
        fresh = stored(technician, ashp_rows(1, start=700))

        call_command("resume_bulk_uploads")

    assert counts(stalled) == (4, 0, 1)
    assert stalled.status == BulkUpload.Status.DONE
    fresh.refresh_from_db()
    assert fresh.status == BulkUpload.Status.PENDING
    assert Job.objects.count() == 5  # 1 (done) + 4 (stalled), none twice


def test_the_sweep_runs_every_5_minutes_with_the_other_side_effects_due():
    from registry.celery import app
    from registry.tasks import SWEEPS, send_due

    entry = app.conf.beat_schedule["send-due"]
    assert entry["task"] == send_due.name
    assert entry["schedule"].minute == set(range(0, 60, 5))
    assert SWEEPS["bulk uploads"] is tasks.requeue_stale_bulk_uploads
    # Its name stays registered for a message an earlier beat queued.
    assert tasks.requeue_stale_bulk_uploads.name == "jobs.tasks.requeue_stale_bulk_uploads"
