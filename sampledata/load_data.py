"""Data for the loopback load test (bin/loadtest, bench/load/locustfile.py): idempotent.

On top of the demo data (sampledata.demo: the four utilities, their ZIPs and the ring
calibration) it makes certified technicians with API tokens, utility users spread over the
utilities, PTCS staff, and jobs entered through ``jobs.services.job_submit`` exactly as the
entry form and the API enter them (real measure IDs, checks, status rows, utility notices).
Every load account has the demo password. Never run this against production data.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from jobs import services as job_services
from jobs.models import Job
from sampledata.demo import DEMO_JOBS, DEMO_PASSWORD, UTILITIES, certified_technician, seed_demo
from technicians.models import (
    Company,
)
from utilities.models import Utility

PREFIX = "load-"
BATCH = 100
COMPANIES = 4
#: Install dates: after the technicians' certification (DEMO_EPOCH), inside rule set
#: ptcs-2019-10, and never in the future.
FIRST_INSTALL = datetime.date(2024, 2, 1)
INSTALL_SPAN_DAYS = 320
STREETS = ("Meade", "Wine Country", "Benitz", "Sixth", "Grant", "Yakima", "Bennett", "Paterson")

#: The demo's complete payloads (sampledata.demo.DEMO_JOBS) by measure, reused with another
#: address, utility and install date; "duct_start" is the duct job saved after the pre-test
#: (In Progress), which the post-test then completes.
_COMPLETE = {p["measure_type"]: p for action, p, _status in DEMO_JOBS if action == "complete"}
PAYLOADS: dict[str, dict[str, Any]] = {
    "ashp": _COMPLETE["ashp"],
    "duct": _COMPLETE["duct_sealing_ptcs"],
    "gshp": _COMPLETE["gshp"],
    "duct_start": {k: v for k, v in _COMPLETE["duct_sealing_ptcs"].items() if k != "post_cfm50"},
}
#: The field that completes a "duct_start" job.
DUCT_FINISH = {"post_cfm50": _COMPLETE["duct_sealing_ptcs"]["post_cfm50"]}
#: What the job mix looks like, in a cycle of 20: mostly heat pumps and duct sealing that
#: complete straight away, some ground source heat pumps (always BPA Pending: the staff review
#: queue, seed 000 L29) and some duct jobs saved In Progress after the pre-test.
JOB_MIX = ("ashp",) * 10 + ("duct",) * 6 + ("gshp",) * 2 + ("duct_start",) * 2
ADDRESS_FIELDS = ("street_address", "city", "state", "zip_code", "electric_utility")


@dataclass(frozen=True)
class Territory:
    """One utility and a ZIP code it serves, with the city the load jobs put there."""

    utility: str
    zip_code: str
    city: str
    state: str


TERRITORIES = tuple(
    Territory(name, zip_code, *_city)
    for (name, _admin, _contact, zips), _city in zip(
        UTILITIES,
        (("Prosser", "WA"), ("Vancouver", "WA"), ("Portland", "OR"), ("Salem", "OR")),
        strict=True,
    )
    for zip_code in zips[:2]
)


def job_payload(kind: str, number: int, territory: Territory) -> dict[str, Any]:
    """A payload for ``job_submit`` of ``kind`` (a key of PAYLOADS) at a house numbered
    ``number``, unique per number so that the one-per-home rule does not come into play."""
    street = STREETS[number % len(STREETS)]
    return {
        **PAYLOADS[kind],
        "street_address": f"{10 + number // len(STREETS)} {street} Ave",
        "city": territory.city,
        "state": territory.state,
        "zip_code": territory.zip_code,
        "electric_utility": territory.utility,
        "install_date": (
            FIRST_INSTALL + datetime.timedelta(days=number % INSTALL_SPAN_DAYS)
        ).isoformat(),
    }


def _account(username: str, password_hash: str, **fields) -> User:
    email = f"{username}@load.example"
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={"email": email, "password": password_hash, **fields},
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def _accounts(*, technicians: int, utility_users: int, staff: int) -> dict[str, list[User]]:
    # One hash for every account: hashing the same password 30 times would only cost time.
    password_hash = make_password(DEMO_PASSWORD)
    staff_users = [
        _account(f"{PREFIX}staff-{n}", password_hash, role=User.Role.PTCS_STAFF, first_name="Load")
        for n in range(1, staff + 1)
    ]
    actor = staff_users[0] if staff_users else User.objects.get(username="demo-staff")
    companies = [
        Company.objects.update_or_create(
            license_number=f"LOADTEST{n:04d}",
            defaults={
                "name": f"Load Test Heating {n}",
                "street_address": "1 Main St",
                "city": "Prosser",
                "state": "WA",
                "zip_code": "99350",
                "phone": "509-555-0100",
            },
        )[0]
        for n in range(1, COMPANIES + 1)
    ]
    techs = []
    for n in range(1, technicians + 1):
        user = _account(
            f"{PREFIX}tech-{n:02d}",
            password_hash,
            role=User.Role.TECHNICIAN,
            first_name="Load",
            last_name=f"Tech {n:02d}",
        )
        certified_technician(
            user, companies[n % len(companies)], actor=actor, reason="Load test data."
        )
        techs.append(user)
    utilities = list(Utility.objects.filter(name__in=[u[0] for u in UTILITIES]).order_by("pk"))
    utility_accounts = [
        _account(
            f"{PREFIX}utility-{n}",
            password_hash,
            role=User.Role.UTILITY,
            utility=utilities[(n - 1) % len(utilities)],
        )
        for n in range(1, utility_users + 1)
    ]
    return {"technician": techs, "utility": utility_accounts, "staff": staff_users}


def _jobs(technicians: list[User], target: int) -> int:
    """Enter jobs through ``job_submit`` until the load technicians have ``target`` between
    them; returns how many were entered now.

    Jobs go in batches of BATCH, each in one transaction, and their utility notices are
    marked as sent before it commits: the notice task queued on commit then finds nothing to
    claim (registry.lib.once.claim_and_send), so the seed neither e-mails the demo utilities nor
    renders a Registry Installation Report PDF per job (about 0.25 s each).
    """
    existing = Job.objects.filter(technician__user__in=technicians).count()
    todo = zip(
        range(existing, target),
        itertools.islice(itertools.cycle(technicians), existing, None),
        itertools.islice(itertools.cycle(JOB_MIX), existing, None),
        itertools.islice(itertools.cycle(TERRITORIES), existing, None),
        strict=False,
    )
    created = 0
    while batch := list(itertools.islice(todo, BATCH)):
        with transaction.atomic():
            ids = [
                job_services.job_submit(
                    actor=tech,
                    payload=job_payload(kind, number, territory),
                    action="save_progress" if kind == "duct_start" else "complete",
                ).pk
                for number, tech, kind, territory in batch
            ]
            Job.objects.filter(pk__in=ids, utility_notified_at__isnull=True).update(
                utility_notified_at=timezone.now()
            )
        created += len(ids)
    return created


def seed_load(
    *, technicians: int = 20, utility_users: int = 5, staff: int = 2, jobs: int = 3000
) -> dict[str, Any]:
    """Make (or top up) the load-test accounts and jobs; returns what the locustfile needs:
    the accounts (username, password, API token for technicians), the payloads and the
    territories technicians enter jobs in. No utility notice is sent for these jobs."""
    if technicians < 1:
        raise ValueError("The load test needs at least one technician.")
    seed_demo()
    accounts = _accounts(technicians=technicians, utility_users=utility_users, staff=staff)
    created = _jobs(accounts["technician"], jobs)
    tokens = {
        t.user_id: t.key
        for t in (Token.objects.get_or_create(user=u)[0] for u in accounts["technician"])
    }
    return {
        "password": DEMO_PASSWORD,
        "technicians": [
            {"username": u.username, "token": tokens[u.pk]} for u in accounts["technician"]
        ],
        "utility_users": [{"username": u.username} for u in accounts["utility"]],
        "staff": [{"username": u.username} for u in accounts["staff"]],
        "payloads": PAYLOADS,
        "duct_finish": DUCT_FINISH,
        "territories": [
            {"utility": t.utility, "zip_code": t.zip_code, "city": t.city, "state": t.state}
            for t in TERRITORIES
        ],
        "jobs_created": created,
        "jobs": Job.objects.filter(technician__user__in=accounts["technician"]).count(),
    }
