"""Staff review in a real browser (seed 000 L29: BPA Pending jobs are reviewed by the PTCS team).

PTCS staff open the review queue, approve one ground source heat pump on its review page and
reject another from the queue with a reason; the technician then signs in on a phone and
finds both decisions on their jobs, the reason included, and was e-mailed about each.
"""

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.test_certification_journey import nav_link, sign_in
from tests.jobs.review.data import bpa_gshp

pytestmark = pytest.mark.browser

REASON = "Open loop systems are not eligible in this territory."


def row(page: Page, measure_id: int):
    return page.get_by_test_id(f"job-{measure_id}")


def test_staff_decide_pending_jobs_and_the_technician_sees_the_decisions(
    page: Page, phone_page: Page, staff, technician, benton_rea
):
    approved = bpa_gshp(technician, street_address="12 Orchard Ln")
    rejected = bpa_gshp(technician, street_address="14 Orchard Ln")
    mail.outbox.clear()

    # Staff: the queue lists both, with why they wait.
    sign_in(page, staff.username)
    nav_link(page, "Job review").click()
    expect(page.get_by_role("heading", name="Job review")).to_be_visible()
    expect(page.get_by_test_id("result-count")).to_have_text("2 pending jobs.")
    expect(row(page, approved.measure_id)).to_contain_text("always reviewed")

    # Approve the first on its review page.
    row(page, approved.measure_id).get_by_role("link", name=str(approved.measure_id)).click()
    expect(page.get_by_test_id("measure-id")).to_have_text(str(approved.measure_id))
    expect(page.get_by_test_id("check-gshp.always_reviewed")).to_be_visible()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(
        page.get_by_text(f"Job {approved.measure_id} approved: now BPA Approved.")
    ).to_be_visible()
    expect(row(page, approved.measure_id)).to_have_count(0)

    # Reject the second from the queue, with a reason.
    page.get_by_label(f"Select job {rejected.measure_id}").check()
    page.get_by_label("Decision").select_option("reject")
    page.get_by_label("Reason or message to the technician").fill(REASON)
    page.get_by_role("button", name="Apply to the selected jobs").click()
    expect(page.get_by_text(f"Job {rejected.measure_id} rejected: now Rejected.")).to_be_visible()
    expect(page.get_by_text("No job is waiting for review.")).to_be_visible()

    # The technician, on a phone: both decisions on My jobs, the reason on the job page.
    sign_in(phone_page, technician.username)
    phone_page.goto("/jobs/")
    expect(row(phone_page, approved.measure_id)).to_contain_text("BPA Approved")
    expect(row(phone_page, rejected.measure_id)).to_contain_text("Rejected")
    row(phone_page, rejected.measure_id).get_by_role("link", name=str(rejected.measure_id)).click()
    expect(phone_page.get_by_test_id("job-status")).to_have_text("Rejected")
    expect(phone_page.get_by_test_id("review-decision")).to_contain_text(REASON)

    assert sorted(m.to[0] for m in mail.outbox) == [technician.email, technician.email]
    assert any(REASON in m.body for m in mail.outbox)
