"""A ground source heat pump installed by two technicians, entered in a real browser: "a
technician or technicians certified in PTCS ... and IGSHPA. Multiple technicians may be
employed to meet these certification requirements, but they must have been present during
the installation" (seed 003 L10232-10242). The installing technician holds the PTCS heat pump
certification, the loop installer the IGSHPA accreditation; named together they complete the
job, which is BPA Pending like every ground source heat pump (seed 000 L29)."""

import pytest
from playwright.sync_api import Page, expect

from jobs.models import Job
from technicians.models import CertificationType
from tests.browser.test_certification_journey import sign_in
from tests.browser.test_job_entry import enter_site, expect_status_page, fill
from tests.jobs.factories import gshp_payload
from tests.technicians.factories import technician_holding

pytestmark = pytest.mark.browser

#: The ground source heat pump of the API tests, typed into the form at its own address.
GSHP_FORM = gshp_payload(street_address="7 Loop Field Rd")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_two_technicians_present_complete_a_ground_source_job(
    request, viewport, benton_rea, transactional_db
):
    page: Page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    installer = technician_holding(CertificationType.PTCS_HEAT_PUMP, "Hana")
    loop = technician_holding(CertificationType.IGSHPA, "Lars")
    sign_in(page, installer.user.username)
    enter_site(page, GSHP_FORM)
    page.get_by_role("button", name="Ground source heat pump").click()
    fill(page, GSHP_FORM)

    # Alone, the installing technician lacks IGSHPA: the live check says so and who held what.
    certification = page.get_by_test_id("check-technician.certified_on_install_date").first
    expect(certification).to_contain_text("IGSHPA: no one present")
    expect(certification).to_contain_text("PTCS heat pump: Hana Tech")

    fill(page, {"technicians_present": str(loop.technician_id)})  # in its section on a phone
    expect(certification).to_contain_text(f"IGSHPA: Lars Tech (Technician ID {loop.technician_id})")
    expect(page.get_by_test_id("preview-status")).to_have_text("BPA Pending")
    page.get_by_role("button", name="Complete", exact=True).click()

    measure_id = expect_status_page(page, "BPA Pending")
    job = Job.objects.get(measure_id=measure_id)
    assert job.data["technicians_present"] == str(loop.technician_id)
    assert job.technician == installer
    expect(page.locator("main")).to_contain_text(
        f"IGSHPA: Lars Tech (Technician ID {loop.technician_id})"
    )
