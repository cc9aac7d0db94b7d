"""Bulk upload of jobs (issue 8): every row goes through the entry engine, ``job_submit``,
exactly as a job typed into the form or sent to the API.

Each row is its own transaction: a bad row writes nothing, a good row commits its job, its
``BulkJobKey`` and its result row together. A row whose canonical values (``jobs.bulk.
fingerprint``) already made a job is reported "already uploaded" with that job's measure ID
and makes nothing, within one file, across re-uploads and across two uploads running at once
(the key's unique constraint decides).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from accounts import roles
from accounts.models import User
from jobs import bulk, selectors, services
from jobs.models import BulkJobKey, BulkUpload, BulkUploadRow, Job

Status = BulkUploadRow.Status


class BulkFileError(ValidationError):
    """The file as a whole is refused (``messages``); nothing was written."""


def can_bulk_upload(user) -> bool:
    """Who may bulk-upload jobs: whoever may enter jobs (a technician with a PTCS Technician ID
    for their own jobs, a company administrator for the company's technicians), and PTCS staff
    on a contractor's behalf (``selectors.technicians_enterable_by`` decides per row)."""
    return roles.has_role(user, User.Role.PTCS_STAFF) or services.can_enter_jobs(user)


@dataclass
class Outcome:
    status: str
    job: Job | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _own_tech_id(actor: User) -> int | None:
    profile = selectors.technician_for(actor)
    return profile.technician_id if profile is not None else None


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}


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


def _submit(
    actor: User, upload: BulkUpload, number: int, values: dict[str, str], fingerprint: str
) -> tuple[Outcome, BulkUploadRow | None]:
    """Make the row's job, its key and (for a new upload row) its result row in one
    transaction; on a field error or a duplicate nothing of it stays."""
    action, payload = bulk.split_action(values)
    with transaction.atomic():
        job = services.job_submit(actor=actor, payload=payload, action=action, strict=True)
        # Same transaction as the job: a concurrent upload of the same row blocks here on the
        # unique index until this commits, then fails and rolls its own job back.
        BulkJobKey.objects.create(fingerprint=fingerprint, job=job)
        row = None
        if number:
            row = BulkUploadRow.objects.create(
                upload=upload,
                row_number=number,
                payload=values,
                fingerprint=fingerprint,
                status=Status.CREATED,
                job=job,
            )
    return Outcome(Status.CREATED, job=job), row


def _process(
    actor: User, upload: BulkUpload, number: int, values: dict[str, str], own_tech_id: int | None
) -> tuple[Outcome, str, BulkUploadRow | None]:
    fingerprint = bulk.fingerprint(values, own_tech_id=own_tech_id)
    key = BulkJobKey.objects.select_related("job").filter(fingerprint=fingerprint).first()
    if key is not None:
        return _already(actor, key), fingerprint, None
    try:
        outcome, row = _submit(actor, upload, number, values, fingerprint)
    except services.JobError as exc:
        return Outcome(Status.FAILED, errors=_error_dict(exc)), fingerprint, None
    except IntegrityError:
        # Lost the race to another upload of the same row (or a row like it earlier in the
        # file, in a test's single transaction): that one's job stands.
        key = BulkJobKey.objects.select_related("job").filter(fingerprint=fingerprint).first()
        if key is None:
            raise
        return _already(actor, key), fingerprint, None
    return outcome, fingerprint, row


def bulk_upload_create(*, actor: User, filename: str, data: bytes) -> BulkUpload:
    """Read a CSV file and send every row through ``job_submit``.

    Preconditions: ``can_bulk_upload(actor)``. Raises BulkFileError (nothing written) when the
    file is refused as a whole (``jobs.bulk.parse_csv``). Otherwise returns the upload with one
    BulkUploadRow per data row: created (with its job), already uploaded (with the job an
    identical row made before) or failed (with field errors by column name). Jobs completed
    here queue the utility notice on commit, as any completion does.
    """
    parsed = bulk.parse_csv(
        data,
        max_bytes=settings.BULK_UPLOAD_MAX_BYTES,
        max_rows=settings.BULK_UPLOAD_MAX_ROWS,
    )
    if parsed.errors:
        raise BulkFileError(list(parsed.errors))
    upload = BulkUpload.objects.create(
        uploaded_by=actor,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(parsed.rows),
    )
    own_tech_id = _own_tech_id(actor)
    counts = dict.fromkeys(Status.values, 0)
    for read in parsed.rows:
        if read.errors:
            outcome = Outcome(Status.FAILED, errors=read.errors)
            fingerprint, row = bulk.fingerprint(read.values, own_tech_id=own_tech_id), None
        else:
            outcome, fingerprint, row = _process(
                actor, upload, read.number, read.values, own_tech_id
            )
        if row is None:
            BulkUploadRow.objects.create(
                upload=upload,
                row_number=read.number,
                payload=read.values,
                fingerprint=fingerprint,
                status=outcome.status,
                job=outcome.job,
                errors=outcome.errors,
            )
        counts[outcome.status] += 1
    upload.created_count = counts[Status.CREATED]
    upload.duplicate_count = counts[Status.DUPLICATE]
    upload.failed_count = counts[Status.FAILED]
    upload.save(update_fields=["created_count", "duplicate_count", "failed_count", "updated_at"])
    return upload


def fixed_values(row: BulkUploadRow, posted: dict[str, Any]) -> dict[str, str]:
    """The row's values with what was typed on the result page: only data-dictionary columns;
    a field emptied on the page is removed."""
    values = dict(row.payload)
    for name in bulk.COLUMNS:
        if name in posted:
            text = str(posted[name]).strip()
            if text:
                values[name] = text
            else:
                values.pop(name, None)
    return values


def bulk_row_fix(*, actor: User, row: BulkUploadRow, posted: dict[str, Any]) -> BulkUploadRow:
    """Correct a failed row on the result page and send it through ``job_submit`` again (with
    the row's action, ``complete`` unless the file said ``save_progress``).

    Preconditions: ``actor`` uploaded the file (``selectors.get_bulk_upload_for_user`` with
    ``write=True``). The row's stored values become the corrected ones whatever the outcome,
    so nothing typed is lost; on success the row names its job and the upload's counts move
    from failed to created (or already uploaded). A row that is no longer failed (fixed in
    another tab) is returned unchanged.
    """
    values = fixed_values(row, posted)
    with transaction.atomic():
        # Lock the row: two submissions of one fix make one job and move the counts once.
        row = BulkUploadRow.objects.select_for_update().get(pk=row.pk)
        if row.status != Status.FAILED:
            return row
        outcome, fingerprint, _ = _process(actor, row.upload, 0, values, _own_tech_id(actor))
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
