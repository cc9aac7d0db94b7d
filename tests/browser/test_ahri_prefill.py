"""Equipment directory pre-fill in a real browser: typing a listed AHRI number fills
the heat pump's make, models, efficiencies (SEER/HSPF and SEER2/HSPF2) and capacity; an
unlisted number is accepted as typed and the preview says the job will go to BPA Pending."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from jobs.models import AhriRating
from tests.browser.test_certification_journey import sign_in
from tests.browser.test_job_entry import CARRIED, enter_site, expect_status_page, field, fill
from tests.jobs.factories import entry_ashp_payload

pytestmark = pytest.mark.browser

EQUIPMENT = ("make", "outdoor_model", "indoor_model", "seer", "hspf")


@pytest.fixture
def listed(db):
    return AhriRating.objects.create(
        ahri_number="201234567",
        make="Acme",
        outdoor_model="HP-24",
        indoor_model="AH-24",
        seer=Decimal("16.00"),
        hspf=Decimal("9.50"),
        seer2=Decimal("15.20"),
        hspf2=Decimal("8.10"),
        capacity_tons=Decimal("2.00"),
    )


def open_ashp_form(page: Page, technician, payload) -> None:
    sign_in(page, technician.username)
    enter_site(page, payload)
    page.get_by_role("button", name="Air source heat pump").click()
    expect(page.get_by_role("heading", name="Air source heat pump")).to_be_visible()


def test_typing_a_listed_ahri_number_fills_the_equipment(
    page: Page, technician, benton_rea, listed
):
    payload = entry_ashp_payload()
    open_ashp_form(page, technician, payload)
    field(page, "seer").fill("17")  # typed before: kept, and the difference pointed out

    field(page, "ahri_number").fill("201234567")

    status = page.get_by_test_id("ahri-status")
    expect(status).to_contain_text("AHRI 201234567 is in the equipment directory")
    expect(field(page, "make")).to_have_value("Acme")
    expect(field(page, "outdoor_model")).to_have_value("HP-24")
    expect(field(page, "indoor_model")).to_have_value("AH-24")
    expect(field(page, "hspf")).to_have_value("9.50")
    expect(field(page, "seer2")).to_have_value("15.20")  # listed in both ratings: both filled
    expect(field(page, "hspf2")).to_have_value("8.10")
    expect(field(page, "seer")).to_have_value("17")
    expect(status).to_contain_text("SEER")
    expect(status).to_contain_text("directory: 16.00")

    field(page, "seer").fill("16")
    fill(page, payload, skip={*EQUIPMENT, "ahri_number", "seer", *CARRIED})
    expect(page.get_by_test_id("preview-status")).to_have_text("BPA Approved")
    page.get_by_role("button", name="Complete", exact=True).click()
    expect_status_page(page, "BPA Approved")


def test_an_unlisted_number_is_accepted_and_goes_to_bpa_pending(
    page: Page, technician, benton_rea, listed
):
    payload = entry_ashp_payload(ahri_number="205555555")
    open_ashp_form(page, technician, payload)

    fill(page, payload, skip=CARRIED)

    expect(page.get_by_test_id("ahri-status")).to_contain_text("not in the equipment directory")
    expect(field(page, "make")).to_have_value(payload["make"])  # nothing overwritten
    expect(page.get_by_test_id("preview-status")).to_have_text("BPA Pending")
    page.get_by_role("button", name="Complete", exact=True).click()
    expect_status_page(page, "BPA Pending")
