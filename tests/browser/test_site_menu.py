"""The site header on a phone: the page comes first, the links fold behind a Menu button that
opens them, and only what the person may do is offered; a page they may not open explains why
inside the site. Also the first two steps of job entry on a phone: a bad ZIP code is caught on
the Site Address step, and a measure the technician is not certified for is shown disabled
with the reason."""

import re

import pytest
from playwright.sync_api import Page, expect

from technicians.models import CertificationType
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_certification_journey import nav_link, open_menu, sign_in
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

pytestmark = pytest.mark.browser

JOB_LINKS = ("Enter a job", "My jobs", "Bulk upload")


def _menu_button(page: Page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "button", name="Menu", exact=True
    )


def test_a_pending_applicant_on_a_phone_is_offered_no_job_links_and_told_why(
    phone_page: Page, applicant, application
):
    page = phone_page
    sign_in(page, applicant.username)
    page.goto("/")

    menu = _menu_button(page)
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="My certification", exact=True)).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav_link(page, "My certification")).to_be_visible()
    for name in JOB_LINKS:
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)

    response = page.goto("/jobs/new/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page is not open to your account"
    )
    expect(page.get_by_test_id("refusal-reason")).to_have_text(
        re.compile(r"^Your application is being reviewed; you can enter jobs once it is approved")
    )
    expect(_menu_button(page)).to_be_visible()  # the site's own page, with its header


def test_the_menu_button_on_a_phone_opens_and_closes_the_menu(phone_page: Page, technician):
    page = phone_page
    sign_in(page, technician.username)
    page.goto("/technicians/lookup/")
    menu = _menu_button(page)
    assert menu.get_attribute("aria-controls") == "main-menu"
    # Folded, the menu leaves the page's heading near the top of the screen.
    heading = page.get_by_role("heading", level=1)
    assert heading.bounding_box()["y"] < 200

    menu.click()

    expect(nav_link(page, "Enter a job")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Sign out "))).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(page.get_by_role("link", name="Enter a job", exact=True)).to_be_hidden()
    nav_link(page, "My jobs").click()
    expect(page).to_have_url(re.compile(r"/jobs/$"))


def test_on_a_desktop_the_links_are_shown_without_a_menu_button(page: Page, technician):
    sign_in(page, technician.username)
    page.goto("/")

    expect(_menu_button(page)).to_be_hidden()
    for name in JOB_LINKS:
        expect(nav_link(page, name)).to_be_visible()


def test_without_javascript_the_menu_still_opens_on_a_phone(
    browser, live_server, technician, tmp_path
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        page.goto("/")
        summary = page.locator("details[data-menu] > summary")
        expect(summary).to_have_text("Menu")
        expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_hidden()

        summary.click()

        expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    finally:
        context.close()


def test_skip_to_content_is_the_first_stop_of_the_keyboard(page: Page):
    page.goto("/technicians/lookup/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def test_job_entry_steps_on_a_phone_catch_the_zip_and_the_certification(
    phone_page: Page, benton_rea
):
    page = phone_page
    profile = TechnicianProfileFactory(user__username="hank-heatpump")
    CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_HEAT_PUMP)
    sign_in(page, profile.user.username)
    open_menu(page)
    nav_link(page, "Enter a job").click()

    page.get_by_label("Street address", exact=True).fill("1200 N Meade Ave")
    page.get_by_label("City").fill("Prosser")
    page.get_by_label("State").fill("WA")
    page.get_by_label("ZIP code").fill("9935")
    page.get_by_label("Install date").fill("2024-05-01")
    page.get_by_role("button", name="Next: choose the measure").click()

    zip_code = page.get_by_label("ZIP code")
    expect(zip_code).to_have_value("9935")
    expect(zip_code).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_zip_code_error")).to_have_text(
        "Enter a 5-digit ZIP code, or ZIP+4: 12345 or 12345-6789."
    )
    assert not serious_violations(page)

    zip_code.fill("99350")
    page.get_by_role("button", name="Next: choose the measure").click()

    duct = page.get_by_role("button", name="PTCS duct sealing")
    expect(duct).to_be_disabled()
    expect(page.get_by_test_id("measure-duct_sealing_ptcs")).to_contain_text(
        "Not certified for PTCS Duct Sealing on 2024-05-01 — apply to add it."
    )
    expect(page.get_by_test_id("measure-gshp")).to_contain_text("Also needs IGSHPA")
    assert not serious_violations(page)
    page.get_by_role("button", name="Air source heat pump").click()
    expect(page).to_have_url(re.compile(r"/jobs/new/ashp/"))
