"""Synthetic data at scale, for the scale benchmark (bench/run.py: a million jobs by default):
``python manage.py generate_jobs N``.

Creates (idempotently) K utilities with ZIP territories and a utility user each, companies,
T technicians certified in every type since 2014, and then N jobs with their sites and one
JobStatusChange each, spread over every measure type, status, utility and technician and over
install dates from 2016 to 2025.

Realistic without running the services a million times: every (measure type, variant,
quarter) template payload is evaluated once by the real engine (``jobs.rules.evaluate`` with
the active rule sets) and its data, computed values and checks are reused, so every row's
status agrees with its checks and rule set. Measure IDs and primary keys are reserved from the
same database sequences the services use (``sampledata.bulk_insert.reserve_ids``), so a later
``job_submit`` never collides. Rows go in by COPY on PostgreSQL (``sampledata.bulk_insert.insert_rows``).

Not written for generated jobs: django-simple-history rows (the job's "history" page shows
no versions for them) and utility notices (``utility_notified_at`` is set, as if sent).
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from jobs import facts
from jobs.dictionary import inputs
from jobs.dictionary.address import ordinal_street_name
from jobs.dictionary.examples import BASE, VARIANTS
from jobs.models import MEASURE_ID_OFFSET, Job, JobStatusChange, MeasureIdAllocation, Site
from jobs.rules import Context, evaluate
from jobs.rules.types import CertificationFact
from jobs.services import json_ready
from sampledata import bulk_insert
from technicians.models import (
    Certification,
    CertificationStatusChange,
    CertificationType,
    Company,
    CompanyMembership,
    TechnicianIdAllocation,
    TechnicianProfile,
)
from utilities.models import ServiceZip, Utility

PREFIX = "gen"
CERTIFIED_SINCE = datetime.date(2014, 1, 1)
FIRST_YEAR, LAST_YEAR = 2016, 2025
ZIPS_PER_UTILITY = 5
#: Share of the jobs by measure type (heat pumps and duct sealing dominate, GSHP is rare).
MEASURE_WEIGHTS = {
    "ashp": 35,
    "vshp": 10,
    "gshp": 5,
    "duct_sealing_ptcs": 30,
    "duct_sealing_prescriptive": 20,
}
#: Share of completed jobs by status, among the statuses a measure's templates can reach.
STATUS_WEIGHTS = {
    "bpa_approved": 70,
    "bpa_pending": 8,
    "rejected": 8,
    "ptcs_certified_only": 6,
    "record_only": 3,
}
IN_PROGRESS_SHARE = 0.08
#: A job at a home that already has one (a heat pump and duct sealing at one site).
SHARED_SITE_SHARE = 0.15
#: Each street as shown and as the site's key spells it ("SIXTH ST" is keyed "6TH ST"), so a
#: job typed at a generated address finds the generated site.
STREETS = [
    (f"{name} {kind}", f"{ordinal_street_name(name)} {kind}")
    for name in (
        "MEADE",
        "WINE COUNTRY",
        "SIXTH",
        "BENITZ",
        "ELM",
        "OAK",
        "CEDAR",
        "COLUMBIA",
        "YAKIMA",
        "RIVER",
        "MAPLE",
        "HILLCREST",
        "LINCOLN",
        "WASHINGTON",
        "MILL",
        "ORCHARD",
    )  # fmt: skip
    for kind in ("AVE", "ST", "RD", "DR", "LN")
]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Cara",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
]
LAST_NAMES = ["Nguyen", "Olsen", "Patel", "Quinn", "Reyes", "Smith", "Tran", "Ueda", "Vance", "Wu"]
PLACES = [
    ("Columbia Basin PUD", "WA", "99"), ("Palouse Electric", "WA", "99"),
    ("Willamette Power", "OR", "97"), ("Skagit Valley PUD", "WA", "98"),
    ("Snake River Co-op", "ID", "83"), ("Umpqua Light", "OR", "97"),
]  # fmt: skip


@dataclass
class Population:
    utilities: list[Utility]
    #: utility index → [(technician profile id, user id, company id)], busiest first.
    technicians: dict[int, list[tuple[int, int, int | None]]]
    utility_users: list[User]
    zips: dict[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    status: str
    ruleset: str
    category: str
    data: str
    computed: str
    checks: str
    reasons: str


def ensure_population(*, utilities: int, technicians: int) -> Population:
    """The utilities, companies, technicians and utility users, created once (by name)."""
    utility_rows = []
    zips = {}
    for k in range(utilities):
        place, state, zip_head = PLACES[k % len(PLACES)]
        program = (
            Utility.ProgramAdministrator.ENERGY_TRUST
            if state == "OR"
            else Utility.ProgramAdministrator.BPA
        )
        utility, _ = Utility.objects.get_or_create(
            name=f"{place} {k + 1:02d} ({PREFIX})",
            defaults={
                "program_administrator": program,
                "contact_email": f"conservation{k + 1}@{PREFIX}-utility.example",
            },
        )
        zips[k] = [f"{zip_head}{k:02d}{j}"[:5].ljust(5, "0") for j in range(ZIPS_PER_UTILITY)]
        for zip_code in zips[k]:
            ServiceZip.objects.get_or_create(utility=utility, zip_code=zip_code)
        utility_rows.append(utility)
    users = []
    for k, utility in enumerate(utility_rows):
        user, _ = User.objects.get_or_create(
            username=f"{PREFIX}-utility-{k + 1:02d}",
            defaults={
                "role": User.Role.UTILITY,
                "utility": utility,
                "email": f"{PREFIX}-utility-{k + 1:02d}@example.com",
            },
        )
        users.append(user)
    companies = [
        Company.objects.get_or_create(
            license_number=f"{PREFIX.upper()}{c:05d}",
            defaults={"name": f"{LAST_NAMES[c % len(LAST_NAMES)]} Heating & Cooling {c + 1}"},
        )[0]
        for c in range(max(1, technicians // 8))
    ]
    by_utility: dict[int, list[tuple[int, int, int | None]]] = {k: [] for k in range(utilities)}
    for t in range(technicians):
        profile = _technician(t, companies[t % len(companies)])
        by_utility[t % utilities].append((profile.pk, profile.user_id, profile.company_id))
    return Population(utility_rows, by_utility, users, zips)


def _technician(t: int, company: Company) -> TechnicianProfile:
    user, created = User.objects.get_or_create(
        username=f"{PREFIX}-tech-{t + 1:04d}",
        defaults={
            "role": User.Role.TECHNICIAN,
            "first_name": FIRST_NAMES[t % len(FIRST_NAMES)],
            "last_name": LAST_NAMES[(t // len(FIRST_NAMES)) % len(LAST_NAMES)],
            "email": f"{PREFIX}-tech-{t + 1:04d}@example.com",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    profile, created = TechnicianProfile.objects.get_or_create(
        user=user, defaults={"company": company}
    )
    if not created:
        return profile
    profile.technician_id = TechnicianProfile.ID_OFFSET + TechnicianIdAllocation.objects.create().pk
    profile.save(update_fields=["technician_id"])
    CompanyMembership.objects.create(
        technician=profile, company=company, started_on=CERTIFIED_SINCE
    )
    for cert_type in CertificationType.values:
        cert = Certification.objects.create(
            technician=profile,
            cert_type=cert_type,
            status=Certification.Status.ACTIVE,
            effective_date=CERTIFIED_SINCE,
        )
        CertificationStatusChange.objects.create(
            certification=cert,
            from_status=Certification.Status.APPLIED,
            to_status=Certification.Status.ACTIVE,
            reason="Generated (generate_jobs).",
        )
    return profile


#: Parsing needs a site and a utility; the template's own site is not stored (rows get theirs).
TEMPLATE_SITE = {
    "street_address": "1 Main St",
    "city": "Prosser",
    "state": "WA",
    "zip_code": "99350",
    "electric_utility": "Template utility",
}


def quarters() -> list[datetime.date]:
    return [
        datetime.date(year, month, 1)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for month in (1, 4, 7, 10)
    ]


def build_templates() -> dict[tuple[str, datetime.date], dict[str, list[Template]]]:
    """(measure type, quarter) → status → templates, each evaluated once by the engine for a
    technician certified in every type (rule sets start on quarter days: 2015-04-01,
    2019-10-01, so any install date in the quarter gets the same rule set)."""
    rulesets = facts.active_rulesets()
    certs = tuple(
        CertificationFact(c, ((CERTIFIED_SINCE, None),)) for c in CertificationType.values
    )
    context = Context(certifications=certs)
    today = timezone.localdate()
    out: dict[tuple[str, datetime.date], dict[str, list[Template]]] = {}
    for quarter in quarters():
        for measure, base in BASE.items():
            by_status: dict[str, list[Template]] = {}
            for variant, in_progress in [({}, True)] + [(v, False) for v in VARIANTS]:
                payload = {**base, **variant, **TEMPLATE_SITE, "install_date": quarter.isoformat()}
                parsed = inputs.parse(payload, completing=not in_progress, today=today)
                if parsed.errors:
                    continue
                # As Save Progress does: the checks of questions not answered yet wait.
                decision = evaluate(
                    parsed.engine_facts(),
                    context,
                    rulesets=rulesets,
                    in_progress=in_progress,
                    unanswered=parsed.questions_left if in_progress else (),
                    labels=inputs.LABELS,
                )
                status = Job.Status.IN_PROGRESS if in_progress else decision.status.value
                reasons = [
                    {"rule": c.rule, "source": c.source, "message": c.message}
                    for c in decision.failed
                ]
                by_status.setdefault(status, []).append(
                    Template(
                        status=status,
                        ruleset=decision.ruleset,
                        category=decision.category or "",
                        data=json.dumps(json_ready(parsed.facts)),
                        computed=json.dumps(json_ready(decision.computed), default=str),
                        checks=json.dumps([c.as_dict() for c in decision.checks], default=str),
                        reasons=json.dumps(reasons),
                    )
                )
            out[(measure, quarter)] = by_status
    return out


JOB_COLUMNS = (
    "id", "created_at", "updated_at", "measure_id", "measure_type", "status", "site_id",
    "technician_id", "company_id", "utility_id", "entered_by_id", "install_date", "data",
    "computed", "checks", "ruleset", "category", "completed_at", "utility_notified_at",
    "pending_since",
)  # fmt: skip
SITE_COLUMNS = (
    "id", "created_at", "updated_at", "street_address", "street_address_2", "city", "state",
    "zip_code", "normalized_key", "verified", "verification_note",
)  # fmt: skip
CHANGE_COLUMNS = (
    "job_id",
    "from_status",
    "to_status",
    "reasons",
    "ruleset",
    "actor_id",
    "note",
    "override_reason",
    "overridden_rules",
    "at",
)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate_jobs(
    count: int,
    *,
    population: Population,
    seed: int = 0,
    batch_size: int = 50_000,
    progress: Callable[[int, float], None] | None = None,
) -> int:
    """Write ``count`` jobs (with sites and status changes) in batches, one transaction each.
    Returns the number written."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    templates = build_templates()
    qs = quarters()
    states = {k: PLACES[k % len(PLACES)][1] for k in range(len(population.utilities))}
    # The first utility is the big one (about a quarter of the jobs): deep pages and large
    # exports have something to chew on. Within a utility a few technicians do most jobs.
    utility_weights = [6] + [1] * (len(population.utilities) - 1)
    tech_weights = {
        k: [1 / (rank + 1) for rank in range(len(techs))]
        for k, techs in population.technicians.items()
    }
    site_number = Site.objects.count()  # street numbers continue after existing sites
    #: utility index → its newest site: an id, or -(index + 1) into this batch's new sites.
    last_site: dict[int, int] = {}
    now = timezone.now()
    started, written = time.monotonic(), 0
    while written < count:
        size = min(batch_size, count - written)
        with transaction.atomic():
            job_ids = bulk_insert.reserve_ids(Job, size)
            measure_ids = [
                MEASURE_ID_OFFSET + i for i in bulk_insert.reserve_ids(MeasureIdAllocation, size)
            ]
            if measure_ids[-1] > 9_999_999:
                raise ValueError("Measure IDs would pass 7 digits (seed 000 L49-50).")
            sites, jobs, changes = [], [], []
            for n in range(size):
                k = rng.choices(range(len(population.utilities)), weights=utility_weights)[0]
                tech_id, user_id, company_id = rng.choices(
                    population.technicians[k], weights=tech_weights[k]
                )[0]
                if k not in last_site or rng.random() >= SHARED_SITE_SHARE:
                    zip_code = rng.choice(population.zips[k])
                    number = 100 + site_number // len(STREETS)
                    shown, keyed = STREETS[site_number % len(STREETS)]
                    line, key = f"{number} {shown}", f"{number} {keyed}"
                    site_number += 1
                    sites.append(
                        [None, now, now, line, "", f"TOWN {zip_code}", states[k], zip_code,
                         f"{key}||{zip_code}", True, ""]
                    )  # fmt: skip
                    last_site[k] = -len(sites)
                measure = _pick(rng, MEASURE_WEIGHTS)
                quarter = rng.choice(qs)
                by_status = templates[(measure, quarter)]
                if rng.random() < IN_PROGRESS_SHARE:
                    status = Job.Status.IN_PROGRESS
                else:
                    reachable = {s: w for s, w in STATUS_WEIGHTS.items() if s in by_status}
                    status = _pick(rng, reachable)
                template = rng.choice(by_status[status])
                install = quarter + datetime.timedelta(days=rng.randrange(90))
                created = timezone.make_aware(
                    datetime.datetime.combine(install, datetime.time(8))
                    + datetime.timedelta(days=rng.randrange(21), seconds=rng.randrange(36000))
                )
                created = min(created, now)
                completed = None
                if status != Job.Status.IN_PROGRESS:
                    completed = min(created + datetime.timedelta(hours=rng.randrange(72)), now)
                jobs.append(
                    [job_ids[n], created, completed or created, measure_ids[n], measure, status,
                     last_site[k], tech_id, company_id, population.utilities[k].pk, user_id,
                     install, template.data, template.computed, template.checks,
                     template.ruleset, template.category, completed, completed,
                     completed if status == Job.Status.BPA_PENDING else None]
                )  # fmt: skip
                changes.append(
                    (job_ids[n], "", status, template.reasons, template.ruleset, user_id, "", "",
                     "[]", completed or created)
                )  # fmt: skip
            site_ids = bulk_insert.reserve_ids(Site, len(sites))
            for row, site_id in zip(sites, site_ids, strict=True):
                row[0] = site_id
            for job in jobs:
                if job[6] < 0:
                    job[6] = site_ids[-job[6] - 1]
            last_site = {k: site_ids[-v - 1] if v < 0 else v for k, v in last_site.items()}
            bulk_insert.insert_rows(Site, SITE_COLUMNS, sites)
            bulk_insert.insert_rows(Job, JOB_COLUMNS, jobs)
            bulk_insert.insert_rows(JobStatusChange, CHANGE_COLUMNS, changes)
        written += size
        if progress:
            progress(written, time.monotonic() - started)
    return written


def generated_jobs_exist() -> bool:
    return Job.objects.filter(technician__user__username__startswith=f"{PREFIX}-tech-").exists()
