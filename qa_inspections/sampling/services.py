"""The QA sample and staff's own assignments (seed 001 L27: "aim to inspect at least 10
percent of all jobs for quality assurance").

``sample_run`` draws the sample (qa_inspections.sampling.sampler) over the rolling window and stores
its seed and inputs; ``sample_run_monthly`` is the idempotent monthly run of Celery beat and
``python manage.py qa_sample --monthly``; ``sample_reproduce`` re-draws a stored run. Staff add
or remove single assignments with ``assignment_add`` / ``assignment_remove``. Inspections and
remediation are in ``qa_inspections.inspections.services``.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Min
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from jobs.models import Job
from qa_inspections.models import Inspection, InspectionAssignment, SampleRun
from qa_inspections.sampling import sampler as sampling
from technicians.models import Certification, TechnicianProfile
from utilities import administrators
from utilities.models import Utility

#: Key of the PostgreSQL advisory lock that serialises sample runs (SQLite already serialises
#: writers: its transactions are IMMEDIATE, registry/settings.py).
SAMPLE_LOCK_KEY = 0x51A_5A3D1E
#: Seeds are drawn from 48 random bits: short enough to read out, far too many to guess.
SEED_BITS = 48


class SamplingError(ValidationError):
    """Why a sample run or an assignment change cannot be made (shown to the user)."""


def _lock_sample_runs() -> None:
    """Hold, until the transaction ends, the lock every sample run takes: two runs at once
    would each see the other's jobs as not yet assigned (and a duplicated monthly task would
    draw twice)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SAMPLE_LOCK_KEY])


