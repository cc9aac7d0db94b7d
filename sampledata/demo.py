"""Demo data for the zero-setup run and for screenshots: idempotent, safe to run again.

Every demo account has the password DEMO_PASSWORD. Never run this against production data.
"""

import math
from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from jobs import services as job_services
from jobs.models import Job, RingCalibration
from qa_inspections.models import InspectionAssignment
from technicians.models import (
    Certification,
    CertificationStatusChange,
    CertificationType,
    Company,
    CompanyMembership,
    TechnicianIdAllocation,
    TechnicianProfile,
)
from utilities.models import ClimateZone, ServiceZip, Utility

DEMO_PASSWORD = "demo-pass-123"  # noqa: S105 - documented demo credential

#: (name, program administrator, contact e-mail, ZIP codes served).
#: Benton REA (Prosser WA) is the utility of seed 004; PGE and Pacific Power are the Energy
#: Trust territory named in seed 000 L45-48.
UTILITIES = [
    (
        "Benton REA",
        Utility.ProgramAdministrator.BPA,
        "conservation@bentonrea.example",
        ["99350", "99320", "99337", "99338"],
    ),
    (
        "Clark Public Utilities",
        Utility.ProgramAdministrator.BPA,
        "energy@clarkpud.example",
        ["98660", "98661", "98662"],
    ),
    (
        "Portland General Electric",
        Utility.ProgramAdministrator.ENERGY_TRUST,
        "programs@pge.example",
        ["97201", "97202", "97203"],
    ),
    (
        "Pacific Power",
        Utility.ProgramAdministrator.ENERGY_TRUST,
        "programs@pacificpower.example",
        ["97301", "97601", "97202"],
    ),
]

#: The zone map's demo rows: every demo ZIP code → (heating zone, cooling zone). NOT BPA's
#: assignment (the seeds have no zone table; staff import BPA's list with ``import_zones``):
#: invented so the demo's ground source heat pump at Prosser (99350) is in a zone that
#: qualifies (heating zones 2 and 3 only, seed 003 L10177-10178) and the payments page has
#: zones to show. The source text says so wherever the rows are read.
DEMO_ZONE_SOURCE = "DEMO VALUES — not BPA's assignment"
DEMO_ZONES = {
    **dict.fromkeys(["99350", "99320", "99337", "99338"], (2, 3)),  # Benton REA
    **dict.fromkeys(["98660", "98661", "98662"], (1, 1)),  # Clark Public Utilities
    **dict.fromkeys(["97201", "97202", "97203", "97301"], (1, 1)),  # PGE, Pacific Power
    "97601": (2, 2),  # Pacific Power
}

DEMO_EPOCH = date(2024, 1, 15)

#: Seed 004 L368: "Ring 1, 78 Pa Fan Pressure, 364 CFM". With n = 0.5 that one point fixes
#: C = 364 / √78 ≈ 41.215 (domain-rules §10): a demo value, not a real calibration.
DEMO_RING_1 = {
    "equipment": RingCalibration.Equipment.ENERGY_CONSERVATORY,
    "ring": "1",
    "c": 364 / math.sqrt(78),
    "n": 0.5,
    "source": (
        "Derived from the seed 004 L368 example (Ring 1, 78 Pa, 364 CFM); verify against the "
        "manufacturer's calibration before relying on it"
    ),
}

_DEMO_SITE = {
    "electric_utility": "Benton REA",
    "city": "Prosser",
    "state": "WA",
    "zip_code": "99350",
}
_DEMO_HOME = {
    "home_type": "existing_site_built",
    "heated_area_sqft": "1500",
    "foundation_type": "crawlspace",
    "existing_heating_system": "electric_fa_no_ac",
    "backup_heat": "electric_fa",
}
_DEMO_DUCTS = {
    "ducts_30pct_unconditioned": "yes",
    "high_pressure_leak_exception": "no",
    "duct_type": "existing",
    "supply_count": "8",
    "return_count": "2",
    "test_equipment": "energy_conservatory",
    "duct_insulation": "reinstalled",
    "house_pressure_pa": "50",
    "blaster_location": "Return grille",
}

