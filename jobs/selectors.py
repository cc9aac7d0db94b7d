"""What each user may see of jobs, and the facts the engine needs.

Lists, details, the API and exports all go through ``jobs_visible_to`` and ``get_job_for_user``;
no view looks a job up by a number from the request on its own.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from jobs import facts, selectors
from jobs.models import (
    Job,
)
from jobs.rules import offers
from jobs.rules.offers import MeasureOffer
from jobs.rules.ruleset import ruleset_for
from jobs.rules.types import Context, MeasureType
from technicians.models import Application, TechnicianProfile
from utilities import administrators
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
        scope |= administrators.jobs_of({administrators.ENERGY_TRUST})
    if Role.UTILITY in user_roles and user.utility_id:
        scope |= Q(utility_id=user.utility_id) & ~Q(status=Job.Status.IN_PROGRESS)
    if Role.TECHNICIAN in user_roles:
        scope |= Q(technician__user_id=user.pk)
    if Role.COMPANY_ADMIN in user_roles:
        # Every job done for the company, whoever installed it and wherever they work now:
        # ``Job.company`` is fixed at entry.
        scope |= Q(company_id=user.administered_company_id)
    return qs.filter(scope)


#: The job's form data, computed values and checks: kilobytes of JSON per job that list pages
#: do not show (a list defers them; detail pages and exports load them).
LIST_DEFERRED = ("data", "computed", "checks")

#: The only columns "My jobs" reads (jobs/mine.html and ``may_continue``) of the job and the
#: rows ``my_jobs`` joins: about a third of them, so less SQL to send and fewer values (some 400
#: timestamps a page) to convert. A column missing here would cost one query per row, which the
#: pinned query counts of tests/jobs/test_views_queries.py catch.
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
    """The technicians ``user`` may enter and complete jobs for, each holding a PTCS Technician
    ID: a technician themself; a company administrator the company's current technicians (a
    technician who left is no longer theirs to enter for); PTCS staff anyone (bulk upload on a
    contractor's behalf). Their certification is what the engine checks."""
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
    done for the company, with who entered each.

    The technician is matched by a scalar subquery, a value PostgreSQL knows before it scans,
    so the newest-first page walks job_technician_recent_idx in order instead of sorting every
    job of a busy technician (under 1 ms instead of 1.1 s for 67,000 jobs; bench/run.py)."""
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


def utilities_serving(zip_code: str) -> QuerySet[Utility]:
    """The utilities whose territory includes ``zip_code`` (spec §6)."""
    zip5 = (zip_code or "").strip()[:5]
    if not (len(zip5) == 5 and zip5.isascii() and zip5.isdigit()):
        # No utility serves it; and PostgreSQL refuses some strings outright (NUL bytes).
        return Utility.objects.none()
    return Utility.objects.filter(zips__zip_code=zip5).order_by("name").distinct()


def unknown_technician_ids(ids: tuple[int, ...]) -> list[int]:
    """The Technician IDs of ``ids`` that no technician of the registry has, in order."""
    known = set(
        TechnicianProfile.objects.filter(technician_id__in=ids).values_list(
            "technician_id", flat=True
        )
    )
    return [i for i in ids if i not in known]


def technician_for(user) -> TechnicianProfile | None:
    return TechnicianProfile.objects.filter(user=user).select_related("company", "user").first()


def can_enter_jobs(user) -> bool:
    """Technicians with a PTCS Technician ID, and company administrators with at least one
    such technician. Staff enter on a contractor's behalf by bulk upload only.

    Asked twice a page (the page's gate and the site menu), so the answer is kept on the
    user object for the rest of the request, as Django keeps a user's permissions."""
    cached = getattr(user, "_may_enter_jobs", None)
    if cached is None:
        cached = _can_enter_jobs(user)
        if getattr(user, "is_authenticated", False):
            user._may_enter_jobs = cached
    return cached


def _can_enter_jobs(user) -> bool:
    if not roles.has_role(user, User.Role.TECHNICIAN, User.Role.COMPANY_ADMIN):
        return False
    return selectors.entry_technicians(user).exists()


def entry_refusal(user) -> str:
    """Why ``user`` may not enter jobs and what to do about it: what the job entry pages' 403
    page says (``can_enter_jobs`` is False)."""
    user_roles = roles.roles_of(user)
    if Role.TECHNICIAN in user_roles:
        pending = Application.objects.filter(
            applicant_id=user.pk,
            kind=Application.Kind.TECHNICIAN,
            status=Application.Status.PENDING,
        ).exists()
        if pending:
            return (
                "Your application is being reviewed; you can enter jobs once it is approved. "
                "PTCS staff will e-mail you their decision."
            )
        return (
            "You can enter jobs once you are a certified technician with a PTCS Technician ID: "
            "send a Certified Technician Application from My certification."
        )
    if Role.COMPANY_ADMIN in user_roles:
        return (
            "None of your company's technicians has a PTCS Technician ID yet. You can enter "
            "jobs for them once they are certified and have joined your company (invite them "
            "from My company)."
        )
    refusal = "Job entry is for certified technicians and their company administrators."
    if Role.PTCS_STAFF in user_roles:
        refusal += " PTCS staff enter jobs on a contractor's behalf by bulk upload."
    return refusal


def measure_offers(user, install_date: datetime.date) -> list[MeasureOffer]:
    """The measure type choice of job entry: every measure type, offered or shown disabled
    with the reason, for the technicians ``user`` enters jobs for (``entry_technicians``) and
    their certifications on ``install_date`` under the rule set in force then (the same
    certification check as Complete: jobs.rules.offers).

    A company administrator chooses the installing technician on the next page: a measure is
    offered when any of the company's technicians may install it, and the note names those
    who may when not all of them can."""
    technicians = list(entry_technicians(user))
    certifications = facts.certification_facts_of(technicians)
    rulesets = facts.active_rulesets()
    rs = ruleset_for(install_date, rulesets) or rulesets[-1]
    entry_date = timezone.localdate()
    per_technician = [
        (
            profile,
            offers.measure_offers(
                install_date,
                Context(certifications=certifications[profile.pk], entry_date=entry_date),
                rs,
            ),
        )
        for profile in technicians
    ]
    if len(per_technician) == 1 and per_technician[0][0].user_id == user.pk:
        return list(per_technician[0][1])
    return [_company_offer(measure, install_date, per_technician) for measure in MeasureType]


def _company_offer(measure: MeasureType, install_date, per_technician) -> MeasureOffer:
    """One measure for a company administrator: offered when any technician may install it."""
    mine = [
        (profile, next(o for o in made if o.measure == measure)) for profile, made in per_technician
    ]
    able = [(profile, offer) for profile, offer in mine if offer.available]
    label = Job.MeasureType(measure).label
    if not able:
        return MeasureOffer(
            measure,
            False,
            f"None of your technicians was certified for {label} on {install_date}.",
        )
    if all(not offer.note for _, offer in able) and len(able) == len(mine):
        return MeasureOffer(measure, True)
    fully = [profile for profile, offer in able if not offer.note]
    if not fully:  # a ground source heat pump no one technician may install alone
        return MeasureOffer(
            measure,
            True,
            f"None of your technicians held every qualification on {install_date}: name the "
            "other technicians present at the installation, by Technician ID, on the form.",
        )
    names = ", ".join(profile.user.get_full_name() or profile.user.username for profile in fully)
    return MeasureOffer(measure, True, f"On {install_date}, certified for it: {names}.")
