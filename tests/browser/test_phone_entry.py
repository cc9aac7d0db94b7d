"""Job entry on a phone (390×844), section by section: a technician in a crawlspace types one
section of the form at a time, sees beside the readings what they compute (the airflow per ton
while the raw flow is typed) and keeps the status bar with Save Progress and Complete on
screen; a refused Complete keeps every section's values; Save Progress, a reload and My jobs
bring the job back with what was typed."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from jobs.models import Job
from tests.browser.test_certification_journey import nav_link, sign_in
from tests.browser.test_job_entry import CARRIED, enter_site, expect_status_page, field
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload

pytestmark = pytest.mark.browser


def on_screen(page: Page, locator: Locator) -> None:
    """``locator`` lies wholly inside the viewport (not scrolled away, not cut off)."""
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None, "not rendered"
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= viewport["height"], box
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], box


def current_section(page: Page) -> Locator:
    return page.locator("[data-section].is-current")


def section_key_of(page: Page, name: str) -> str:
    return page.locator(f'[name="{name}"]').first.evaluate(
        "e => e.closest('[data-section]').dataset.section"
    )


def type_into(page: Page, name: str, value: str) -> None:
    """Type one answer as a technician does: tap the radio or option, or type the text."""
    control = page.locator(f'[name="{name}"]')
    kind = control.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind == "radio":
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    elif kind == "select":
        control.select_option(value)
    else:
        control.fill(value)


def enter_section_by_section(page: Page, payload: dict, *, skip=CARRIED, until: str = "") -> None:
    """Walk the form with Next, typing each section's answers from ``payload`` while it is
    the one on screen (every other section hidden); stop after section ``until``."""
    expect(page.locator("form[data-sections-ready]")).to_have_count(1)
    by_section: dict[str, list[str]] = {}
    for name in payload:
        if name not in skip:
            by_section.setdefault(section_key_of(page, name), []).append(name)
    keys = page.locator("section[data-section]").evaluate_all(
        "sections => sections.map(s => s.dataset.section)"
    )
    for key in keys:
        section = page.locator(f'[data-section="{key}"]')
        expect(section).to_be_visible()
        expect(page.locator("section[data-section]:visible")).to_have_count(1)
        for name in by_section.get(key, ()):
            type_into(page, name, payload[name])
        if key == until:
            return
        section.get_by_role("button", name=re.compile(r"^Next")).click()


def test_an_ashp_job_is_entered_section_by_section_with_the_airflow_per_ton_in_view(
    phone_page: Page, technician, benton_rea
):
    page = phone_page
    payload = entry_ashp_payload()
    sign_in(page, technician.username)
    enter_site(page, payload)
    page.get_by_role("button", name="Air source heat pump").click()
    expect(current_section(page)).to_have_attribute("data-section", "site")
    expect(field(page, "raw_flow_cfm")).to_be_hidden()

    airflow = ("outdoor_capacity_tons", "nsop", "tfsop", "raw_flow_cfm")
    enter_section_by_section(page, payload, skip={*CARRIED, "raw_flow_cfm"}, until="airflow")
    expect(current_section(page)).to_have_attribute("data-section", "airflow")
    # The raw flow, typed last: the airflow per ton and the status bar stay on screen.
    raw_flow = field(page, "raw_flow_cfm")
    raw_flow.click()
    raw_flow.press_sequentially(payload["raw_flow_cfm"])
    cfm_per_ton = page.get_by_test_id("computed-cfm_per_ton")
    expect(cfm_per_ton).to_have_text("387 CFM/ton")
    section = page.get_by_test_id("section-airflow")
    expect(section.get_by_test_id("computed-cfm_per_ton")).to_be_visible()
    expect(section.get_by_test_id("check-hp.airflow_per_ton")).to_contain_text("Pass")
    on_screen(page, raw_flow)
    on_screen(page, cfm_per_ton)
    bar = page.get_by_test_id("status-bar")
    on_screen(page, bar)
    on_screen(page, bar.get_by_role("button", name="Save Progress"))
    on_screen(page, bar.get_by_role("button", name="Complete", exact=True))
    expect(page.get_by_test_id("statusbar-status")).to_have_text(
        re.compile(r"^Incomplete: \d+ questions left$")
    )
    expect(page.get_by_test_id("statusbar-status")).to_have_text(
        page.get_by_test_id("preview-status").text_content()
    )
    assert {*airflow} <= set(payload)

    # The rest of the form, section by section, then Complete from the status bar.
    for key in ("charge", "controls"):
        current_section(page).get_by_role("button", name=re.compile(r"^Next")).click()
        expect(current_section(page)).to_have_attribute("data-section", key)
        for name, value in payload.items():
            if name not in CARRIED and section_key_of(page, name) == key:
                type_into(page, name, value)
    expect(page.get_by_test_id("statusbar-status")).to_have_text("BPA Approved")
    on_screen(page, page.get_by_test_id("statusbar-status"))
    page.get_by_role("button", name="Complete", exact=True).click()

    measure_id = expect_status_page(page, "BPA Approved")
    assert Job.objects.get(measure_id=measure_id).data["raw_flow_cfm"] == 1100


def test_a_ptcs_duct_job_is_entered_section_by_section_with_the_leakage_limits_in_view(
    phone_page: Page, technician, benton_rea
):
    page = phone_page
    payload = entry_duct_payload()
    sign_in(page, technician.username)
    enter_site(page, payload)
    page.get_by_role("button", name="PTCS duct sealing").click()
    enter_section_by_section(page, payload, until="leakage")

    section = page.get_by_test_id("section-leakage")
    expect(section.get_by_test_id("computed-pre_required_cfm50")).to_have_text("150 CFM50")
    expect(section.get_by_test_id("computed-post_allowed_cfm50")).to_have_text("80 CFM50")
    expect(section.get_by_test_id("computed-reduction")).to_have_text("85 %")
    expect(section.get_by_test_id("check-duct.post_test_leakage")).to_contain_text("Pass")
    on_screen(page, field(page, "post_cfm50"))
    on_screen(page, page.get_by_test_id("computed-post_allowed_cfm50"))
    on_screen(page, page.get_by_test_id("status-bar"))

    section.get_by_role("button", name=re.compile(r"^Next")).click()
    for name in ("meets_specification", "combustion_appliance"):
        type_into(page, name, payload[name])
    expect(page.get_by_test_id("statusbar-status")).to_have_text("BPA Approved")
    page.get_by_role("button", name="Complete", exact=True).click()
    expect_status_page(page, "BPA Approved")


def test_a_refused_complete_opens_the_section_in_error_and_keeps_every_section(
    phone_page: Page, technician, benton_rea
):
    page = phone_page
    payload = entry_ashp_payload(hspf="abc")
    sign_in(page, technician.username)
    enter_site(page, payload)
    page.get_by_role("button", name="Air source heat pump").click()
    enter_section_by_section(page, payload, until="controls")
    page.get_by_role("button", name="Complete", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("The job was not saved")
    # The section holding the error is the one open; the others keep what was typed.
    expect(current_section(page)).to_have_attribute("data-section", "equipment")
    expect(page.locator("#id_hspf_error")).to_be_visible()
    for name, value in payload.items():
        if name == "measure_type":
            continue
        if page.locator(f'[name="{name}"]').first.get_attribute("type") == "radio":
            expect(page.locator(f'input[name="{name}"][value="{value}"]')).to_be_checked()
        else:
            expect(field(page, name)).to_have_value(value)
    assert not Job.objects.exists()

    # The error summary's link leads to the field, whichever section is open.
    page.locator('[data-section-link="airflow"]').click()
    expect(field(page, "hspf")).to_be_hidden()
    expect(field(page, "raw_flow_cfm")).to_have_value("1100")
    page.get_by_role("alert").get_by_role("link", name="HSPF").click()
    expect(field(page, "hspf")).to_be_focused()
    field(page, "hspf").fill("9.5")
    expect(page.get_by_test_id("statusbar-status")).to_have_text("BPA Approved")
    page.get_by_role("button", name="Complete", exact=True).click()
    expect_status_page(page, "BPA Approved")


def test_saved_progress_survives_a_reload_and_is_resumed_from_my_jobs(
    phone_page: Page, technician, benton_rea
):
    page = phone_page
    payload = entry_ashp_payload()
    sign_in(page, technician.username)
    enter_site(page, payload)
    page.get_by_role("button", name="Air source heat pump").click()
    enter_section_by_section(page, payload, until="airflow")
    page.get_by_role("button", name="Save Progress").click()
    measure_id = expect_status_page(page, "In Progress")
    page.reload()
    expect(page.get_by_test_id("job-status")).to_have_text("In Progress")

    # Later: My jobs, the filter, Complete Job.
    page.goto("/")
    nav_link(page, "My jobs").click()
    page.get_by_text("Filter jobs").click()
    page.get_by_label("Measure ID").fill(measure_id)
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text=measure_id)
    row.get_by_role("button", name="Complete Job").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{measure_id}/edit/"))
    expect(page.get_by_test_id("measure-id")).to_have_text(measure_id)

    # The airflow section as it was typed; a reload comes back to it, values and all.
    page.locator('[data-section-link="airflow"]').click()
    expect(field(page, "raw_flow_cfm")).to_have_value("1100")
    expect(page.get_by_test_id("computed-cfm_per_ton")).to_have_text("387 CFM/ton")
    page.reload()
    expect(current_section(page)).to_have_attribute("data-section", "airflow")
    expect(field(page, "raw_flow_cfm")).to_be_visible()
    expect(field(page, "nsop")).to_have_value("0.4")
    expect(field(page, "hspf")).to_have_value("9.5")

    current_section(page).get_by_role("button", name=re.compile(r"^Next")).click()
    for key in ("charge", "controls"):
        expect(current_section(page)).to_have_attribute("data-section", key)
        for name, value in payload.items():
            if name not in CARRIED and section_key_of(page, name) == key:
                type_into(page, name, value)
        if key == "charge":
            current_section(page).get_by_role("button", name=re.compile(r"^Next")).click()
    expect(page.get_by_test_id("statusbar-status")).to_have_text("BPA Approved")
    page.get_by_role("button", name="Complete", exact=True).click()
    assert expect_status_page(page, "BPA Approved") == measure_id
    assert Job.objects.count() == 1