#: Demo-tech's jobs at Benton REA, Prosser WA 99350: (action, payload, the status it gets;
#: tests/sampledata/test_demo.py holds the demo to it).
DEMO_JOBS = [
    # An electric furnace replaced by a 9.5 HSPF / 16 SEER heat pump installed to spec.
    (
        "complete",
        {
            **_DEMO_SITE,
            **_DEMO_HOME,
            "measure_type": "ashp",
            "install_date": "2024-04-09",
            "street_address": "1405 Wine Country Rd",
            "heated_area_sqft": "2000",
            "ahri_number": "201234567",
            "seer": "16",
            "hspf": "9.5",
            "outdoor_capacity_tons": "2",
            "make": "Acme",
            "outdoor_model": "HP-24",
            "indoor_model": "AH-24",
            "variable_speed": "no",
            "balance_point_f": "25",
            "tests_in_test_mode": "yes",
            "static_units": "in_wc",
            "return_static": "-0.30",
            "supply_static": "0.20",
            "nsop": "0.20",
            "tfsop": "0.20",
            "plate_size": "20",
            "plate_location": "air_handler",
            "plate_pressure_pa": "100",
            "raw_flow_cfm": "800",
            "outdoor_temp_f": "40",
            "test_mode": "heating",
            "supply_air_f": "95",
            "return_air_f": "70",
            "expected_temp_split": "20",
            "low_ambient_lockout": "yes_5f_or_less",
            "aux_heat_lockout": "35f",
            "thermostat_make": "Acme",
            "thermostat_model": "T-1",
            "multi_capacity": "not_applicable",
        },
        Job.Status.BPA_APPROVED,
    ),
    # Tight ducts to begin with: pre 180 < 225 CFM50 required, post 100 ≤ 150 (seed 000 L26).
    (
        "complete",
        {
            **_DEMO_SITE,
            **_DEMO_HOME,
            **_DEMO_DUCTS,
            "measure_type": "duct_sealing_ptcs",
            "install_date": "2024-05-14",
            "street_address": "412 Sixth St",
            "condition": "certification_only",
            "pre_cfm50": "180",
            "post_cfm50": "100",
            "meets_specification": "yes",
            "combustion_appliance": "no",
        },
        Job.Status.PTCS_CERTIFIED_ONLY,
    ),
    # Ground source heat pumps are always reviewed (seed 000 L29).
    (
        "complete",
        {
            **_DEMO_SITE,
            **_DEMO_HOME,
            "measure_type": "gshp",
            "install_date": "2024-06-18",
            "street_address": "88 Benitz Rd",
            "heated_area_sqft": "2400",
            "ahri_number": "301234567",
            "seer": "20",
            "hspf": "11",
            "outdoor_capacity_tons": "3",
            "make": "Acme Geo",
            "outdoor_model": "GEO-36",
            "desuperheater": "yes",
            "loop_type": "closed",
        },
        Job.Status.BPA_PENDING,
    ),
    # Saved after the pre-test (ring 1 at 78 Pa: the registry computes 364 CFM); no post-test yet.
    (
        "save_progress",
        {
            **_DEMO_SITE,
            **_DEMO_HOME,
            **_DEMO_DUCTS,
            "measure_type": "duct_sealing_ptcs",
            "install_date": "2024-07-23",
            "street_address": "1020 Meade Ave",
            "pre_ring": "1",
            "pre_fan_pressure_pa": "78",
        },
        Job.Status.IN_PROGRESS,
    ),
]


def _user(username: str, *, email: str, first: str, last: str, role: str, **extra) -> User:
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={"email": email, "first_name": first, "last_name": last, "role": role, **extra},
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def certified_technician(
    user: User, company: Company, *, actor: User, reason: str
) -> TechnicianProfile:
    """``user`` as a technician of ``company`` with a Technician ID and every certification
    active since DEMO_EPOCH (each with its status-change row); idempotent. Demo and load data."""
    profile, _ = TechnicianProfile.objects.get_or_create(user=user)
    if profile.technician_id is None:
        profile.technician_id = (
            TechnicianProfile.ID_OFFSET + TechnicianIdAllocation.objects.create().pk
        )
    profile.company = company
    profile.save(update_fields=["technician_id", "company", "updated_at"])
    CompanyMembership.objects.get_or_create(
        technician=profile, ended_on=None, defaults={"company": company, "started_on": DEMO_EPOCH}
    )
    for cert_type in CertificationType.values:
        cert, created = Certification.objects.get_or_create(
            technician=profile,
            cert_type=cert_type,
            defaults={"status": Certification.Status.ACTIVE, "effective_date": DEMO_EPOCH},
        )
        if created:
            CertificationStatusChange.objects.create(
                certification=cert,
                from_status="",
                to_status=cert.status,
                actor=actor,
                reason=reason,
            )
    return profile


