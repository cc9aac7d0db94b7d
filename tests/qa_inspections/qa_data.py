"""QA rows for the dashboard, API and sampling page tests (tests/qa_inspections/test_dashboard.py,
test_api.py, sampling/test_views.py), written directly with the models, as the inspection
services would leave them: not for testing how an inspection is started or submitted."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from qa_inspections.models import Inspection, InspectionAssignment, InspectionItem, Remediation
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory

INSPECTED_ON = datetime.date(2025, 3, 12)
Result = Inspection.Result


def qa_inspector(username: str) -> User:
    return UserFactory(username=username, role=User.Role.QA_INSPECTOR, is_qa_inspector=True)


def jobs_of(technician_profile, count: int, *, utility=None, **fields) -> list[Job]:
    """``count`` completed jobs of one technician (completed now: inside the QA window)."""
    return [
        JobFactory(technician=technician_profile, utility=utility, **fields) for _ in range(count)
    ]


def assign(job: Job, *, inspector: User | None = None) -> InspectionAssignment:
    """An open assignment: chosen for inspection, not inspected yet."""
    return InspectionAssignment.objects.create(
        job=job, inspector=inspector, reason="Chosen by the monthly sample (seed 1)."
    )


def inspect(
    job: Job,
    *,
    inspector: User,
    result: str = Result.PASS,
    submitted: bool = True,
    inspected_on: datetime.date = INSPECTED_ON,
    items: dict[str, bool | None] | None = None,
    measured: dict | None = None,
    remediation: str | None = None,
) -> Inspection:
    """An inspection of ``job`` (submitted with ``result``, or a draft), its items, and, with
    ``remediation`` ("open" or "resolved"), the remediation a failed inspection asks for."""
    assignment = InspectionAssignment.objects.create(
        job=job,
        inspector=inspector,
        status=InspectionAssignment.Status.DONE if submitted else InspectionAssignment.Status.OPEN,
        reason="Chosen by the monthly sample (seed 1).",
    )
    inspection = Inspection.objects.create(
        assignment=assignment,
        job=job,
        inspector=inspector,
        inspected_on=inspected_on,
        status=Inspection.Status.SUBMITTED if submitted else Inspection.Status.DRAFT,
        result=result if submitted else "",
        submitted_at=timezone.now() if submitted else None,
        measured=measured or {},
        notes="Checked on site.",
    )
    for code, passed in (items or {}).items():
        InspectionItem.objects.create(inspection=inspection, code=code, passed=passed)
    if remediation:
        Remediation.objects.create(
            inspection=inspection,
            job=job,
            technician=job.technician,
            what_failed="Supply plenum not sealed.",
            due_date=inspected_on + datetime.timedelta(days=30),
            status=remediation,
        )
    return inspection
