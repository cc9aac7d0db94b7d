"""A company administrator in a real browser: the company page with a technician's
certification expiry, a job entered and completed for that technician, the company's jobs in
My jobs; then the technician sees the job in theirs."""

import datetime

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import Page, expect

from jobs.models import Job
from technicians.models import Certification, CertificationType
from tests.browser.test_certification_journey import nav_link, sign_in, sign_out
from tests.browser.test_job_entry import CARRIED, enter_site, expect_status_page, fill
from tests.jobs.factories import entry_ashp_payload

pytestmark = pytest.mark.browser


def test_company_administrator_enters_and_completes_a_job_for_a_technician(
    page: Page, company_admin, technician, benton_rea
):
    expiry = timezone.localdate() + datetime.timedelta(days=30)
    Certification.objects.filter(
        technician=technician.technician, cert_type=CertificationType.PTCS_HEAT_PUMP
    ).update(expiry_date=expiry)
    tech_name = technician.get_full_name()
    tech_id = str(technician.technician.technician_id)

    sign_in(page, company_admin.username)
    nav_link(page, "My company").click()
    expect(
        page.get_by_role("heading", name=company_admin.administered_company.name)
    ).to_be_visible()
    heat_pump = page.get_by_test_id(f"cert-{tech_id}-ptcs_heat_pump")
    expect(heat_pump).to_contain_text("expires soon")
    expect(heat_pump).to_contain_text(dateformat.format(expiry, "N j, Y"))
    expect(page.get_by_test_id("company-technicians")).to_contain_text(tech_name)

    payload = entry_ashp_payload()
    enter_site(page, payload)
    page.get_by_role("button", name="Air source heat pump").click()
    page.get_by_label("Installing technician").select_option(tech_id)
    fill(page, payload, skip=CARRIED)
    expect(page.get_by_test_id("preview-status")).to_have_text("BPA Approved")
    page.get_by_role("button", name="Complete", exact=True).click()

    measure_id = expect_status_page(page, "BPA Approved")
    expect(page.get_by_test_id("entered-by")).to_have_text(
        f"Entered by {company_admin.get_full_name()} for technician {tech_name}"
    )
    job = Job.objects.get(measure_id=measure_id)
    assert (job.technician.user, job.entered_by) == (technician, company_admin)

    nav_link(page, "My jobs").click()
    row = page.get_by_role("row").filter(has_text=measure_id)
    expect(row.get_by_test_id("job-technician")).to_have_text(f"{tech_name} ({tech_id})")
    expect(row).to_contain_text("BPA Approved")

    sign_out(page)
    sign_in(page, technician.username)
    nav_link(page, "My jobs").click()
    expect(page.get_by_role("row").filter(has_text=measure_id)).to_contain_text("BPA Approved")
