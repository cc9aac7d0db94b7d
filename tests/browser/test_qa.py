"""QA inspection and remediation in a real browser (seed 001 L27: inspect jobs; "Steps for
remediation will be needed in cases where an inspection found work that was poor or failing").

An inspector, on a phone, starts an unassigned duct sealing job from "My inspections", re-takes
the post-test leakage (310 CFM50 where 150 is allowed, seed 004 C.2.2), fails the post-test item
and submits the inspection as a fail. The technician signs in, finds the remediation (and the
e-mail about it) and answers; PTCS staff sign in, open it from "QA" and resolve it.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from qa_inspections.models import Remediation
from tests.browser.test_certification_journey import nav_link, sign_in, sign_out
from tests.qa_inspections.inspections.data import assign, duct_job

pytestmark = pytest.mark.browser

FINDING = "Return plenum joint left unsealed; leakage well above the allowed value."
RESPONSE = "Sealed the return plenum with UL-181 mastic on March 20 and re-tested at 120 CFM50."
RESOLUTION = "Re-test by the utility on March 28: 118 CFM50. Accepted."


def test_inspector_fails_a_duct_job_the_technician_answers_and_staff_resolve(
    page: Page, phone_page: Page, inspector, technician, staff, benton_rea
):
    job = duct_job(technician)
    assign(job)  # unassigned: the first inspector to start it takes it
    mail.outbox.clear()

    # The inspector, on a phone: My inspections → start the job.
    sign_in(phone_page, inspector.username)
    nav_link(phone_page, "My inspections").click()
    row = phone_page.get_by_test_id(f"assignment-{job.measure_id}")
    expect(row).to_contain_text("Chosen by the monthly sample")
    row.get_by_role("button", name="Start inspection").click()
    expect(phone_page.get_by_test_id("measure-id")).to_have_text(str(job.measure_id))

    # The technician's reported leakage and the allowed value beside the re-test field.
    expect(phone_page.get_by_test_id("reported-post_cfm50")).to_have_text("100 CFM50")
    expect(phone_page.get_by_test_id("allowed-post_cfm50")).to_have_text("150 CFM50")
    phone_page.get_by_label("Post-test duct leakage (CFM50)").fill("310")
    post_test = phone_page.get_by_role("group", name=re.compile("^Duct leakage post-test"))
    post_test.get_by_label("Fail").check()
    post_test.get_by_role("textbox").fill(FINDING)
    phone_page.get_by_test_id("item-duct.1").get_by_label("Pass").check()
    phone_page.get_by_role("group", name=re.compile("^Result")).get_by_label("Fail").check()
    phone_page.get_by_role("button", name="Submit").click()
    expect(
        phone_page.get_by_text(f"Inspection of job {job.measure_id} submitted: Fail.")
    ).to_be_visible()
    expect(phone_page.get_by_test_id(f"inspection-{job.measure_id}")).to_contain_text("Fail")

    # The technician: e-mailed once, finds the remediation and answers it.
    assert [m.to for m in mail.outbox] == [[technician.email]]
    assert FINDING in mail.outbox[0].body
    sign_in(page, technician.username)
    nav_link(page, "Remediations").click()
    remediation = page.get_by_test_id(f"remediation-{job.measure_id}")
    expect(remediation.get_by_test_id("what-failed")).to_contain_text(FINDING)
    expect(remediation.get_by_test_id("what-failed")).to_contain_text(
        "310 CFM50 (reported 100; allowed at most 150)"
    )
    expect(remediation.get_by_test_id("due-date")).to_be_visible()
    remediation.get_by_label("What you corrected, or will correct, and when").fill(RESPONSE)
    remediation.get_by_role("button", name="Send response").click()
    expect(page.get_by_text(f"Your response on job {job.measure_id} was recorded.")).to_be_visible()
    page.goto(f"/jobs/{job.measure_id}/")
    expect(page.get_by_test_id("qa-remediation")).to_contain_text("inspection of this job failed")
    sign_out(page)

    # PTCS staff: QA → the remediation → resolve with a note.
    sign_in(page, staff.username)
    nav_link(page, "QA").click()
    page.get_by_test_id(f"remediation-{job.measure_id}").get_by_role(
        "link", name=str(job.measure_id)
    ).click()
    expect(page.get_by_test_id("technician-response")).to_contain_text(RESPONSE)
    page.get_by_label("How it was resolved").fill(RESOLUTION)
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text(f"Remediation of job {job.measure_id} resolved.")).to_be_visible()
    expect(page.get_by_text("No open remediations.")).to_be_visible()

    resolved = Remediation.objects.get(job=job)
    assert (resolved.status, resolved.resolved_by, resolved.resolution_note) == (
        Remediation.Status.RESOLVED,
        staff,
        RESOLUTION,
    )
    job.refresh_from_db()
    assert job.status == "bpa_approved"  # a failed inspection leaves the job to staff
