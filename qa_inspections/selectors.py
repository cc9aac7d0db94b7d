"""Reads of quality assurance: who may see which inspections and assignments, and the QA rates
against the program's goal (seed 001 L27: "aim to inspect at least 10 percent of all jobs").

Every read starts from ``jobs.selectors.jobs_visible_to``, so a utility user only ever counts
or sees the jobs of their own utility, and Energy Trust staff those of their territory.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import User
from jobs.models import Job
from jobs.selectors import jobs_visible_to
from qa_inspections.models import Inspection, InspectionAssignment, Remediation
from utilities.models import Utility

Role = User.Role

#: Seed 001 L27: "inspect at least 10 percent of all jobs".
DEFAULT_TARGET_RATE = Decimal("0.10")
#: The rolling window the rate is measured over: the jobs completed in the last year.
DEFAULT_WINDOW_DAYS = 365

PASSING = (Inspection.Result.PASS, Inspection.Result.PASS_WITH_NOTES)


def target_rate() -> Decimal:
    """The share of jobs to inspect (settings.QA_TARGET_RATE, default 10 %, seed 001 L27)."""
    return Decimal(str(getattr(settings, "QA_TARGET_RATE", DEFAULT_TARGET_RATE)))


def window_days() -> int:
    return int(getattr(settings, "QA_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))


def default_window_start(today: datetime.date | None = None) -> datetime.date:
    """The first day of the rolling window ending today (local calendar day)."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=window_days())


