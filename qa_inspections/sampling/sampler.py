"""Which completed jobs to inspect: the QA sample (seed 001 L27: "The PTCS and Prescriptive
Programs aim to inspect at least 10 percent of all jobs for quality assurance").

Pure rules: plain facts in, selections with their reasons out; no ORM, no clock.
``qa_inspections.sampling.services.sample_run`` builds the facts of the rolling window from the
database and stores the seed and the inputs, so ``sample_reproduce`` can show that the same
seed gives the same jobs.

The guarantee, after a run: every technician and every utility has at least
``ceil(rate × completed jobs in the window)`` jobs inspected or assigned, where the rate is
``boosted_rate`` for a newly certified technician or one with a failed inspection in the
window (the technicians whose work most needs checking), ``target_rate`` otherwise (utilities
always ``target_rate``). Ten percent of everyone's jobs is then at least ten percent of all
jobs. Jobs are added only where a group is
short, so the sample stays close to the minimum that meets every goal.

Order of the top-ups: technicians first (by id), then utilities (by id), counting what the
technician top-ups already chose. Within a group the missing jobs are drawn with
``random.Random(seed)`` from its not-yet-chosen jobs in job-id order, so the result depends on
the seed and the facts only, never on the order the facts were given in.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

#: Seed 001 L27: "aim to inspect at least 10 percent of all jobs" (setting QA_TARGET_RATE).
TARGET_RATE = Decimal("0.10")
#: Twice the goal for the technicians whose work most needs checking: newly certified, or
#: with a recent failed inspection (setting QA_BOOSTED_RATE; not a seed figure).
BOOSTED_RATE = Decimal("0.20")
#: "Newly certified": the technician's first certification took effect within 12 months.
NEWLY_CERTIFIED_DAYS = 365


@dataclass(frozen=True)
class JobFact:
    """A job completed in the window. ``job_id`` is the Job's primary key."""

    job_id: int
    technician_id: int
    utility_id: int | None
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class TechnicianFact:
    technician_id: int
    newly_certified: bool = False
    recent_failure: bool = False
    #: How reasons name the technician (their PTCS Technician ID); the id when empty.
    label: str = ""

    @property
    def boosted(self) -> bool:
        return self.newly_certified or self.recent_failure


@dataclass(frozen=True)
class Selection:
    job_id: int
    reasons: list[str] = field(default_factory=list)


def as_rate(value: Decimal | float | str) -> Decimal:
    """The rate as an exact Decimal (``0.1 * 30`` is 3.0000000000000004 in floats, whose
    ceiling would be 4); ValueError unless 0 < rate <= 1."""
    rate = Decimal(str(value))
    if not (rate.is_finite() and 0 < rate <= 1):
        raise ValueError(f"A sampling rate must be above 0 and at most 1, not {value!r}.")
    return rate


def goal(completed: int, rate: Decimal | float | str) -> int:
    """How many of ``completed`` jobs must be inspected at ``rate``: always rounded up, so 9, 10
    and 11 jobs need 1, 1 and 2 at 10 % (seed 001 L27: "at least")."""
    return math.ceil(as_rate(rate) * completed)


def is_newly_certified(first_effective: datetime.date | None, today: datetime.date) -> bool:
    """True when the technician's first certification took effect within the last
    NEWLY_CERTIFIED_DAYS (365 days ago still counts, 366 does not)."""
    if first_effective is None:
        return False
    return (today - first_effective).days <= NEWLY_CERTIFIED_DAYS


def percent(rate: Decimal | float | str) -> str:
    """``0.10`` → ``"10"``, ``0.125`` → ``"12.5"``."""
    return f"{(as_rate(rate) * 100).normalize():f}"


def _jobs(count: int) -> str:
    return "1 job" if count == 1 else f"{count} jobs"


def _technician_reason(fact: TechnicianFact, rate: Decimal) -> Callable[[int, int, int], str]:
    name = f"technician {fact.label or fact.technician_id}"
    if fact.newly_certified:
        name = f"newly certified {name}"
    if fact.recent_failure:
        name = f"{name}, with a recent failed inspection,"

    def reason(have: int, completed: int, needed: int) -> str:
        return (
            f"selected because {name} had {have} of {_jobs(completed)} inspected "
            f"(goal {percent(rate)} %: {needed})"
        )

    return reason


def _utility_reason(name: str, rate: Decimal) -> Callable[[int, int, int], str]:
    def reason(have: int, completed: int, needed: int) -> str:
        return (
            f"selected because {name} had {have} of {_jobs(completed)} inspected "
            f"(goal {percent(rate)} %: {needed})"
        )

    return reason


def _top_up(
    group: list[int],
    rate: Decimal,
    reason: Callable[[int, int, int], str],
    covered: set[int],
    chosen: dict[int, str],
    rng: random.Random,
) -> None:
    """Choose at random, among the group's jobs not yet covered or chosen, as many as it lacks
    to reach ``goal(len(group), rate)``. ``group`` is in job-id order (reproducibility)."""
    needed = goal(len(group), rate)
    have = sum(1 for job_id in group if job_id in covered or job_id in chosen)
    if have >= needed:
        return
    candidates = [job_id for job_id in group if job_id not in covered and job_id not in chosen]
    why = reason(have, len(group), needed)
    for job_id in rng.sample(candidates, min(needed - have, len(candidates))):
        chosen[job_id] = why


def select_sample(
    jobs: Iterable[JobFact],
    already: Iterable[int],
    technicians: Iterable[TechnicianFact],
    seed: int,
    target_rate: Decimal | float | str = TARGET_RATE,
    boosted_rate: Decimal | float | str = BOOSTED_RATE,
    *,
    utility_names: Mapping[int, str] | None = None,
) -> list[Selection]:
    """The jobs to assign for inspection, in job-id order, each with why it was chosen.

    ``jobs``: the jobs completed in the window; ``already``: ids of jobs inspected or assigned
    (they count toward the goals and are never chosen again; ids outside ``jobs`` are
    ignored); ``technicians``: the weighting facts (a technician without one gets
    ``target_rate``); ``seed``: the same seed and facts always give the same selection.
    ValueError on a rate outside (0, 1].
    """
    target, boosted = as_rate(target_rate), as_rate(boosted_rate)
    facts = {fact.technician_id: fact for fact in technicians}
    names = utility_names or {}
    # Deduplicated and in job-id order: the draw must not depend on how the facts were listed.
    ordered = sorted({job.job_id: job for job in jobs}.values(), key=lambda job: job.job_id)
    already_ids = set(already)
    covered = {job.job_id for job in ordered if job.job_id in already_ids}
    by_technician: dict[int, list[int]] = defaultdict(list)
    by_utility: dict[int, list[int]] = defaultdict(list)
    for job in ordered:
        by_technician[job.technician_id].append(job.job_id)
        if job.utility_id is not None:
            by_utility[job.utility_id].append(job.job_id)

    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    chosen: dict[int, str] = {}
    for technician_id in sorted(by_technician):
        fact = facts.get(technician_id) or TechnicianFact(technician_id)
        rate = boosted if fact.boosted else target
        reason = _technician_reason(fact, rate)
        _top_up(by_technician[technician_id], rate, reason, covered, chosen, rng)
    for utility_id in sorted(by_utility):
        reason = _utility_reason(names.get(utility_id) or f"utility {utility_id}", target)
        _top_up(by_utility[utility_id], target, reason, covered, chosen, rng)
    return [Selection(job_id, [chosen[job_id]]) for job_id in sorted(chosen)]
