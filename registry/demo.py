"""Demo data for the zero-setup run and for screenshots: idempotent, safe to run again.

Every demo account has the password DEMO_PASSWORD. Never run this against production data.
"""

from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
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

DEMO_EPOCH = date(2024, 1, 15)


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

    profile, _ = TechnicianProfile.objects.get_or_create(user=tech)
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
                actor=staff,
                reason="Demo data.",
            )
    return {
        "utilities": Utility.objects.count(),
        "users": User.objects.filter(username__startswith="demo-").count(),
        "technician_id": profile.technician_id,
    }