# --- Rates --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    """QA numbers of one technician, company or utility (or all of them: ``total``).

    ``completed``: jobs completed in the window; ``inspected``: those with a submitted
    inspection; ``assigned``: those with an open assignment and no submitted inspection yet;
    ``submitted`` / ``passed``: their submitted inspections, and those that passed (with or
    without notes); ``open_remediations``: remediations of those jobs still open.
    """

    key: int | None
    label: str
    completed: int = 0
    inspected: int = 0
    assigned: int = 0
    submitted: int = 0
    passed: int = 0
    open_remediations: int = 0
    target: Decimal = DEFAULT_TARGET_RATE

    @property
    def rate(self) -> Decimal | None:
        """Inspected ÷ completed; None without completed jobs (there is nothing to inspect)."""
        return Decimal(self.inspected) / self.completed if self.completed else None

    @property
    def rate_percent(self) -> float | None:
        return _percent(self.inspected, self.completed)

    @property
    def below_goal(self) -> bool:
        """Fewer inspected than the goal asks (exact: 10 of 100 meets a 10 % goal, 9 does
        not). A row without completed jobs is not below it."""
        return self.completed > 0 and self.inspected < self.target * self.completed

    @property
    def pass_rate(self) -> Decimal | None:
        """Passed (with or without notes) ÷ submitted inspections; None before any."""
        return Decimal(self.passed) / self.submitted if self.submitted else None

    @property
    def pass_rate_percent(self) -> float | None:
        return _percent(self.passed, self.submitted)

    @property
    def failed(self) -> int:
        return self.submitted - self.passed

    def __add__(self, other: RateRow) -> RateRow:
        return replace(
            self, **{name: getattr(self, name) + getattr(other, name) for name in COUNTS}
        )


COUNTS = ("completed", "inspected", "assigned", "submitted", "passed", "open_remediations")


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class QaRates:
    """The QA rates of a set of jobs: per technician, company and utility, by name."""

    window_start: datetime.date
    target: Decimal
    total: RateRow
    by_technician: tuple[RateRow, ...] = field(default=())
    by_company: tuple[RateRow, ...] = field(default=())
    by_utility: tuple[RateRow, ...] = field(default=())

    @property
    def target_percent(self) -> float:
        return float(self.target * 100)


#: The grouping columns of the one query: each job belongs to exactly one technician, company and
#: utility, so the three tables are sums over the same disjoint groups.
GROUP_COLUMNS = (
    "technician_id",
    "technician__technician_id",
    "technician__user__username",
    "technician__user__first_name",
    "technician__user__last_name",
    "company_id",
    "company__name",
    "utility_id",
    "utility__name",
)


def _counts() -> dict[str, Count]:
    submitted = Q(inspections__status=Inspection.Status.SUBMITTED)
    # An open assignment whose inspection is not submitted yet (none, or a draft).
    waiting = Q(qa_assignments__status=InspectionAssignment.Status.OPEN) & ~Q(
        qa_assignments__inspection__status=Inspection.Status.SUBMITTED
    )
    # distinct=True throughout: the joins to inspections, assignments and remediations
    # multiply a job's row, and each count must count a job (or an inspection) once.
    return {
        "completed": Count("pk", distinct=True),
        "inspected": Count("pk", filter=submitted, distinct=True),
        "assigned": Count("pk", filter=waiting, distinct=True),
        "submitted": Count("inspections", filter=submitted, distinct=True),
        "passed": Count(
            "inspections", filter=submitted & Q(inspections__result__in=PASSING), distinct=True
        ),
        "open_remediations": Count(
            "remediations", filter=Q(remediations__status=Remediation.Status.OPEN), distinct=True
        ),
    }


def _technician_label(row: dict) -> str:
    user = row["technician__user__username"]
    name = f"{row['technician__user__first_name']} {row['technician__user__last_name']}".strip()
    tech_id = row["technician__technician_id"]
    return f"{name or user} ({tech_id})" if tech_id else name or user


def _fold(rows: Iterable[dict], key: str, label, target: Decimal) -> tuple[RateRow, ...]:
    folded: dict[int | None, RateRow] = {}
    for row in rows:
        part = RateRow(row[key], label(row), **{c: row[c] for c in COUNTS}, target=target)
        previous = folded.get(row[key])
        folded[row[key]] = previous + part if previous else part
    # By name, then id: two companies of one name stay in a stable order.
    return tuple(sorted(folded.values(), key=lambda r: (r.label.casefold(), r.key or 0)))


def qa_rates(
    jobs_qs: QuerySet[Job], window_start: datetime.date, *, target: Decimal | None = None
) -> QaRates:
    """QA rates of the completed jobs of ``jobs_qs`` completed on or after ``window_start``
    (a local calendar day), per technician, company and utility, against the goal (``target``,
    default settings.QA_TARGET_RATE; seed 001 L27).

    ``jobs_qs`` must already be scoped to the user (``jobs_visible_to``): this only narrows it.
    Every completed job counts, whatever its status, as the goal is "10 percent of all jobs".
    One query, whatever the number of jobs, technicians or utilities.
    """
    target = target_rate() if target is None else target
    start = timezone.make_aware(datetime.datetime.combine(window_start, datetime.time.min))
    rows = list(
        jobs_qs.filter(completed_at__gte=start)
        .exclude(status=Job.Status.IN_PROGRESS)
        # No ordering: Job's default ordering would otherwise join the GROUP BY.
        .order_by()
        .values(*GROUP_COLUMNS)
        .annotate(**_counts())
    )
    by_utility = _fold(rows, "utility_id", lambda r: r["utility__name"] or "No utility", target)
    total = RateRow(None, "All jobs", target=target)
    for row in by_utility:
        total += row
    return QaRates(
        window_start=window_start,
        target=target,
        total=total,
        by_technician=_fold(rows, "technician_id", _technician_label, target),
        by_company=_fold(rows, "company_id", lambda r: r["company__name"] or "No company", target),
        by_utility=by_utility,
    )


def territory_rates(
    user, *, utility: Utility | None = None, today: datetime.date | None = None
) -> QaRates:
    """The QA rates of ``user``'s territory (``jobs_visible_to``) over the rolling window
    (settings.QA_WINDOW_DAYS, default 365 days); ``utility`` narrows to one utility."""
    jobs = jobs_visible_to(user)
    if utility is not None:
        jobs = jobs.filter(utility=utility)
    return qa_rates(jobs, default_window_start(today))


# --- Who sees which inspections and assignments ---------------------------------------------------


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """PTCS staff: every inspection; Energy Trust staff: those of their territory's jobs (drafts
    included). Inspectors: their own. Utility users: submitted inspections of their utility's
    completed jobs; technicians: submitted inspections of their own jobs; company
    administrators: those of their company's jobs. Others: none."""
    user_roles = roles.roles_of(user)
    qs = Inspection.objects.select_related(
        "job__site",
        "job__technician__user",
        "job__company",
        "job__utility",
        "inspector",
        "remediation",
    )
    scope = Q(pk__in=[])
    visible_jobs = jobs_visible_to(user).values("pk")
    if user_roles & roles.STAFF_ROLES:
        scope |= Q(job__in=visible_jobs)
    if Role.QA_INSPECTOR in user_roles:
        scope |= Q(inspector_id=user.pk)
    if user_roles & {Role.UTILITY, Role.TECHNICIAN, Role.COMPANY_ADMIN}:
        # A draft is the inspector's working copy, not a finding yet.
        scope |= Q(job__in=visible_jobs, status=Inspection.Status.SUBMITTED)
    return qs.filter(scope)


def can_list_assignments(user) -> bool:
    """Inspectors (their open assignments) and staff (their territory's)."""
    return roles.has_role(user, Role.QA_INSPECTOR, *roles.STAFF_ROLES)


def assignments_visible_to(user) -> QuerySet[InspectionAssignment]:
    """Staff: every assignment of their territory's jobs, whatever its status. Inspectors:
    their own open assignments (what is left to inspect). Others: none."""
    user_roles = roles.roles_of(user)
    qs = InspectionAssignment.objects.select_related(
        "job__site",
        "job__technician__user",
        "job__company",
        "job__utility",
        "inspector",
        "inspection",
    )
    scope = Q(pk__in=[])
    if user_roles & roles.STAFF_ROLES:
        scope |= Q(job__in=jobs_visible_to(user).values("pk"))
    if Role.QA_INSPECTOR in user_roles:
        scope |= Q(inspector_id=user.pk, status=InspectionAssignment.Status.OPEN)
    return qs.filter(scope)
