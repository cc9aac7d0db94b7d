"""Every state change of inspections and remediations: an inspector starts, drafts and submits an
inspection; a failed inspection opens a remediation for the job's technician (seed 001 L27:
"Steps for remediation will be needed in cases where an inspection found work that was poor or
failing"), who responds; PTCS staff resolve it or suspend the technician's certification for the
measure.

The job's status is never changed here: what a failed inspection means for the job is for
staff to decide (jobs.review.services).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from jobs.rules.types import REQUIRED_CERTIFICATION, MeasureType
from qa_inspections.inspections import items
from qa_inspections.inspections import tasks as inspection_tasks
from qa_inspections.inspections.inputs import (
    NOTE_MAX,
    clean_date,
    clean_items,
    clean_measured,
    failure_summary,
)
from qa_inspections.inspections.photos import validate_photo
from qa_inspections.models import (
    Inspection,
    InspectionAssignment,
    InspectionItem,
    InspectionPhoto,
    Remediation,
)
from registry.lib.outbox import queue_on_commit
from technicians import services as technician_services
from technicians.models import Certification

Role = User.Role

#: A phone can take many photos; a few dozen per visit is plenty and bounds the storage.
MAX_PHOTOS = 30


class InspectionError(ValidationError):
    """A user-facing reason why an inspection or remediation step cannot be taken."""


def is_inspector(user) -> bool:
    """An approved QA inspector (spec §1), by role or by an approved inspector application."""
    return roles.has_role(user, Role.QA_INSPECTOR)


# --- Inspections -------------------------------------------------------------------------------


def inspection_start(*, actor: User, assignment_id: int) -> Inspection:
    """Open (or resume) the inspection of an assignment.

    Preconditions: the actor is an approved inspector; the assignment is open; it is assigned
    to the actor, or to nobody — then it becomes the actor's (first come, first served: the
    row is locked, so two inspectors cannot both take it); the job is not the actor's own.
    Side effects: a draft inspection with one unmarked item per specification item of the
    job's measure (qa_inspections.inspections.items). Starting again returns the same draft.
    Raises InspectionError otherwise.
    """
    if not is_inspector(actor):
        raise InspectionError("Only approved QA inspectors inspect jobs.")
    with transaction.atomic():
        # Locked (the assignment row only): of two inspectors starting an unassigned job at
        # once, the second waits, then finds it taken.
        try:
            assignment = (
                InspectionAssignment.objects.select_for_update(of=("self",))
                .select_related("job__technician")
                .get(pk=assignment_id)
            )
        except InspectionAssignment.DoesNotExist:
            raise InspectionError("No such assignment.") from None
        if assignment.inspector_id not in (None, actor.pk):
            raise InspectionError("This job is assigned to another inspector.")
        if assignment.job.technician.user_id == actor.pk:
            raise InspectionError("You cannot inspect your own job.")
        existing = Inspection.objects.filter(assignment=assignment).first()
        if existing is not None:
            return existing
        if assignment.status != InspectionAssignment.Status.OPEN:
            raise InspectionError("This assignment is no longer open.")
        if assignment.inspector_id is None:
            assignment.inspector = actor
            assignment.save(update_fields=["inspector", "updated_at"])
        inspection = Inspection.objects.create(
            assignment=assignment, job=assignment.job, inspector=actor
        )
        InspectionItem.objects.bulk_create(
            InspectionItem(inspection=inspection, code=item.code)
            for item in items.items_for(assignment.job.measure_type)
        )
    return inspection


def _lock_draft(actor: User, inspection_id: int) -> Inspection:
    """The actor's draft inspection, locked for the rest of the transaction."""
    if not is_inspector(actor):
        raise InspectionError("Only approved QA inspectors inspect jobs.")
    # Locked: a save and a submit from two tabs apply one after the other, never interleaved.
    try:
        inspection = (
            Inspection.objects.select_for_update(of=("self",))
            .select_related("job")
            .get(pk=inspection_id)
        )
    except Inspection.DoesNotExist:
        raise InspectionError("No such inspection.") from None
    if inspection.inspector_id != actor.pk:
        raise InspectionError("Only the inspector who started this inspection can change it.")
    if inspection.status != Inspection.Status.DRAFT:
        raise InspectionError("This inspection was already submitted.")
    return inspection


