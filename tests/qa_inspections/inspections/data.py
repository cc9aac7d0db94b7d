"""Jobs and assignments for the inspection and remediation tests (tests/qa_inspections/inspections/
and tests/browser/test_qa.py): real completed jobs (jobs.services, so Job.data and Job.computed
are what the technician reported) and open assignments written with the model, as the sampler
leaves them."""

from __future__ import annotations

from typing import Any

from jobs import services as job_services
from jobs.models import Job
from qa_inspections.inspections import services
from qa_inspections.models import Inspection, InspectionAssignment
from tests.jobs.factories import ashp_payload, duct_payload

REASON = "Chosen by the monthly sample (seed 7)."
#: duct_payload: existing ducts in a 1,500 sq ft home, so at most 150 CFM50 after sealing
#: (seed 004 C.2.2: 10 % of the floor area); the technician reported 100.
ALLOWED_POST_CFM50 = 150
LEAKY_POST_CFM50 = "310"


def duct_job(technician, **overrides: Any) -> Job:
    """A completed PTCS duct sealing job of ``technician`` (a user) at a Benton REA site."""
    return job_services.job_submit(
        actor=technician, payload=duct_payload(**overrides), action="complete"
    )


def heat_pump_job(technician, **overrides: Any) -> Job:
    return job_services.job_submit(
        actor=technician, payload=ashp_payload(**overrides), action="complete"
    )


def assign(job: Job, inspector=None) -> InspectionAssignment:
    return InspectionAssignment.objects.create(job=job, inspector=inspector, reason=REASON)


def failing_duct_data(**overrides: Any) -> dict[str, Any]:
    """A draft of an on-site duct inspection whose post-test re-measurement failed."""
    data = {
        "kind": Inspection.Kind.ON_SITE,
        "inspected_on": "2025-03-12",
        "measured": {"post_cfm50": LEAKY_POST_CFM50},
        "items": {
            "duct.1": {"passed": True, "notes": ""},
            "duct.post_test": {"passed": False, "notes": "Return plenum joint left unsealed."},
        },
        "notes": "Leakage re-measured with the homeowner present.",
    }
    data.update(overrides)
    return data


def failed_inspection(job: Job, inspector) -> Inspection:
    """``job`` inspected by ``inspector`` and failed through the services (a remediation)."""
    inspection = services.inspection_start(actor=inspector, assignment_id=assign(job).pk)
    services.inspection_save_draft(
        actor=inspector, inspection_id=inspection.pk, data=failing_duct_data()
    )
    return services.inspection_submit(
        actor=inspector, inspection_id=inspection.pk, result=Inspection.Result.FAIL
    )
