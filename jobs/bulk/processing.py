"""One row of a bulk upload through the entry engine, ``job_submit``, exactly as a job typed
into the form or sent to the API; and the processing of an upload's stored rows, which the
``process_bulk_upload`` task runs (jobs.bulk.tasks).

Each row is its own transaction: a bad row writes nothing, a good row commits its job, its
``BulkJobKey`` and its result row together. A row whose canonical values (``jobs.bulk.parse.
fingerprint``) already made a job is reported "already uploaded" with that job's measure ID
and makes nothing, within one file, across re-uploads and across two uploads running at once
(the key's unique constraint decides).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from jobs import selectors, services
from jobs.bulk import parse as bulk
from jobs.bulk.models import BulkJobKey, BulkUpload, BulkUploadRow
from jobs.models import Job
from registry.lib.errors import error_dict

Status = BulkUploadRow.Status
logger = logging.getLogger(__name__)
UNEXPECTED_ERROR = (
    "This row could not be processed because of an error in the registry; it made nothing. "
    "Submit it again, or contact the PTCS team if it keeps failing."
)


@dataclass
class Outcome:
    status: str
    job: Job | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def uploader_tech_id(actor: User) -> int | None:
    profile = selectors.technician_for(actor)
    return profile.technician_id if profile is not None else None


def _already(actor: User, key: BulkJobKey) -> Outcome:
    """The job an identical row made. Its measure ID is shown only to someone who may see the
    job (``jobs_visible_to``), so a re-upload never discloses another company's job."""
    if selectors.jobs_visible_to(actor).filter(pk=key.job_id).exists():
        return Outcome(Status.DUPLICATE, job=key.job)
    return Outcome(
        Status.FAILED,
        errors={
            "__all__": [
                "An identical row was already uploaded as a job you cannot see (entered for "
                "another company). Contact the PTCS team if this is your job."
            ]
        },
    )


def _submit(actor: User, values: dict[str, str], fingerprint: str) -> Outcome:
    """Make the row's job and its key in one transaction (a savepoint inside the row's own):
    on a field error or a duplicate nothing of it stays."""
    action, payload = bulk.split_action(values)
    with transaction.atomic():
        job = services.job_submit(actor=actor, payload=payload, action=action, strict=True)
        # Same transaction as the job: a concurrent upload of the same row blocks here on the
        # unique index until this commits, then fails and rolls its own job back.
        BulkJobKey.objects.create(fingerprint=fingerprint, job=job)
    return Outcome(Status.CREATED, job=job)


def process_values(
    actor: User, values: dict[str, str], own_tech_id: int | None
) -> tuple[Outcome, str]:
    fingerprint = bulk.fingerprint(values, own_tech_id=own_tech_id)
    key = BulkJobKey.objects.select_related("job").filter(fingerprint=fingerprint).first()
    if key is not None:
        return _already(actor, key), fingerprint
    try:
        return _submit(actor, values, fingerprint), fingerprint
    except services.JobError as exc:
        return Outcome(Status.FAILED, errors=error_dict(exc)), fingerprint
    except IntegrityError:
        # Lost the race to another upload of the same row (or a row like it earlier in the
        # file, in a test's single transaction): that one's job stands.
        key = BulkJobKey.objects.select_related("job").filter(fingerprint=fingerprint).first()
        if key is None:
            raise
        return _already(actor, key), fingerprint


def bulk_upload_process(*, upload_id: int) -> BulkUpload:
    """Send every pending row of an upload through ``job_submit``, in row order, each in its
    own transaction, as the uploader (``actor`` is ``upload.uploaded_by``, as when the rows
    were entered in the request); then mark the upload ``done``.

    Idempotent and resumable: only ``pending`` rows are processed, each claimed under a row
    lock, so a redelivered task, a re-queued one (the sweep) or two at once continue where
    the work stopped and never make a job twice (``BulkJobKey`` stays the guard across
    uploads). Each row moves the upload's counts and ``updated_at`` in its own transaction.
    A done upload is returned unchanged. Raises BulkUpload.DoesNotExist for an unknown id.
    """
    upload = BulkUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    if upload.status == BulkUpload.Status.DONE:
        return upload
    actor = upload.uploaded_by
    BulkUpload.objects.filter(pk=upload.pk, status=BulkUpload.Status.PENDING).update(
        status=BulkUpload.Status.PROCESSING, updated_at=timezone.now()
    )
    own_tech_id = uploader_tech_id(actor)
    pending = upload.rows.filter(status=Status.PENDING).order_by("row_number")
    for row_id in list(pending.values_list("pk", flat=True)):
        _process_row(actor, row_id, own_tech_id)
    if not pending.exists():
        now = timezone.now()
        BulkUpload.objects.filter(pk=upload.pk).exclude(status=BulkUpload.Status.DONE).update(
            status=BulkUpload.Status.DONE, processed_at=now, updated_at=now
        )
    upload.refresh_from_db()
    return upload


def _process_row(actor: User, row_id: int, own_tech_id: int | None) -> None:
    with transaction.atomic():
        # Claim the row: another task on this upload waits on the lock, then finds it no longer
        # pending and skips it. The job, its key, the row's outcome and the count commit
        # together, so a worker killed in between leaves the row pending and nothing made.
        row = BulkUploadRow.objects.select_for_update().filter(pk=row_id, status=Status.PENDING)
        row = row.first()
        if row is None:
            return
        try:
            with transaction.atomic():  # a savepoint: an unforeseen error undoes this row only
                outcome, fingerprint = process_values(actor, row.payload, own_tech_id)
        except DatabaseError:
            raise  # the connection or the transaction is broken: the task fails, row pending
        except Exception:
            # A bug must not stall the upload for ever (the sweep would re-queue it every
            # time): the row fails with a message and the error is logged.
            logger.exception("Bulk upload %s: row %s failed unexpectedly", row.upload_id, row_id)
            outcome = Outcome(Status.FAILED, errors={"__all__": [UNEXPECTED_ERROR]})
            fingerprint = bulk.fingerprint(row.payload, own_tech_id=own_tech_id)
        row.fingerprint = fingerprint
        row.status = outcome.status
        row.job = outcome.job
        row.errors = outcome.errors
        row.save(update_fields=["fingerprint", "status", "job", "errors"])
        counter = f"{outcome.status}_count"
        BulkUpload.objects.filter(pk=row.upload_id).update(
            **{counter: F(counter) + 1}, updated_at=timezone.now()
        )