def inspection_save_draft(*, actor: User, inspection_id: int, data: dict) -> Inspection:
    """Save what the inspector recorded so far; the inspection stays a draft.

    ``data`` (every key optional; an absent key leaves that part unchanged): ``kind``
    (on_site / file_review), ``inspected_on`` (a date or YYYY-MM-DD, not in the future),
    ``measured`` ({name: number} re-taken on site, qa_inspections.inspections.items.MEASURED, plus
    ``static_units``; replaces the stored values), ``items`` ({code: {"passed": True / False /
    None, "notes": str}}) and ``notes``.
    Preconditions: the actor is the inspection's inspector and it is a draft.
    Raises InspectionError with field errors (keys: the data keys, measured names, or
    ``item:<code>``); nothing is written then.
    """
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        inspection = _lock_draft(actor, inspection_id)
        job = inspection.job
        fields = []
        if "kind" in data:
            if data["kind"] not in Inspection.Kind.values:
                errors["kind"] = ["Choose on-site inspection or file review."]
            inspection.kind = data["kind"]
            fields.append("kind")
        if "inspected_on" in data:
            inspection.inspected_on = clean_date(data["inspected_on"], errors, timezone.localdate())
            fields.append("inspected_on")
        if "measured" in data:
            inspection.measured = clean_measured(
                job.measure_type, data["measured"], errors, job.data.get("static_units", "")
            )
            fields.append("measured")
        if "notes" in data:
            inspection.notes = (data["notes"] or "").strip()
            if len(inspection.notes) > NOTE_MAX:
                errors["notes"] = [f"Keep the notes under {NOTE_MAX} characters."]
            fields.append("notes")
        marked = clean_items(job.measure_type, data.get("items") or {}, errors)
        if errors:
            raise InspectionError(errors)
        if fields:
            inspection.save(update_fields=[*fields, "updated_at"])
        rows = {row.code: row for row in inspection.items.all()}
        changed = []
        for code, (passed, notes) in marked.items():
            row = rows.get(code) or InspectionItem.objects.create(inspection=inspection, code=code)
            if (row.passed, row.notes) != (passed, notes):
                row.passed, row.notes = passed, notes
                changed.append(row)
        InspectionItem.objects.bulk_update(changed, ["passed", "notes"])
    return inspection


def inspection_add_photo(
    *, actor: User, inspection_id: int, upload, caption: str = ""
) -> InspectionPhoto:
    """Attach a photo (PNG or JPEG by content, within settings.QA_PHOTO_MAX_BYTES) to the
    actor's draft inspection. Stored privately under a name of ours (never the uploader's);
    streamed only by qa_inspections.inspections.views.photo. Raises InspectionError({"photos": …})."""
    try:
        content_type = validate_photo(upload)
    except ValidationError as exc:
        raise InspectionError({"photos": exc.messages}) from None
    with transaction.atomic():
        inspection = _lock_draft(actor, inspection_id)
        if inspection.photos.count() >= MAX_PHOTOS:
            raise InspectionError({"photos": [f"An inspection keeps at most {MAX_PHOTOS} photos."]})
        photo = InspectionPhoto(
            inspection=inspection,
            content_type=content_type,
            original_name=(upload.name or "photo")[-255:],
            caption=(caption or "").strip()[:200],
        )
        suffix = "png" if content_type == "image/png" else "jpg"
        photo.file.save(f"{uuid.uuid4().hex}.{suffix}", upload, save=False)
        # A failed insert must not leave an unreachable file behind.
        try:
            photo.save()
        except Exception:
            photo.file.delete(save=False)
            raise
    return photo


def _check_result(inspection: Inspection, rows: list[InspectionItem], result: str) -> None:
    if result not in Inspection.Result.values:
        raise InspectionError({"result": ["Choose pass, pass with notes or fail."]})
    failed = [row for row in rows if row.passed is False]
    if result == Inspection.Result.FAIL:
        if not failed and not inspection.notes:
            raise InspectionError({"result": ["A fail needs at least one failed item or a note."]})
    else:
        for row in failed:
            spec = items.ITEMS_BY_CODE.get(row.code)
            if spec is not None and spec.fails_inspection:
                # 003 L10104-10105, L10308-10309: no sizing documentation, no QA pass.
                raise InspectionError(
                    {"result": [f"Failed “{spec.label}”: the inspection fails ({spec.citation})."]}
                )
        if result == Inspection.Result.PASS and failed:
            raise InspectionError(
                {"result": ["An item failed: choose fail, or pass with notes saying why."]}
            )
        if result == Inspection.Result.PASS_WITH_NOTES and not (
            inspection.notes or any(row.notes for row in rows)
        ):
            raise InspectionError({"result": ["Pass with notes needs a note."]})
    if inspection.inspected_on is None:
        raise InspectionError({"inspected_on": ["Enter the date of the inspection."]})


