"""Jobs for the review tests (tests/jobs/review/, tests/browser/test_review.py), made
the real way, through jobs.services, so their status and checks come from the engine.

BPA territory: Benton REA (ZIP 99350, the ``benton_rea`` fixture). Energy Trust territory:
Pacific Power (ZIP 97301, the ``pacific_power`` fixture; seed 000 L45-48).
"""

from __future__ import annotations

import datetime
from typing import Any

from jobs import services
from jobs.models import Job
from jobs.review import services as review
from technicians.models import CertificationType
from tests.jobs.factories import ashp_payload, gshp_payload
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

#: A Pacific Power (Energy Trust) site.
PACIFIC_SITE = {
    "street_address": "400 Court St NE",
    "city": "Salem",
    "state": "OR",
    "zip_code": "97301",
    "electric_utility": "Pacific Power",
}
#: Inside rule set ptcs-2017, where a balance point of 31-35 °F goes to review.
INSTALL_2018 = "2018-06-15"


def complete(user, payload: dict[str, Any]) -> Job:
    return services.job_submit(actor=user, payload=payload, action="complete")


def bpa_gshp(technician, **overrides: Any) -> Job:
    """A ground source heat pump at Benton REA: BPA Pending (seed 000 L29)."""
    return complete(technician, gshp_payload(**overrides))


def energy_trust_gshp(technician, **overrides: Any) -> Job:
    """A ground source heat pump at Pacific Power: BPA Pending, Energy Trust's to review."""
    return complete(technician, gshp_payload(**{**PACIFIC_SITE, **overrides}))


def veteran_technician():
    """A technician certified for heat pumps since 2017, so 2018 installs can be entered."""
    profile = TechnicianProfileFactory(user__username="vera-veteran")
    CertificationFactory(
        technician=profile,
        cert_type=CertificationType.PTCS_HEAT_PUMP,
        effective_date=datetime.date(2017, 1, 1),
    )
    return profile.user


def pending_heat_pump(technician, **overrides: Any) -> Job:
    """A 2018 heat pump with a balance point of 33 °F: BPA Pending under ptcs-2017."""
    return complete(
        technician,
        ashp_payload(install_date=INSTALL_2018, balance_point_f="33", **overrides),
    )


#: The message of the failed home-type check of a ground source heat pump (seed 003 §10.8.2.2).
SINGLE_FAMILY_ONLY = "Ground source heat pumps qualify in single-family homes only."


def manufactured_gshp(technician, **overrides: Any) -> Job:
    """A ground source heat pump in a manufactured home at Benton REA: BPA Pending (seed 000
    L29) although its home-type check fails with the effect Rejected (seed 003 §10.8.2.2), so
    approving it overrides that rule."""
    return bpa_gshp(technician, home_type="manufactured", manufactured_sections="2", **overrides)


def entered_by_staff(staff, technician, **overrides: Any) -> Job:
    """A ground source heat pump at Benton REA that PTCS staff entered on the technician's
    behalf (as a bulk upload row does): BPA Pending, ``entered_by`` the staff."""
    tech_id = str(technician.technician.technician_id)
    job = complete(staff, gshp_payload(tech_id=tech_id, **overrides))
    assert (job.entered_by, job.technician.user) == (staff, technician)
    return job


def corrected_by(corrector, job: Job) -> Job:
    """``job`` after a staff correction by ``corrector`` changing nothing but who corrected it
    last (a ground source heat pump stays BPA Pending)."""
    review.job_staff_edit(
        actor=corrector,
        measure_id=job.measure_id,
        payload=services.job_payload(job),
        reason="Checked the photos.",
    )
    job.refresh_from_db()
    assert (job.corrected_by, job.status) == (corrector, Job.Status.BPA_PENDING)
    return job
