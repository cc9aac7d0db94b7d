"""What each user may see of jobs (house style 5), and the facts the engine needs.

Lists, details, the API and exports all go through ``jobs_visible_to`` and
``get_job_for_user``; no view looks a job up by a number from the request on its own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from jobs import reference
from jobs.models import (
    AhriRating,
    BulkUpload,
    BulkUploadRow,
    Job,
    JobStatusChange,
    ReviewAssignment,
    RuleSetRecord,
    Site,
)
from jobs.rules.ruleset import (
    BUILTIN_RULESETS,
    VALUE_FIELDS,
    RuleSet,
    ruleset_to_record_values,
)
from jobs.rules.types import CertificationFact, Context, SiteJobFact
from technicians.models import Certification, CertificationStatusChange, TechnicianProfile
from utilities.models import Utility

Role = User.Role


def jobs_visible_to(user) -> QuerySet[Job]:
    """Technicians: their own jobs. Utility users: completed jobs of their utility (seed 000
    L10). PTCS staff: every job. Energy Trust staff: jobs in Energy Trust territory (000
    L45-48). Everyone else: nothing."""
    qs = Job.objects.select_related("site", "technician__user", "utility", "company")
    user_roles = roles.roles_of(user)
    if Role.PTCS_STAFF in user_roles:
        return qs
    scope = Q(pk__in=[])
    if Role.PROGRAM_ADMIN in user_roles:
        scope |= Q(utility__program_administrator=Utility.ProgramAdministrator.ENERGY_TRUST)
    if Role.UTILITY in user_roles and user.utility_id:
        scope |= Q(utility_id=user.utility_id) & ~Q(status=Job.Status.IN_PROGRESS)
    if Role.TECHNICIAN in user_roles:
        scope |= Q(technician__user_id=user.pk)
    if Role.COMPANY_ADMIN in user_roles:
        # Every job done for the company, whoever installed it and wherever they work now
        # (issue 8): ``Job.company`` is fixed at entry.
        scope |= Q(company_id=user.administered_company_id)
    return qs.filter(scope)


#: The job's form data, computed values and checks: kilobytes of JSON per job that list pages
#: do not show (a list defers them; detail pages and exports load them).
LIST_DEFERRED = ("data", "computed", "checks")

#: The only columns "My jobs" reads (jobs/mine.html and ``may_continue``) of the job and the
#: rows ``my_jobs`` joins: about a third of them, so less SQL to send and fewer values (some
#: 400 timestamps a page) to convert (issue 7). A column missing here would cost one query
#: per row, which the pinned query counts of tests/jobs/test_views_queries.py catch.
MY_JOBS_COLUMNS = (
    "measure_id",
    "measure_type",
    "status",
    "install_date",
    "company__name",
    "site__street_address",
    "site__street_address_2",
    "site__city",
    "site__state",
    "site__zip_code",
    "site__verified",
    "utility__name",
    "technician__technician_id",
    "technician__company_id",
    "technician__user__username",
    "technician__user__first_name",
    "technician__user__last_name",
    "entered_by__username",
    "entered_by__first_name",
    "entered_by__last_name",
)


def get_job_for_user(user, measure_id: int, *, write: bool = False) -> Job:
    """The job if ``user`` may see it (``write``: may change it); 404 otherwise, so another
    utility's or technician's job is never disclosed."""
    qs = jobs_visible_to(user)
    if write and not roles.is_staff_reviewer(user):
        qs = qs.filter(write_scope(user))
    try:
        return qs.get(measure_id=measure_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("No such job.") from None


def write_scope(user) -> Q:
    """Jobs a non-staff user may save or complete: their own as the installing technician, and
    those of technicians they may enter jobs for (a company administrator: the company's)."""
    scope = Q(technician__user_id=user.pk)
    if roles.has_role(user, Role.COMPANY_ADMIN):
        scope |= Q(
            company_id=user.administered_company_id, technician__in=technicians_enterable_by(user)
        )
    return scope


def technicians_enterable_by(user) -> QuerySet[TechnicianProfile]:
    """The technicians ``user`` may enter and complete jobs for (issue 8), each holding a PTCS
    Technician ID: a technician themself; a company administrator the company's current
    technicians (a technician who left is no longer theirs to enter for); PTCS staff anyone
    (bulk upload on a contractor's behalf). Their certification is what the engine checks."""
    user_roles = roles.roles_of(user)
    qs = TechnicianProfile.objects.filter(technician_id__isnull=False).select_related(
        "user", "company"
    )
    if Role.PTCS_STAFF in user_roles:
        return qs
    scope = Q(pk__in=[])
    if Role.TECHNICIAN in user_roles:
        scope |= Q(user_id=user.pk)
    if Role.COMPANY_ADMIN in user_roles:
        scope |= Q(company_id=user.administered_company_id)
    return qs.filter(scope)


def entry_technicians(user) -> QuerySet[TechnicianProfile]:
    """The "Installing technician" choices of the entry form: the user themself and, for a
    company administrator, the company's current technicians with a Technician ID, by name
    (``technicians_enterable_by`` limited to the user's own company)."""
    mine = Q(user_id=user.pk)
    if user.administered_company_id:
        mine |= Q(company_id=user.administered_company_id)
    return (
        technicians_enterable_by(user)
        .filter(mine)
        .order_by("user__last_name", "user__first_name", "technician_id")
    )


def my_jobs(user) -> QuerySet[Job]:
    """ "My jobs": the jobs the user installed and, for a company administrator, every job
    done for the company (issue 8), with who entered each.

    The technician is matched by a scalar subquery, a value PostgreSQL knows before it scans,
    so the newest-first page walks job_technician_recent_idx in order instead of sorting every
    job of a busy technician (1.1 s → under 1 ms for 67,000 jobs; bench/run.py)."""
    profile = TechnicianProfile.objects.filter(user_id=user.pk).values("pk")[:1]
    scope = Q(technician_id=Subquery(profile))
    if roles.has_role(user, Role.COMPANY_ADMIN):
        scope |= Q(company_id=user.administered_company_id)
    return jobs_visible_to(user).filter(scope).select_related("entered_by")


def may_continue(user, job: Job) -> bool:
    """Whether ``user`` may save or complete ``job`` (the Complete Job button, and the check
    ``services.job_submit`` makes): an In Progress job, and the user is its installing
    technician, the administrator of the company it was done for while the technician still
    works there, or PTCS staff who entered it themselves (bulk upload on a contractor's
    behalf). Staff do not complete a job a technician typed (seed 000 L28)."""
    if not job.is_in_progress:
        return False
    if job.technician.user_id == user.pk:
        return True
    if job.entered_by_id == user.pk and roles.has_role(user, Role.PTCS_STAFF):
        return True
    return (
        roles.has_role(user, Role.COMPANY_ADMIN)
        and job.company_id == user.administered_company_id
        and job.technician.company_id == user.administered_company_id
    )


def review_scope(user) -> Q:
    """Jobs of the territories ``user`` reviews (jobs.review.administrator_of, as a filter): BPA
    for every job not of an Energy Trust utility (a job with no utility is BPA's), Energy
    Trust for its utilities' jobs (seed 000 L45-48)."""
    # Imported here: jobs.review imports this module.
    from jobs.review import administrators_reviewed_by

    reviewed = administrators_reviewed_by(user)
    energy_trust = Q(utility__program_administrator=Utility.ProgramAdministrator.ENERGY_TRUST)
    scope = Q(pk__in=[])
    if Utility.ProgramAdministrator.BPA in reviewed:
        scope |= Q(utility__isnull=True) | ~energy_trust
    if Utility.ProgramAdministrator.ENERGY_TRUST in reviewed:
        scope |= energy_trust
    return scope


def get_job_for_reviewer(user, measure_id: int) -> Job:
    """A job of the reviewer's territory, whatever its status (review page, staff edit); 404
    otherwise, so a job of the other territory is not disclosed."""
    qs = Job.objects.select_related("site", "technician__user", "utility", "company")
    try:
        return qs.filter(review_scope(user)).get(measure_id=measure_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("No such job in your review territory.") from None


def review_queue(user) -> QuerySet[Job]:
    """The BPA Pending jobs ``user`` reviews (seed 000 L29: reviewed bi-weekly), urgent first
    (the technician asked for sooner review), then the longest waiting.

    Annotations: ``waiting_since`` (``pending_since``, or ``completed_at`` for jobs pending
    from before the clock existed), ``is_urgent`` and ``assigned_reviewer_id`` (the reviewer
    of the job's most recent review batch, or None).
    """
    latest_assignment = ReviewAssignment.objects.filter(job=OuterRef("pk")).order_by(
        "-batch__period_start", "-batch_id"
    )
    return (
        Job.objects.filter(review_scope(user), status=Job.Status.BPA_PENDING)
        .select_related("site", "technician__user", "utility")
        .annotate(
            waiting_since=Coalesce("pending_since", "completed_at"),
            is_urgent=ExpressionWrapper(
                Q(urgent_requested_at__isnull=False), output_field=BooleanField()
            ),
            assigned_reviewer_id=Subquery(latest_assignment.values("reviewer_id")[:1]),
        )
        # The measure ID breaks ties, so a page boundary never moves between two requests.
        .order_by("-is_urgent", "waiting_since", "measure_id")
    )


def review_utilities(user) -> QuerySet[Utility]:
    """The utilities of the territories ``user`` reviews (the queue's utility filter)."""
    from jobs.review import administrators_reviewed_by

    reviewed = administrators_reviewed_by(user)
    return Utility.objects.filter(program_administrator__in=reviewed).order_by("name")


def latest_review_decision(changes: list[JobStatusChange]) -> JobStatusChange | None:
    """The reviewer's decision the technician should read on the job page: the newest status
    change when it took the job out of BPA Pending with a note (reject reason, send-back
    message, approval note). Takes the job's changes, oldest first, already fetched."""
    if not changes:
        return None
    newest = changes[-1]
    if (
        newest.from_status == Job.Status.BPA_PENDING
        and newest.to_status != Job.Status.BPA_PENDING
        and newest.note
    ):
        return newest
    return None


def utilities_serving(zip_code: str) -> QuerySet[Utility]:
    """The utilities whose territory includes ``zip_code`` (spec §6)."""
    zip5 = (zip_code or "").strip()[:5]
    if not (len(zip5) == 5 and zip5.isascii() and zip5.isdigit()):
        # No utility serves it; and PostgreSQL refuses some strings outright (NUL bytes).
        return Utility.objects.none()
    return Utility.objects.filter(zips__zip_code=zip5).order_by("name").distinct()


def technician_for(user) -> TechnicianProfile | None:
    return TechnicianProfile.objects.filter(user=user).select_related("company", "user").first()


def certification_facts(technician: TechnicianProfile) -> tuple[CertificationFact, ...]:
    """Each certification with the periods it was active, from its status-change rows.

    A period opens on the effective date (or the day it became active) and closes the day
    before it stopped being active, and never runs past the expiry date.
    """
    facts = []
    # Plain rows, not model instances: this runs on every completion (issue 7).
    certs = list(
        Certification.objects.filter(technician=technician).values_list(
            "pk", "cert_type", "status", "effective_date", "expiry_date", named=True
        )
    )
    changes_of: dict[int, list] = defaultdict(list)
    if certs:
        rows = CertificationStatusChange.objects.filter(
            certification_id__in=[cert.pk for cert in certs]
        ).values_list("certification_id", "from_status", "to_status", "at", named=True)
        for row in rows:  # oldest first (the model's ordering: at, id)
            changes_of[row.certification_id].append(row)
    for cert in certs:
        periods: list[tuple[datetime.date, datetime.date | None]] = []
        start = None
        changes = changes_of[cert.pk]
        if (
            changes
            and changes[0].from_status == Certification.Status.ACTIVE
            and cert.effective_date
        ):
            # Active before its first recorded change (e.g. imported, then expired by the
            # daily task): the first period starts on the effective date.
            start = cert.effective_date
        for change in changes:
            # The local calendar day: a suspension at 17:00 in Prosser is already tomorrow in UTC.
            day = timezone.localdate(change.at)
            if change.to_status == Certification.Status.ACTIVE and start is None:
                # The effective date may be backdated before the approval row, but only the
                # first period starts there: a re-activation starts on its own day, or the
                # suspension gap would count as active.
                first = not periods and cert.effective_date
                start = min(day, cert.effective_date) if first else day
            elif change.to_status != Certification.Status.ACTIVE and start is not None:
                periods.append((start, day - datetime.timedelta(days=1)))
                start = None
        if start is not None:
            periods.append((start, None))
        if not changes and cert.status == Certification.Status.ACTIVE and cert.effective_date:
            periods.append((cert.effective_date, None))
        if cert.expiry_date:
            periods = [
                (s, min(e, cert.expiry_date) if e else cert.expiry_date)
                for s, e in periods
                if s <= cert.expiry_date
            ]
        facts.append(CertificationFact(cert.cert_type, tuple(periods), cert.status))
    return tuple(facts)


def evaluation_context(
    technician: TechnicianProfile,
    site: Site | None,
    utility: Utility | None,
    exclude_job_id: int | None = None,
    *,
    ahri_number: str | None = None,
    site_is_new: bool = False,
    ref: reference.Reference | None = None,
) -> Context:
    """The facts the engine needs beyond the form. ``ahri_number``: a heat pump's AHRI
    number, looked up in the equipment directory (``ahri_known``). ``site_is_new``: the site
    was created in this transaction, so no other job can be at it yet (one query fewer).
    ``ref``: the reference data already read for this evaluation (``reference.current()``)."""
    ref = ref or reference.current()
    other_jobs: tuple[SiteJobFact, ...] = ()
    if site is not None and site.pk and not site_is_new:
        others = Job.objects.filter(site=site).exclude(status=Job.Status.IN_PROGRESS)
        if exclude_job_id:
            others = others.exclude(pk=exclude_job_id)
        other_jobs = tuple(
            SiteJobFact(measure_id, measure_type, status)
            for measure_id, measure_type, status in others.values_list(
                "measure_id", "measure_type", "status"
            )
        )
    return Context(
        certifications=certification_facts(technician),
        other_site_jobs=other_jobs,
        address_verified=site.verified if site is not None else True,
        program_administrator=utility.program_administrator if utility else "bpa",
        ring_calibrations=ref.calibrations,
        ahri_known=ahri_known(ahri_number, directory=ref.ahri_directory),
    )


def ahri_known(ahri_number: str | None, *, directory: bool | None = None) -> bool | None:
    """Whether the equipment directory lists the number (issue 8). None when there is no
    number or no directory (an empty AhriRating table): the engine then only asks for a
    number, as before the directory existed. ``directory``: whether the table has rows, when
    already known (``reference.current()``)."""
    if not ahri_number:
        return None
    if directory is None:
        directory = AhriRating.objects.exists()
    if not directory:
        return None
    return AhriRating.objects.filter(ahri_number=ahri_number.strip()).exists()


def ahri_prefill(ahri_number: str) -> dict | None:
    """The directory's values for a number by data-dictionary field names (the entry
    form's pre-fill); None when the number is not listed."""
    rating = AhriRating.objects.filter(ahri_number=ahri_number.strip()).first()
    if rating is None:
        return None
    return {
        "ahri_number": rating.ahri_number,
        "make": rating.make,
        "outdoor_model": rating.outdoor_model,
        "indoor_model": rating.indoor_model,
        "seer": rating.seer,
        "hspf": rating.hspf,
        "seer2": rating.seer2,
        "hspf2": rating.hspf2,
        "outdoor_capacity_tons": rating.capacity_tons,
    }


def active_rulesets() -> tuple[RuleSet, ...]:
    """The rule sets the engine uses (issue 8): the active RuleSetRecord rows, by
    effective_from. The built-in sets when no record is active (an empty table). Read through
    ``jobs.reference`` (kept per process while the table is unchanged)."""
    return reference.current().rulesets


def ruleset_rows() -> list[dict]:
    """Every stored rule set (active or not) for the staff review page, each threshold as a
    (name, value) row in the engine's field order; the built-ins when none is stored."""
    records = list(RuleSetRecord.objects.order_by("effective_from", "key"))
    if not records:
        records = [
            RuleSetRecord(
                key=rs.key,
                name=rs.name,
                effective_from=rs.effective_from,
                effective_to=rs.effective_to,
                sources=list(rs.sources),
                values=ruleset_to_record_values(rs),
                active=True,
            )
            for rs in BUILTIN_RULESETS
        ]
    rows = []
    for record in records:
        values = record.values if isinstance(record.values, dict) else {}
        order = [n for n in VALUE_FIELDS if n in values] + sorted(set(values) - set(VALUE_FIELDS))
        rows.append(
            {
                "record": record,
                "sources": record.sources if isinstance(record.sources, list) else [],
                "thresholds": [(name, values[name]) for name in order],
            }
        )
    return rows


def bulk_uploads_visible_to(user) -> QuerySet[BulkUpload]:
    """Bulk uploads of jobs (issue 8): the uploader's own; PTCS staff every upload."""
    qs = BulkUpload.objects.select_related("uploaded_by")
    if roles.has_role(user, Role.PTCS_STAFF):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(uploaded_by=user)


def get_bulk_upload_for_user(user, upload_id: int, *, write: bool = False) -> BulkUpload:
    """The upload if ``user`` may see it (``write``: correct its rows, the uploader only, since
    the jobs are entered in their name); 404 otherwise, so another's upload is not disclosed."""
    qs = bulk_uploads_visible_to(user)
    if write:
        qs = qs.filter(uploaded_by_id=user.pk)
    try:
        return qs.get(pk=upload_id)
    except (BulkUpload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such upload.") from None


def bulk_upload_rows(upload: BulkUpload) -> QuerySet[BulkUploadRow]:
    """An upload's rows in file order with their jobs, for the result page (one query)."""
    return upload.rows.select_related("job").order_by("row_number")