def seed_demo() -> dict[str, int]:
    utilities = {}
    for name, administrator, contact, zips in UTILITIES:
        utility, _ = Utility.objects.update_or_create(
            name=name,
            defaults={"program_administrator": administrator, "contact_email": contact},
        )
        for zip_code in zips:
            ServiceZip.objects.get_or_create(utility=utility, zip_code=zip_code)
        utilities[name] = utility
    # Before the jobs, whose checks read the zones. A row staff since corrected is kept.
    for zip_code, (heating, cooling) in DEMO_ZONES.items():
        ClimateZone.objects.get_or_create(
            zip_code=zip_code,
            defaults={
                "heating_zone": heating,
                "cooling_zone": cooling,
                "source": DEMO_ZONE_SOURCE,
                "note": "Demo data (seed_demo): replace with BPA's list (import_zones --replace).",
            },
        )

    company, _ = Company.objects.update_or_create(
        license_number="COLUMBC123AB",
        defaults={
            "name": "Columbia Basin Comfort Heating & Cooling",
            "street_address": "1200 Meade Ave",
            "city": "Prosser",
            "state": "WA",
            "zip_code": "99350",
            "phone": "509-555-0142",
        },
    )

    staff = _user(
        "demo-staff",
        email="demo-staff@ptcs.example",
        first="Pat",
        last="Reviewer",
        role=User.Role.PTCS_STAFF,
        is_staff=True,
        is_superuser=True,
    )
    _user(
        "demo-energytrust",
        email="demo-energytrust@ptcs.example",
        first="Erin",
        last="Trust",
        role=User.Role.PROGRAM_ADMIN,
    )
    _user(
        "demo-inspector",
        email="demo-inspector@ptcs.example",
        first="Quinn",
        last="Inspector",
        role=User.Role.QA_INSPECTOR,
        is_qa_inspector=True,
    )
    _user(
        "demo-trainer",
        email="demo-trainer@ptcs.example",
        first="Terry",
        last="Trainer",
        role=User.Role.TRAINER,
        is_trainer=True,
    )
    _user(
        "demo-utility",
        email="demo-utility@bentonrea.example",
        first="Uma",
        last="Benton",
        role=User.Role.UTILITY,
        utility=utilities["Benton REA"],
    )
    tech = _user(
        "demo-tech",
        email="demo-tech@ptcs.example",
        first="Dana",
        last="Installer",
        role=User.Role.TECHNICIAN,
    )

    # Office staff of demo-tech's company: the company page and jobs entered for demo-tech.
    _user(
        "demo-company",
        email="demo-company@columbiabasin.example",
        first="Casey",
        last="Office",
        role=User.Role.COMPANY_ADMIN,
        administered_company=company,
    )

    profile = certified_technician(tech, company, actor=staff, reason="Demo data.")

    # Staff may since have corrected the demo value against the manufacturer's table: keep theirs.
    RingCalibration.objects.get_or_create(
        equipment=DEMO_RING_1["equipment"],
        ring=DEMO_RING_1["ring"],
        active=True,
        defaults=DEMO_RING_1,
    )
    # Only on the first run: jobs get new measure IDs every time, so they are not "refreshed".
    if not Job.objects.filter(technician=profile).exists():
        # Through the service, like a technician's entry: real measure IDs, checks and rows.
        for action, payload, _status in DEMO_JOBS:
            job_services.job_submit(actor=tech, payload=payload, action=action)

    # One QA assignment for demo-inspector, so /qa/assignments/ has something to open.

    first_completed = (
        Job.objects.filter(technician=profile).exclude(status=Job.Status.IN_PROGRESS).first()
    )
    if first_completed and not InspectionAssignment.objects.exists():
        InspectionAssignment.objects.create(
            job=first_completed,
            inspector=User.objects.get(username="demo-inspector"),
            reason="Demo: selected by hand to show the inspection form.",
            created_by=staff,
        )
    return {
        "utilities": Utility.objects.count(),
        "users": User.objects.filter(username__startswith="demo-").count(),
        "technician_id": profile.technician_id,
        "jobs": Job.objects.filter(technician=profile).count(),
    }