def inspection_submit(*, actor: User, inspection_id: int, result: str) -> Inspection:
    """Submit the actor's draft inspection with its result.

    Preconditions: a result; a fail has at least one failed item or a note; a pass has no
    failed item (pass with notes may, with a note); a failed item that fails the inspection
    (missing sizing documentation, 003 L10104-10105) allows only a fail; the date is set.
    Side effects: ``submitted_at``; the assignment is done; on a fail, a remediation for the
    job's technician due in settings.QA_REMEDIATION_DAYS days and, on commit, the task that
    e-mails the technician once. The job's status is left to staff.
    Raises InspectionError (``result`` / ``inspected_on`` field errors) otherwise.
    """
    with transaction.atomic():
        inspection = _lock_draft(actor, inspection_id)
        rows = list(inspection.items.all())
        _check_result(inspection, rows, result)
        inspection.status = Inspection.Status.SUBMITTED
        inspection.result = result
        inspection.submitted_at = timezone.now()
        inspection.save(update_fields=["status", "result", "submitted_at", "updated_at"])
        InspectionAssignment.objects.filter(pk=inspection.assignment_id).update(
            status=InspectionAssignment.Status.DONE, updated_at=timezone.now()
        )
        if result == Inspection.Result.FAIL:
            remediation = Remediation.objects.create(
                inspection=inspection,
                job=inspection.job,
                technician_id=inspection.job.technician_id,
                what_failed=failure_summary(
                    measure_type=inspection.job.measure_type,
                    marked=[(row.code, row.passed, row.notes) for row in rows],
                    measured=inspection.measured or {},
                    computed=inspection.job.computed or {},
                    notes=inspection.notes,
                ),
                due_date=timezone.localdate()
                + datetime.timedelta(days=settings.QA_REMEDIATION_DAYS),
            )
            queue_on_commit(inspection_tasks.send_remediation_email, remediation.pk)
    return inspection


# --- Remediations ------------------------------------------------------------------------------


def _lock_open_remediation(remediation_id: int) -> Remediation:
    # Locked: a response, a resolution and a suspension of one remediation never interleave.
    try:
        remediation = (
            Remediation.objects.select_for_update(of=("self",))
            .select_related("job", "technician")
            .get(pk=remediation_id)
        )
    except Remediation.DoesNotExist:
        raise InspectionError("No such remediation.") from None
    if remediation.status != Remediation.Status.OPEN:
        raise InspectionError("This remediation is already resolved.")
    return remediation


def remediation_respond(*, actor: User, remediation_id: int, response: str) -> Remediation:
    """The technician says what they did (or will do) about a failed inspection; a later
    response replaces the earlier one while the remediation is open.
    Raises InspectionError unless the actor is the remediation's technician and it is open."""
    response = (response or "").strip()
    if not response:
        raise InspectionError({"response": ["Say what you corrected or plan to correct."]})
    if len(response) > NOTE_MAX:
        raise InspectionError({"response": [f"Keep it under {NOTE_MAX} characters."]})
    with transaction.atomic():
        remediation = _lock_open_remediation(remediation_id)
        if remediation.technician.user_id != actor.pk:
            raise InspectionError("Only the job's technician responds to its remediation.")
        remediation.technician_response = response
        remediation.save(update_fields=["technician_response", "updated_at"])
    return remediation


def _require_ptcs_staff(actor: User) -> None:
    # Certification decisions stay with the PTCS program team (technicians.services).
    if not roles.has_role(actor, Role.PTCS_STAFF):
        raise InspectionError("Only PTCS staff decide remediations.")


def remediation_resolve(*, actor: User, remediation_id: int, note: str) -> Remediation:
    """Close a remediation with a note (what was corrected and how it was verified).
    Only PTCS staff; note required; the remediation must be open."""
    _require_ptcs_staff(actor)
    note = (note or "").strip()
    if not note:
        raise InspectionError({"note": ["Say how the failure was resolved."]})
    with transaction.atomic():
        remediation = _lock_open_remediation(remediation_id)
        remediation.status = Remediation.Status.RESOLVED
        remediation.resolved_by = actor
        remediation.resolved_at = timezone.now()
        remediation.resolution_note = note
        remediation.save(
            update_fields=["status", "resolved_by", "resolved_at", "resolution_note", "updated_at"]
        )
    return remediation


def remediation_escalate_suspend(*, actor: User, remediation_id: int, reason: str) -> Certification:
    """Suspend the technician's certification for the job's measure (jobs.rules.types.
    REQUIRED_CERTIFICATION) through technicians.services.certification_set_status, which
    records who, when and why and stops new job completion for that measure from today.
    The remediation stays open. Only PTCS staff; reason required.
    Raises InspectionError (``reason`` field error, or why it cannot be suspended)."""
    _require_ptcs_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError({"reason": ["Give a reason; the technician will read it."]})
    with transaction.atomic():
        remediation = _lock_open_remediation(remediation_id)
        cert_type = REQUIRED_CERTIFICATION[MeasureType(remediation.job.measure_type)]
        if not Certification.objects.filter(
            technician_id=remediation.technician_id, cert_type=cert_type
        ).exists():
            raise InspectionError("The technician holds no certification for this measure.")
        try:
            return technician_services.certification_set_status(
                actor=actor,
                profile_id=remediation.technician_id,
                cert_type=cert_type,
                status=Certification.Status.SUSPENDED,
                reason=f"{reason} (QA remediation of job {remediation.job.measure_id})",
            )
        except technician_services.ApplicationError as exc:
            raise InspectionError(exc.messages) from None
