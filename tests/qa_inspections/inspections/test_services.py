"""qa_inspections.inspections.services: starting, drafting and submitting inspections, the
remediation a failed one opens (seed 001 L27), the technician's response, and staff resolving
it or suspending the technician's certification."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from jobs import services as job_services
from jobs.models import Job
from qa_inspections.inspections import services
from qa_inspections.inspections import tasks as inspection_tasks
from qa_inspections.models import Inspection, InspectionAssignment, Remediation
from technicians.models import Certification, CertificationStatusChange
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ashp_payload, duct_payload
from tests.qa_inspections.inspections.data import (
    assign,
    duct_job,
    failed_inspection,
    failing_duct_data,
)

pytestmark = pytest.mark.django_db

Result = Inspection.Result


@pytest.fixture
def job(technician, benton_rea):
    return duct_job(technician)


@pytest.fixture
def other_inspector(db):
    return UserFactory(username="ines-inspector", role="qa_inspector", is_qa_inspector=True)


def start(inspector, assignment):
    return services.inspection_start(actor=inspector, assignment_id=assignment.pk)


def draft(inspector, inspection, **overrides):
    return services.inspection_save_draft(
        actor=inspector, inspection_id=inspection.pk, data=failing_duct_data(**overrides)
    )


def submit(inspector, inspection, result):
    return services.inspection_submit(actor=inspector, inspection_id=inspection.pk, result=result)


def messages_of(exc_info):
    return exc_info.value.message_dict if hasattr(exc_info.value, "error_dict") else {}


# --- Start ------------------------------------------------------------------------------------


def test_start_creates_a_draft_with_every_duct_item_unmarked(inspector, job):
    inspection = start(inspector, assign(job, inspector))

    assert inspection.status == Inspection.Status.DRAFT
    assert inspection.inspector == inspector
    codes = list(inspection.items.values_list("code", flat=True))
    assert codes == [f"duct.{n}" for n in range(1, 10)] + ["duct.post_test"]
    assert set(inspection.items.values_list("passed", flat=True)) == {None}


def test_starting_again_resumes_the_same_draft(inspector, job):
    assignment = assign(job, inspector)

    assert start(inspector, assignment) == start(inspector, assignment)
    assert Inspection.objects.count() == 1


def test_an_unassigned_job_goes_to_the_inspector_who_starts_it(inspector, other_inspector, job):
    assignment = assign(job)

    start(inspector, assignment)

    assignment.refresh_from_db()
    assert assignment.inspector == inspector
    with pytest.raises(services.InspectionError, match="another inspector"):
        start(other_inspector, assignment)


def test_only_the_assigned_inspector_starts(inspector, other_inspector, job):
    with pytest.raises(services.InspectionError, match="another inspector"):
        start(other_inspector, assign(job, inspector))
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("persona", ["technician", "staff", "utility_user", "trainer"])
def test_only_approved_inspectors_start(persona, request, job):
    with pytest.raises(services.InspectionError, match="approved QA inspectors"):
        start(request.getfixturevalue(persona), assign(job))


def test_an_inspector_does_not_inspect_their_own_job(technician, job):
    technician.is_qa_inspector = True
    technician.save(update_fields=["is_qa_inspector"])

    with pytest.raises(services.InspectionError, match="your own job"):
        start(technician, assign(job))


def test_a_removed_assignment_cannot_be_started(inspector, job):
    assignment = assign(job, inspector)
    InspectionAssignment.objects.filter(pk=assignment.pk).update(
        status=InspectionAssignment.Status.CANCELLED
    )

    with pytest.raises(services.InspectionError, match="no longer open"):
        start(inspector, assignment)


# --- Draft ------------------------------------------------------------------------------------


def test_draft_keeps_kind_date_numbers_items_and_notes(inspector, job):
    inspection = start(inspector, assign(job, inspector))

    draft(inspector, inspection)

    inspection.refresh_from_db()
    assert inspection.inspected_on == datetime.date(2025, 3, 12)
    assert inspection.measured == {"post_cfm50": 310.0}
    items = {row.code: (row.passed, row.notes) for row in inspection.items.all()}
    assert items["duct.1"] == (True, "")
    assert items["duct.post_test"] == (False, "Return plenum joint left unsealed.")
    assert items["duct.9"] == (None, "")
    assert inspection.status == Inspection.Status.DRAFT


@pytest.mark.parametrize(
    ("measured", "field"),
    [
        ({"post_cfm50": "lots"}, "post_cfm50"),
        ({"post_cfm50": "-1"}, "post_cfm50"),
        ({"post_cfm50": "5001"}, "post_cfm50"),
        ({"post_cfm50": "NaN"}, "post_cfm50"),
        ({"external_static": "0.5"}, "measured"),  # not measured on a duct job
    ],
)
def test_draft_refuses_bad_numbers_and_writes_nothing(inspector, job, measured, field):
    inspection = start(inspector, assign(job, inspector))

    with pytest.raises(services.InspectionError) as exc_info:
        draft(inspector, inspection, measured=measured)

    assert field in messages_of(exc_info)
    inspection.refresh_from_db()
    assert inspection.measured == {}
    assert inspection.inspected_on is None


def test_draft_refuses_a_future_date_and_an_unknown_kind(inspector, job):
    inspection = start(inspector, assign(job, inspector))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(services.InspectionError) as exc_info:
        draft(inspector, inspection, inspected_on=tomorrow.isoformat(), kind="drive_by")

    assert set(messages_of(exc_info)) >= {"inspected_on", "kind"}


def test_only_the_inspector_saves_the_draft(inspector, other_inspector, job):
    inspection = start(inspector, assign(job, inspector))

    with pytest.raises(services.InspectionError, match="Only the inspector"):
        draft(other_inspector, inspection)


def test_heat_pump_static_pressure_keeps_the_jobs_units(inspector, technician, benton_rea):
    hp = job_services.job_submit(actor=technician, payload=ashp_payload(), action="complete")
    inspection = start(inspector, assign(hp, inspector))

    services.inspection_save_draft(
        actor=inspector,
        inspection_id=inspection.pk,
        data={"measured": {"external_static": "0.95", "cfm_per_ton": "300"}},
    )

    inspection.refresh_from_db()
    assert inspection.measured == {
        "external_static": 0.95,
        "cfm_per_ton": 300.0,
        "static_units": "in_wc",
    }
    assert "ashp.sizing_doc" in set(inspection.items.values_list("code", flat=True))


# --- Submit -----------------------------------------------------------------------------------


def test_fail_opens_a_remediation_due_in_30_days_and_emails_the_technician_once(
    inspector, technician, job, django_capture_on_commit_callbacks
):
    inspection = start(inspector, assign(job, inspector))
    draft(inspector, inspection)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        submit(inspector, inspection, Result.FAIL)

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.SUBMITTED
    assert inspection.result == Result.FAIL
    assert inspection.submitted_at is not None
    assert inspection.assignment.status == InspectionAssignment.Status.DONE
    remediation = Remediation.objects.get(inspection=inspection)
    assert remediation.technician == technician.technician
    assert remediation.job == job
    assert remediation.status == Remediation.Status.OPEN
    assert remediation.due_date == timezone.localdate() + datetime.timedelta(days=30)
    assert "Duct leakage post-test" in remediation.what_failed
    assert "Return plenum joint left unsealed." in remediation.what_failed
    assert "310 CFM50 (reported 100; allowed at most 150)" in remediation.what_failed
    assert remediation.technician_emailed_at is not None
    assert [m.to for m in mail.outbox] == [[technician.email]]
    message = mail.outbox[0]
    assert str(job.measure_id) in message.subject
    assert "Return plenum joint left unsealed." in message.body
    assert "/qa/remediations/mine/" in message.body
    html = message.alternatives[0][0]
    assert "Return plenum joint left unsealed." in html
    # A redelivered task finds the claim taken and sends nothing.
    assert inspection_tasks.send_remediation_email(remediation.pk) is False
    assert len(mail.outbox) == 1


def test_remediation_days_come_from_the_setting(
    inspector, job, settings, django_capture_on_commit_callbacks
):
    settings.QA_REMEDIATION_DAYS = 10
    with django_capture_on_commit_callbacks(execute=True):
        inspection = failed_inspection(job, inspector)

    assert inspection.remediation.due_date == timezone.localdate() + datetime.timedelta(days=10)


def test_fail_leaves_the_job_status_to_staff(inspector, job):
    before = job.status

    failed_inspection(job, inspector)

    job.refresh_from_db()
    assert job.status == before == Job.Status.BPA_APPROVED


def test_pass_opens_no_remediation_and_sends_no_email(
    inspector, job, django_capture_on_commit_callbacks
):
    inspection = start(inspector, assign(job, inspector))
    draft(inspector, inspection, items={"duct.post_test": {"passed": True}})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        submit(inspector, inspection, Result.PASS)

    assert not Remediation.objects.exists()
    assert mail.outbox == []
    assert Inspection.objects.get().result == Result.PASS


def test_result_is_required(inspector, job):
    inspection = start(inspector, assign(job, inspector))
    draft(inspector, inspection)

    with pytest.raises(services.InspectionError) as exc_info:
        submit(inspector, inspection, "")

    assert "result" in messages_of(exc_info)
    assert Inspection.objects.get().status == Inspection.Status.DRAFT


def test_fail_needs_a_failed_item_or_a_note(inspector, job):
    inspection = start(inspector, assign(job, inspector))
    draft(inspector, inspection, items={"duct.post_test": {"passed": True}}, notes="")

    with pytest.raises(services.InspectionError, match="failed item or a note"):
        submit(inspector, inspection, Result.FAIL)

    draft(inspector, inspection, notes="Homeowner reports the system was altered.")
    submit(inspector, inspection, Result.FAIL)
    assert Remediation.objects.count() == 1


def test_a_failed_item_cannot_pass_without_notes_saying_why(inspector, job):
    inspection = start(inspector, assign(job, inspector))
    draft(inspector, inspection, notes="")

    with pytest.raises(services.InspectionError, match="An item failed"):
        submit(inspector, inspection, Result.PASS)


def test_missing_sizing_documentation_fails_the_inspection(inspector, technician, benton_rea):
    """Seed 003 L10104-10105: installations lacking sizing documentation fail QA."""
    hp = job_services.job_submit(actor=technician, payload=ashp_payload(), action="complete")
    inspection = start(inspector, assign(hp, inspector))
    services.inspection_save_draft(
        actor=inspector,
        inspection_id=inspection.pk,
        data={
            "inspected_on": "2025-03-12",
            "items": {"ashp.sizing_doc": {"passed": False, "notes": "No worksheet on file."}},
        },
    )

    with pytest.raises(services.InspectionError, match="the inspection fails"):
        submit(inspector, inspection, Result.PASS_WITH_NOTES)
    submit(inspector, inspection, Result.FAIL)


def test_a_submitted_inspection_is_not_changed_again(inspector, job):
    inspection = failed_inspection(job, inspector)

    with pytest.raises(services.InspectionError, match="already submitted"):
        draft(inspector, inspection)
    with pytest.raises(services.InspectionError, match="already submitted"):
        submit(inspector, inspection, Result.PASS)


def test_only_the_inspector_submits(inspector, other_inspector, job):
    inspection = start(inspector, assign(job, inspector))
    draft(inspector, inspection)

    with pytest.raises(services.InspectionError, match="Only the inspector"):
        submit(other_inspector, inspection, Result.FAIL)


# --- Remediation ------------------------------------------------------------------------------


@pytest.fixture
def remediation(inspector, job):
    return failed_inspection(job, inspector).remediation


def test_the_technician_responds(technician, remediation):
    services.remediation_respond(
        actor=technician, remediation_id=remediation.pk, response="Sealed the plenum on 3/20."
    )

    remediation.refresh_from_db()
    assert remediation.technician_response == "Sealed the plenum on 3/20."
    assert remediation.status == Remediation.Status.OPEN


@pytest.mark.parametrize("persona", ["other_technician", "staff", "inspector"])
def test_only_the_jobs_technician_responds(persona, request, remediation):
    with pytest.raises(services.InspectionError, match="job's technician"):
        services.remediation_respond(
            actor=request.getfixturevalue(persona), remediation_id=remediation.pk, response="Ok"
        )


def test_resolve_needs_a_note(staff, remediation):
    with pytest.raises(services.InspectionError) as exc_info:
        services.remediation_resolve(actor=staff, remediation_id=remediation.pk, note="  ")
    assert "note" in messages_of(exc_info)

    services.remediation_resolve(
        actor=staff, remediation_id=remediation.pk, note="Re-tested at 120 CFM50."
    )

    remediation.refresh_from_db()
    assert remediation.status == Remediation.Status.RESOLVED
    assert remediation.resolved_by == staff
    assert remediation.resolved_at is not None
    assert remediation.resolution_note == "Re-tested at 120 CFM50."
    with pytest.raises(services.InspectionError, match="already resolved"):
        services.remediation_resolve(actor=staff, remediation_id=remediation.pk, note="Again")


@pytest.mark.parametrize("persona", ["energy_trust_staff", "inspector", "technician"])
def test_only_ptcs_staff_resolve_or_suspend(persona, request, remediation):
    actor = request.getfixturevalue(persona)
    with pytest.raises(services.InspectionError, match="PTCS staff"):
        services.remediation_resolve(actor=actor, remediation_id=remediation.pk, note="Done")
    with pytest.raises(services.InspectionError, match="PTCS staff"):
        services.remediation_escalate_suspend(
            actor=actor, remediation_id=remediation.pk, reason="Repeat failures"
        )


def test_suspend_needs_a_reason(staff, remediation):
    with pytest.raises(services.InspectionError) as exc_info:
        services.remediation_escalate_suspend(actor=staff, remediation_id=remediation.pk, reason="")
    assert "reason" in messages_of(exc_info)


def test_suspension_stops_duct_completion_but_not_heat_pumps(technician, staff, remediation):
    cert = services.remediation_escalate_suspend(
        actor=staff, remediation_id=remediation.pk, reason="Second failed duct inspection."
    )

    assert cert.cert_type == "ptcs_duct_sealing"
    assert cert.status == Certification.Status.SUSPENDED
    change = CertificationStatusChange.objects.get(certification=cert, to_status="suspended")
    assert change.actor == staff
    assert "Second failed duct inspection." in change.reason
    remediation.refresh_from_db()
    assert remediation.status == Remediation.Status.OPEN  # staff still expect the correction

    today = timezone.localdate().isoformat()
    with pytest.raises(job_services.JobError) as exc_info:
        job_services.job_submit(
            actor=technician,
            payload=duct_payload(install_date=today, street_address="9 Elm St"),
            action="complete",
        )
    assert "tech_id" in exc_info.value.message_dict
    heat_pump = job_services.job_submit(
        actor=technician,
        payload=ashp_payload(install_date=today, street_address="11 Elm St"),
        action="complete",
    )
    assert heat_pump.status != Job.Status.IN_PROGRESS


def test_suspending_twice_says_it_is_already_suspended(staff, remediation):
    services.remediation_escalate_suspend(actor=staff, remediation_id=remediation.pk, reason="A")

    with pytest.raises(services.InspectionError, match="already Suspended"):
        services.remediation_escalate_suspend(
            actor=staff, remediation_id=remediation.pk, reason="B"
        )