def window_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The rolling window ending ``today``: QA_WINDOW_DAYS calendar days, both ends included."""
    return today - datetime.timedelta(days=settings.QA_WINDOW_DAYS - 1), today


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _window_filter(field: str, start: datetime.date, end: datetime.date) -> dict:
    return {
        f"{field}__gte": _day_start(start),
        f"{field}__lt": _day_start(end + datetime.timedelta(days=1)),
    }


def territories_of(actor: User | None) -> list[str]:
    """The program administrators whose jobs a run of ``actor`` draws from: every one for the
    scheduled task and the command (no actor), the staff's own territory otherwise (PTCS staff:
    BPA; Energy Trust staff: Energy Trust), as for every other staff page."""
    if actor is None:
        return sorted(administrators.ADMINISTRATORS)
    return sorted(administrators.administrators_decided_by(actor))


def _facts(today: datetime.date, territories: list[str]) -> dict:
    """The sampler's inputs for the window ending ``today`` and the jobs of ``territories``,
    as stored in SampleRun.parameters (plain JSON, so a stored run can be re-drawn after the
    database has moved on)."""
    start, end = window_bounds(today)
    jobs = Job.objects.filter(**_window_filter("completed_at", start, end))
    if set(territories) != set(administrators.ADMINISTRATORS):
        jobs = jobs.filter(administrators.jobs_of(territories))
    rows = list(
        jobs.exclude(status=Job.Status.IN_PROGRESS)
        .order_by("pk")
        .values_list("pk", "technician_id", "utility_id", "completed_at")
    )
    job_ids = [pk for pk, *_ in rows]
    technician_ids = sorted({technician_id for _, technician_id, _, _ in rows})
    assigned = InspectionAssignment.objects.filter(job_id__in=job_ids).exclude(
        status=InspectionAssignment.Status.CANCELLED
    )
    inspected = Inspection.objects.filter(job_id__in=job_ids, status=Inspection.Status.SUBMITTED)
    already = set(assigned.values_list("job_id", flat=True))
    already |= set(inspected.values_list("job_id", flat=True))
    first_certified = dict(
        Certification.objects.filter(technician_id__in=technician_ids, effective_date__isnull=False)
        .values("technician_id")
        .annotate(first=Min("effective_date"))
        .values_list("technician_id", "first")
    )
    failed = set(
        Inspection.objects.filter(
            job__technician_id__in=technician_ids,
            status=Inspection.Status.SUBMITTED,
            result=Inspection.Result.FAIL,
            **_window_filter("submitted_at", start, end),
        ).values_list("job__technician_id", flat=True)
    )
    labels = dict(
        TechnicianProfile.objects.filter(pk__in=technician_ids).values_list("pk", "technician_id")
    )
    return {
        "jobs": [
            [pk, technician_id, utility_id, timezone.localdate(completed_at).isoformat()]
            for pk, technician_id, utility_id, completed_at in rows
        ],
        "already": sorted(already),
        "technicians": [
            [
                technician_id,
                sampling.is_newly_certified(first_certified.get(technician_id), today),
                technician_id in failed,
                str(labels.get(technician_id) or f"#{technician_id}"),
            ]
            for technician_id in technician_ids
        ],
    }


def _select(seed: int, parameters: dict, utility_names=None) -> list[sampling.Selection]:
    """Run the pure sampler on stored parameters (also what ``sample_reproduce`` does)."""
    inputs = parameters["inputs"]
    return sampling.select_sample(
        jobs=[
            sampling.JobFact(pk, technician_id, utility_id, datetime.date.fromisoformat(day))
            for pk, technician_id, utility_id, day in inputs["jobs"]
        ],
        already=inputs["already"],
        technicians=[sampling.TechnicianFact(*row) for row in inputs["technicians"]],
        seed=seed,
        target_rate=Decimal(parameters["target_rate"]),
        boosted_rate=Decimal(parameters["boosted_rate"]),
        utility_names=utility_names,
    )


def _check_staff(actor: User | None, action: str, *, system: bool = False) -> None:
    """SamplingError unless ``actor`` is PTCS or Energy Trust staff (or, where ``system``, None:
    the scheduled task and the management command)."""
    if (actor is not None or not system) and not roles.is_staff_reviewer(actor):
        raise SamplingError(f"Only PTCS staff and Energy Trust staff {action}.")


def _draw(*, actor, today: datetime.date, seed: int | None, month: str | None) -> SampleRun:
    seed = secrets.randbits(SEED_BITS) if seed is None else seed
    if not 0 <= seed < 2**63:
        raise SamplingError("A seed is a whole number from 0 to 2^63 - 1.")
    start, end = window_bounds(today)
    # Staff draw from the jobs of their own territory only: a run of Energy Trust staff must
    # not assign BPA jobs they may neither see nor remove (nor the other way round). The goals
    # of a technician or utility are then counted over that territory's jobs.
    territories = territories_of(actor)
    parameters = {
        "target_rate": str(settings.QA_TARGET_RATE),
        "boosted_rate": str(settings.QA_BOOSTED_RATE),
        "window_days": settings.QA_WINDOW_DAYS,
        "newly_certified_days": sampling.NEWLY_CERTIFIED_DAYS,
        "today": today.isoformat(),
        "scheduled": month is not None,
        "month": month,
        "territories": territories,
        "inputs": _facts(today, territories),
    }
    utility_names = dict(Utility.objects.values_list("pk", "name"))
    selections = _select(seed, parameters, utility_names)
    run = SampleRun.objects.create(
        seed=seed,
        window_start=start,
        window_end=end,
        target_rate=settings.QA_TARGET_RATE,
        parameters=parameters,
        requested_by=actor,
        selected_count=len(selections),
    )
    InspectionAssignment.objects.bulk_create(
        InspectionAssignment(
            job_id=selection.job_id,
            reason="; ".join(selection.reasons),
            sample_run=run,
            created_by=actor,
        )
        for selection in selections
    )
    return run


def sample_run(
    *,
    actor: User | None = None,
    today: datetime.date | None = None,
    seed: int | None = None,
) -> SampleRun:
    """Draw the QA sample of the window ending ``today`` (default: today) and assign its jobs.

    The window is the last QA_WINDOW_DAYS days of completion dates (In Progress jobs never
    count); jobs with an active assignment or a submitted inspection count toward the goals and
    are not drawn again. ``seed`` defaults to 48 fresh random bits. One transaction: the
    SampleRun (seed, rates, window and the sampler's inputs) and one open, unassigned
    InspectionAssignment per selected job, its reason from the sampler. ``actor`` is None for
    the scheduled task and the command, which draw from every job; otherwise PTCS or Energy
    Trust staff, whose run draws from the jobs of their own territory only (``territories_of``;
    kept in the run's parameters).

    Raises SamplingError for another actor, a seed outside 0…2^63-1, or a job assigned by
    hand while the sample was drawn (run it again).
    """
    _check_staff(actor, "draw the QA sample", system=True)
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            _lock_sample_runs()
            return _draw(actor=actor, today=today, seed=seed, month=None)
    except IntegrityError:
        raise SamplingError(
            "A job was assigned by hand while the sample was drawn; run the sample again."
        ) from None


def sample_run_monthly(*, today: datetime.date | None = None) -> SampleRun | None:
    """The scheduled run of the month of ``today``: draws once per calendar month and returns
    None when this month's scheduled run exists (a redelivered or repeated task, or beat and
    ``qa_sample --monthly`` both running). Hand-started runs do not count."""
    today = today or timezone.localdate()
    month = f"{today:%Y-%m}"
    try:
        with transaction.atomic():
            _lock_sample_runs()  # the check and the draw are one step for concurrent workers
            done = SampleRun.objects.filter(
                parameters__scheduled=True, parameters__month=month
            ).exists()
            if done:
                return None
            return _draw(actor=None, today=today, seed=None, month=month)
    except IntegrityError:
        raise SamplingError(
            "A job was assigned by hand while the sample was drawn; run the sample again."
        ) from None


def sample_reproduce(run: SampleRun) -> list[int]:
    """The job ids the sampler picks from ``run``'s stored seed and inputs, in id order: equal
    to the jobs the run assigned, which shows the choice was the seed's and nobody's else."""
    return [selection.job_id for selection in _select(run.seed, run.parameters)]


def _job_in_territory(actor: User, job_id: int, *, lock: bool = False) -> Job:
    """The job if ``actor`` works its territory (PTCS staff: BPA; Energy Trust staff: Energy
    Trust utilities, as for review); 404 otherwise, without saying which."""
    jobs = Job.objects.select_related("utility")
    if lock:
        jobs = jobs.select_for_update(of=("self",))
    job = jobs.filter(pk=job_id).first()
    if job is None or not administrators.decides(actor, administrators.administrator_of(job)):
        raise Http404("No such job in your territory.")
    return job


def _staff_name(actor: User) -> str:
    return actor.get_full_name() or actor.username


def assignment_add(*, actor: User, job_id: int, reason: str) -> InspectionAssignment:
    """Staff put a completed job on the inspection list by hand, saying why.

    Preconditions: ``actor`` is PTCS staff or Energy Trust staff (SamplingError), the job is in
    their territory (Http404), completed, and has no active assignment (SamplingError); a
    reason is required. Creates an open assignment with the staff's reason.
    """
    _check_staff(actor, "add jobs to the inspection list")
    reason = (reason or "").strip()
    if not reason:
        raise SamplingError({"reason": ["Say why this job should be inspected."]})
    try:
        with transaction.atomic():
            # The job row is locked so two staff adding it at once queue behind each other.
            job = _job_in_territory(actor, job_id, lock=True)
            if job.status == Job.Status.IN_PROGRESS:
                raise SamplingError(f"Job {job.measure_id} is In Progress: it has no work yet.")
            active = job.qa_assignments.exclude(status=InspectionAssignment.Status.CANCELLED)
            if active.exists():
                raise SamplingError(f"Job {job.measure_id} is already on the inspection list.")
            return InspectionAssignment.objects.create(
                job=job,
                reason=f"added by {_staff_name(actor)}: {reason}",
                created_by=actor,
            )
    except IntegrityError:  # the one-active-assignment constraint, if the lock was bypassed
        raise SamplingError("The job is already on the inspection list.") from None


def assignment_remove(*, actor: User, assignment_id: int, reason: str) -> InspectionAssignment:
    """Staff take an open assignment off the list, saying why: its status becomes cancelled
    (kept, with the reason appended) and the job may be assigned again later.

    Preconditions: ``actor`` is PTCS or Energy Trust staff (SamplingError), the job is in their
    territory (Http404), a reason is given, the assignment is open and has no submitted
    inspection (an inspected job stays inspected: SamplingError).
    """
    _check_staff(actor, "remove jobs from the inspection list")
    reason = (reason or "").strip()
    if not reason:
        raise SamplingError({"reason": ["Say why this job no longer needs inspecting."]})
    with transaction.atomic():
        # Locked so a submission and a removal of the same assignment cannot interleave.
        assignment = (
            InspectionAssignment.objects.select_for_update(of=("self",))
            .filter(pk=assignment_id)
            .first()
        )
        if assignment is None:
            raise Http404("No such assignment.")
        job = _job_in_territory(actor, assignment.job_id)
        inspected = Inspection.objects.filter(
            assignment=assignment, status=Inspection.Status.SUBMITTED
        ).exists()
        if inspected or assignment.status == InspectionAssignment.Status.DONE:
            raise SamplingError(
                f"Job {job.measure_id} has been inspected; its assignment cannot be removed."
            )
        if assignment.status == InspectionAssignment.Status.CANCELLED:
            raise SamplingError(f"Job {job.measure_id} was already removed from the list.")
        when = timezone.localdate().isoformat()
        assignment.status = InspectionAssignment.Status.CANCELLED
        assignment.reason = (
            f"{assignment.reason}\nremoved by {_staff_name(actor)} on {when}: {reason}"
        )
        assignment.save(update_fields=["status", "reason", "updated_at"])
    return assignment
