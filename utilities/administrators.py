"""Which program administrator decides a job, and whose staff decide which jobs: the one home
of the territory rule.

Energy Trust of Oregon administers the jobs of its utilities; BPA every other job, a job with
no utility included (seed 000 L45-48: jobs of Energy Trust customers go to Energy Trust, "not
BPA"; L59: no BPA payment for them). PTCS staff decide BPA's jobs, program administrator staff
(Energy Trust) decide Energy Trust's, never the other's: in review, staff corrections, the QA
sample and inspection lists, and the reports of a territory.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from accounts import roles
from accounts.models import User
from utilities.models import Utility

BPA = Utility.ProgramAdministrator.BPA
ENERGY_TRUST = Utility.ProgramAdministrator.ENERGY_TRUST
ADMINISTRATORS = (BPA, ENERGY_TRUST)

#: The staff who decide each administrator's jobs.
DECIDING_ROLE = {BPA: User.Role.PTCS_STAFF, ENERGY_TRUST: User.Role.PROGRAM_ADMIN}
#: How a person names each administrator's territory and the staff who decide its jobs.
TERRITORY_NAME = {BPA: "BPA territory", ENERGY_TRUST: "Energy Trust territory"}
DECIDERS_NAME = {BPA: "PTCS staff", ENERGY_TRUST: "Energy Trust staff"}


def administrator_of_utility(utility: Utility | None) -> str:
    if utility is not None and utility.program_administrator == ENERGY_TRUST:
        return ENERGY_TRUST
    return BPA


def administrator_of(job) -> str:
    """Who decides ``job``: Energy Trust for its utilities' jobs, BPA for every other."""
    return administrator_of_utility(job.utility if job.utility_id else None)


def administrators_decided_by(user) -> set[str]:
    """The administrators whose jobs ``user`` decides (none for anyone but their staff)."""
    user_roles = roles.roles_of(user)
    return {admin for admin, role in DECIDING_ROLE.items() if role in user_roles}


def decides(user, administrator: str) -> bool:
    """Whether ``user`` decides the jobs of ``administrator``'s territory."""
    return administrator in administrators_decided_by(user)


def jobs_of(administrators: Iterable[str], *, utility_field: str = "utility") -> Q:
    """A filter on jobs (or on rows whose ``utility_field`` leads to a job's utility) for the
    jobs of ``administrators``."""
    administrators = set(administrators)
    energy_trust = Q(**{f"{utility_field}__program_administrator": ENERGY_TRUST})
    scope = Q(pk__in=[])
    if BPA in administrators:
        scope |= Q(**{f"{utility_field}__isnull": True}) | ~energy_trust
    if ENERGY_TRUST in administrators:
        scope |= energy_trust
    return scope


def jobs_decided_by(user) -> Q:
    """A filter on jobs for those ``user`` decides."""
    return jobs_of(administrators_decided_by(user))


def utilities_of(administrators: Iterable[str]) -> Q:
    """A filter on utilities for those of ``administrators``."""
    return Q(program_administrator__in=set(administrators))
