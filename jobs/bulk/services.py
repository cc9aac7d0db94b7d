"""Bulk upload of jobs: the upload view stores the file's rows (``bulk_upload_create``), the
``process_bulk_upload`` task (jobs.bulk.tasks) runs them through the entry engine
(jobs.bulk.processing), so a file of thousands of rows never runs inside a web request; a
failed row is corrected on the result page (``bulk_row_fix``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from accounts.models import User
from jobs.bulk import parse as bulk
from jobs.bulk import tasks
from jobs.bulk.models import BulkUpload, BulkUploadRow
from jobs.bulk.processing import process_values, uploader_tech_id
from registry.lib.outbox import queue_on_commit
from registry.lib.text import clean_text

Status = BulkUploadRow.Status
#: Rows per INSERT when an upload is stored (5,000 rows: 10 statements).
ROW_BATCH = 500


class BulkFileError(ValidationError):
    """The file as a whole is refused (``messages``); nothing was written."""


def bulk_upload_create(*, actor: User, filename: str, data: bytes) -> BulkUpload:
    """Read a CSV file and store its rows for the ``process_bulk_upload`` task.

    Preconditions: ``can_bulk_upload(actor)``. Raises BulkFileError (nothing written) when the
    file is refused as a whole (``jobs.bulk.parse.parse_csv``). Otherwise stores, in one
    transaction, a ``pending`` upload with one ``pending`` BulkUploadRow per data row (the
    values as read; a row that could not be read, e.g. one cell too many, is ``failed`` at
    once), and queues the task on commit. Returns the upload as stored: without a broker the
    task has run by the time the caller's transaction commits (``refresh_from_db`` to see it).
    """
    parsed = bulk.parse_csv(
        data,
        max_bytes=settings.BULK_UPLOAD_MAX_BYTES,
        max_rows=settings.BULK_UPLOAD_MAX_ROWS,
    )
    if parsed.errors:
        raise BulkFileError(list(parsed.errors))
    with transaction.atomic():
        upload = BulkUpload.objects.create(
            uploaded_by=actor,
            filename=filename[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            row_count=len(parsed.rows),
            failed_count=sum(1 for read in parsed.rows if read.errors),
        )
        BulkUploadRow.objects.bulk_create(
            (
                BulkUploadRow(
                    upload=upload,
                    row_number=read.number,
                    payload=read.values,
                    status=Status.FAILED if read.errors else Status.PENDING,
                    errors=read.errors,
                )
                for read in parsed.rows
            ),
            batch_size=ROW_BATCH,
        )
        # The upload is committed before its task is queued; with the broker down it stays
        # pending and the sweep (requeue_stale_bulk_uploads) queues it.
        queue_on_commit(tasks.process_bulk_upload, upload.pk)
    return upload


def fixed_values(
    row: BulkUploadRow, posted: dict[str, Any]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The row's values with what was typed on the result page: only data-dictionary columns;
    a field emptied on the page is removed. A value no database can store (a NUL character,
    registry.lib.text) is not taken: the field keeps its stored value and gets the error."""
    values = dict(row.payload)
    refused: dict[str, list[str]] = {}
    for name in bulk.COLUMNS:
        if name in posted:
            text, error = clean_text(str(posted[name]).strip())
            if error:
                refused[name] = [error]
            elif text:
                values[name] = text
            else:
                values.pop(name, None)
    return values, refused


def bulk_row_fix(*, actor: User, row: BulkUploadRow, posted: dict[str, Any]) -> BulkUploadRow:
    """Correct a failed row on the result page and send it through ``job_submit`` again (with
    the row's action, ``complete`` unless the file said ``save_progress``).

    Preconditions: ``actor`` uploaded the file (``bulk_selectors.get_bulk_upload_for_user`` with
    ``write=True``). The row's stored values become the corrected ones whatever the outcome,
    so nothing typed is lost; on success the row names its job and the upload's counts move
    from failed to created (or already uploaded). A row that is no longer failed (fixed in
    another tab) is returned unchanged.
    """
    values, refused = fixed_values(row, posted)
    with transaction.atomic():
        # Lock the row: two submissions of one fix make one job and move the counts once.
        row = BulkUploadRow.objects.select_for_update().get(pk=row.pk)
        if row.status != Status.FAILED:
            return row
        if refused:
            # Not sent to the engine: it would judge values other than the ones typed. The
            # other corrections are kept; the row stays failed with the refused fields named.
            row.payload = values
            row.fingerprint = bulk.fingerprint(values, own_tech_id=uploader_tech_id(actor))
            row.errors = refused
            row.save(update_fields=["payload", "fingerprint", "errors"])
            return row
        outcome, fingerprint = process_values(actor, values, uploader_tech_id(actor))
        row.payload = values
        row.fingerprint = fingerprint
        row.status = outcome.status
        row.job = outcome.job
        row.errors = outcome.errors
        row.save(update_fields=["payload", "fingerprint", "status", "job", "errors"])
        if outcome.status != Status.FAILED:
            counter = f"{outcome.status}_count"
            BulkUpload.objects.filter(pk=row.upload_id).update(
                failed_count=F("failed_count") - 1, **{counter: F(counter) + 1}
            )
    return row
