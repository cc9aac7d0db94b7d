"""Staff review of BPA Pending jobs and staff corrections (seed 000 L29-34, L45-53).

One service per state change, called alike by the queue page, the API and the tasks.
Routing: PTCS staff decide jobs in BPA territory, program administrator staff (Energy
Trust) decide jobs of Energy Trust utilities, never the other's (seed 000 L45-48, L59).
Four eyes: a reviewer does not approve, reject or send back a job they entered or corrected
last (jobs.review.rules.own_work; setting REVIEW_FOUR_EYES); another reviewer decides it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from jobs import selectors
from jobs.dictionary import inputs
from jobs.models import Job, JobStatusChange
from jobs.review import selectors as review_selectors
from jobs.review import tasks as review_tasks
from jobs.rules.engine import rejecting_checks, status_after_review
from jobs.services import (
    EVALUATED_FIELDS,
    JobError,
    evaluate_and_apply,
    locked_site_for,
    set_status,
    utility_of,
)
from registry.lib.outbox import queue_on_commit
from registry.lib.text import clean_text
from utilities import administrators
from utilities.models import Utility


def _lock(actor: User, measure_id: int, *, pending_only: bool = True) -> Job:
    """The job, row-locked, if ``actor`` reviews its territory; 404 otherwise (a job outside
    the reviewer's territory is not disclosed)."""
    job = (
        Job.objects.select_for_update(of=("self",))
        .select_related("utility", "site", "technician__user")
        .filter(measure_id=measure_id)
        .first()
    )
    if job is None or not administrators.decides(actor, administrators.administrator_of(job)):
        raise Http404("No such job in your review territory.")
    if pending_only and job.status != Job.Status.BPA_PENDING:
        raise JobError(f"Job {measure_id} is {job.get_status_display()}, not BPA Pending.")
    return job


def _lock_to_decide(actor: User, measure_id: int) -> Job:
    """The pending job, row-locked, as ``_lock``; JobError when it is the actor's own work
    (they entered it or corrected it last): another reviewer decides it (four eyes)."""
    job = _lock(actor, measure_id)
    refusal = review_selectors.own_work(actor, job)
    if refusal:
        raise JobError(refusal)
    return job


def _decide(
    job: Job,
    status: str,
    *,
    actor: User,
    note: str,
    override_reason: str = "",
    overridden: list[dict] | None = None,
) -> None:
    previous = job.status
    set_status(job, status)
    job._history_user = actor  # "who" in the job's history, whichever interface called
    if override_reason:
        # The history page shows this beside the status change it explains.
        job._change_reason = _override_summary(overridden or [], override_reason)
    job.save(
        update_fields=[
            "status",
            "pending_since",
            "overdue_flagged_at",
            "urgent_requested_at",
            "completed_at",
            "updated_at",
        ]
    )
    change = JobStatusChange.record(
        job,
        from_status=previous,
        actor=actor,
        note=note,
        override_reason=override_reason,
        overridden_rules=[check["rule"] for check in overridden or []],
        emails_technician=True,
    )
    queue_on_commit(review_tasks.send_review_decision_email, change.pk)


def _messages(checks: list[dict]) -> str:
    return "; ".join(check["message"].rstrip(". ") for check in checks)


def _override_summary(overridden: list[dict], reason: str) -> str:
    return f"Approved over a rejecting rule ({_messages(overridden)}). Reason: {reason}"


def job_approve(*, actor: User, measure_id: int, note: str = "", override_reason: str = "") -> Job:
    """Approve a pending job: BPA Approved, or PTCS-Certified Only / Record Only where the
    measurements say so (rules.engine.status_after_review). E-mails the technician.

    A pending job can fail a rule whose effect is Rejected (a ground source heat pump is
    pending whatever its checks say, e.g. in a manufactured home). Approving it overrides
    that rule: ``override_reason`` is then required (a field error naming the rejecting
    checks otherwise, and nothing changes), and the reason and the rules overridden are kept
    on the status change. A job with no rejecting check approves as before: an override
    reason given for it is ignored and nothing is recorded as an override.
    """
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        job = _lock_to_decide(actor, measure_id)
        rejecting = rejecting_checks(job.checks)
        if rejecting and not override_reason:
            rules = "a rule that rejects it" if len(rejecting) == 1 else "rules that reject it"
            raise JobError(
                {
                    "override_reason": [
                        f"This job fails {rules}: {_messages(rejecting)}; approve only with "
                        "an override and its reason."
                    ]
                }
            )
        _decide(
            job,
            status_after_review(job.checks),
            actor=actor,
            note=note.strip(),
            override_reason=override_reason if rejecting else "",
            overridden=rejecting,
        )
    return job


def job_reject(*, actor: User, measure_id: int, reason: str) -> Job:
    """Reject a pending job with the reason the technician will read (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise JobError({"reason": ["Give the technician a reason for the rejection."]})
    with transaction.atomic():
        job = _lock_to_decide(actor, measure_id)
        _decide(job, Job.Status.REJECTED, actor=actor, note=reason)
    return job


def job_send_back(*, actor: User, measure_id: int, message: str) -> Job:
    """Return a pending job to its technician as In Progress with a message; they correct
    it and complete it again (same measure ID)."""
    message = (message or "").strip()
    if not message:
        raise JobError({"message": ["Tell the technician what to correct."]})
    with transaction.atomic():
        job = _lock_to_decide(actor, measure_id)
        job.completed_at = None
        _decide(job, Job.Status.IN_PROGRESS, actor=actor, note=message)
    return job


def job_request_urgent_review(*, actor: User, measure_id: int) -> Job:
    """The technician's "please review sooner" (seed 000 L29: "Please contact us if you
    require more immediate review"): flags the job as urgent in the queue, once."""
    job = selectors.get_job_for_user(actor, measure_id, write=True)
    if job.technician.user_id != actor.pk:  # staff may write the job, but the ask is not theirs
        raise JobError("Only the installing technician can ask for a sooner review.")
    if job.status != Job.Status.BPA_PENDING:
        raise JobError("Only a BPA Pending job can be flagged for sooner review.")
    Job.objects.filter(pk=job.pk, urgent_requested_at__isnull=True).update(
        urgent_requested_at=timezone.now()
    )
    job.refresh_from_db(fields=["urgent_requested_at"])
    return job


def _territory_errors(actor: User, utility: Utility | None) -> dict[str, list[str]]:
    """A correction stays in the corrector's territory: a new utility of the other program
    administrator would hand the job to the engine there, so that a job could leave review by
    one administrator's staff and be approved in the other's territory with none of its
    reviewers involved (seed 000 L45-48: each administrator decides its own jobs)."""
    moved_to = administrators.administrator_of_utility(utility)
    if administrators.decides(actor, moved_to):
        return {}
    where = utility.name if utility is not None else "A site without a utility"
    return {
        "electric_utility": [
            f"{where} is in {administrators.TERRITORY_NAME[moved_to]}, whose jobs "
            f"{administrators.DECIDERS_NAME[moved_to]} decide: a correction of yours cannot "
            "move this job there."
        ]
    }


def job_staff_edit(*, actor: User, measure_id: int, payload: dict[str, Any], reason: str) -> Job:
    """Staff correct a completed job (seed 000 L33-34: "without updating the measure ID").

    The job is re-evaluated by the same engine against the rule set of its install date; the
    installing technician stays the same. The reason is required and kept with the status
    change and in the job's history (who, when, why, what changed). A correction may not move
    the job into the territory of the other program administrator (its utility's): a field
    error on the utility names that territory and who decides it, and nothing changes.
    """
    # Posted as typed (the edit form only renders): checked here, like every job field.
    reason, reason_error = clean_text((reason or "").strip())
    errors: dict[str, list[str]] = {}
    if reason_error:
        errors["reason"] = [reason_error]
    elif not reason:
        errors["reason"] = ["Say why the job is being corrected."]
    parsed = inputs.parse(payload, completing=True, today=timezone.localdate(), strict=True)
    errors.update({k: v for k, v in parsed.errors.items() if k != "tech_id"})
    with transaction.atomic():
        job = _lock(actor, measure_id, pending_only=False)
        if job.status == Job.Status.IN_PROGRESS:
            raise JobError("An In Progress job is the technician's to complete.")
        if parsed.measure_type is not None and parsed.measure_type != job.measure_type:
            errors["measure_type"] = ["The measure type of a job cannot change."]
        utility = utility_of(parsed, errors)
        if "zip_code" not in errors and "electric_utility" not in errors:
            errors.update(_territory_errors(actor, utility))
        if errors:
            raise JobError(errors)
        site, site_is_new = locked_site_for(parsed.site)
        previous = job.status
        evaluate_and_apply(
            job,
            parsed,
            technician=job.technician,
            utility=utility,
            site=site,
            site_is_new=site_is_new,
        )
        job.corrected_at, job.corrected_by = timezone.now(), actor
        job._change_reason = reason  # django-simple-history: kept on the historical row
        job._history_user = actor  # not only from the request (API tokens, tasks)
        job.save(update_fields=[*EVALUATED_FIELDS, "corrected_at", "corrected_by"])
        JobStatusChange.record(job, from_status=previous, actor=actor, note=reason)
    return job
