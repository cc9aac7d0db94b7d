"""Certification journey in a real browser (seed 001).

A technician registers, submits an application with a proof-of-training PDF; staff approves
it; the technician sees the technician ID and active certifications. Also: staff rejects on
a phone, and a wrong proof file keeps everything typed.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from technicians import services
from technicians.models import Application, TechnicianProfile
from tests.accounts.factories import PASSWORD
from tests.technicians.factories import PDF_BYTES, application_data, pdf_upload

pytestmark = pytest.mark.browser

HEAT_PUMP = "PTCS Heat Pump (commissioning, controls & sizing)"
DUCT_SEALING = "PTCS Duct Sealing"
PASSWORD_LABEL = re.compile(r"^Password:?$")

#: What the technician types into the application form.
COMPANY = {
    "Company name": "Yakima Valley Heat Pumps",
    "Contractor license number": "YAKIMVH900KL",
    "Company street address": "22 Fruitvale Blvd",
    "Company city": "Yakima",
    "Company state": "WA",
    "Company ZIP code": "98902",
    "Company phone": "509-555-0199",
}
TRAINING = {
    "Trainer or certifying organisation": "WSU Energy Program",
    "Date of training or certification": "2026-10-02",
    "What is new or changed": "First application.",
}


#: Below this width the site menu folds behind its Menu button (static/css/registry.css).
PHONE_MENU_MAX_WIDTH = 767


def open_menu(page: Page) -> None:
    """On a phone the site menu folds behind its Menu button: open it. Nothing to do on a
    desktop, where the button is not shown.

    Decided by the viewport, not by whether the button is visible yet: static/js/menu.js
    makes the button while the page is parsed, and a check that does not wait could look
    before it exists (on a loaded machine it did) and leave the menu folded."""
    if (page.viewport_size or {}).get("width", 1280) > PHONE_MENU_MAX_WIDTH:
        return
    button = page.get_by_role("navigation", name="Main").get_by_role(
        "button", name="Menu", exact=True
    )
    expect(button).to_be_visible()
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    expect(button).to_have_attribute("aria-expanded", "true")


def sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Login").fill(login)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name="Sign In").click()
    # Signed in: the page after it has the Sign out button (folded in the menu on a phone).
    signed_in = page.get_by_role("button", name=re.compile(r"^Sign out "), include_hidden=True)
    expect(signed_in).to_be_attached()


def sign_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name=re.compile(r"^Sign out ")).click()
    expect(
        page.get_by_role("link", name="Sign in", exact=True, include_hidden=True)
    ).to_be_attached()


def nav_link(page: Page, name: str):
    """A link of the site menu, shown (the menu opened first on a phone)."""
    open_menu(page)
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def my_application(page: Page):
    """The row of the technician's (only) application on "My certification"."""
    return page.get_by_role("row", name=re.compile("Certified Technician Application"))


def fill_application(page: Page, proof) -> None:
    for label, value in {**COMPANY, **TRAINING}.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("checkbox", name=HEAT_PUMP, exact=True).check()
    page.get_by_role("checkbox", name=DUCT_SEALING, exact=True).check()
    page.get_by_role("radio", name="Training with a BPA-approved trainer").check()
    page.get_by_label("Dated proof of training").set_input_files(proof)


def test_technician_registers_applies_and_is_approved(page: Page, staff, tmp_path):
    # Register.
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    page.get_by_label("Email").fill("rita.rivera@example.com")
    page.get_by_label("Username").fill("rita-rivera")
    page.get_by_label("First name").fill("Rita")
    page.get_by_label("Last name").fill("Rivera")
    page.get_by_label("Phone").fill("509-555-0142")
    page.get_by_label(PASSWORD_LABEL).fill("Heat-pump-journey-42")
    page.get_by_label("Password (again)").fill("Heat-pump-journey-42")
    page.get_by_role("button", name="Sign Up").click()

    # Verify the e-mail address (mandatory) with the link the registry sent.
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    (confirmation,) = [m for m in mail.outbox if m.to == ["rita.rivera@example.com"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group()
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Sign out rita-rivera")).to_be_visible()

    # Apply with a proof-of-training PDF.
    nav_link(page, "My certification").click()
    expect(page.get_by_test_id("technician-id")).to_have_count(0)
    page.get_by_role("button", name="New Certified Technician Application").click()
    expect(page.get_by_role("heading", name="Certified Technician Application")).to_be_visible()
    proof = tmp_path / "proof-of-training.pdf"
    proof.write_bytes(PDF_BYTES)
    fill_application(page, proof)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your Certified Technician Application was received"
    )
    expect(page.get_by_role("heading", name="My certification")).to_be_visible()
    expect(my_application(page)).to_contain_text("Waiting for review")
    sign_out(page)

    # PTCS staff approve it.
    sign_in(page, staff.username)
    nav_link(page, "Applications").click()
    row = page.get_by_role("row").filter(has_text="Rita Rivera")
    expect(row).to_contain_text("Yakima Valley Heat Pumps")
    row.get_by_role("button", name="Review").click()
    expect(page.get_by_role("link", name="proof-of-training.pdf")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: Certified Technician Application")
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    sign_out(page)

    # The technician sees the Technician ID and both certifications active.
    sign_in(page, "rita-rivera", "Heat-pump-journey-42")
    nav_link(page, "My certification").click()
    technician_id = TechnicianProfile.objects.get(user__username="rita-rivera").technician_id
    assert technician_id is not None
    expect(page.get_by_test_id("technician-id")).to_have_text(str(technician_id))
    for cert_type in ("ptcs_heat_pump", "ptcs_duct_sealing"):
        expect(page.get_by_test_id(f"certification-{cert_type}")).to_contain_text("Active")
    expect(page.get_by_text("Yakima Valley Heat Pumps").first).to_be_visible()

    (approval,) = [m for m in mail.outbox if "approved" in m.subject]
    assert approval.to == ["rita.rivera@example.com"]
    assert str(technician_id) in approval.subject
    assert f"Your PTCS Technician ID: {technician_id}" in approval.body


def test_staff_rejects_with_a_reason_on_a_phone(phone_page: Page, staff, applicant):
    page = phone_page
    data = application_data()
    application = services.application_submit(
        actor=applicant, kind=Application.Kind.TECHNICIAN, data=data, proof=pdf_upload()
    )
    sign_in(page, staff.username)
    nav_link(page, "Applications").click()
    # Phone layout: the queue is a list of cards, without column headers.
    expect(page.get_by_role("columnheader", name="Applicant")).to_be_hidden()
    page.get_by_role("row").filter(has_text="Alex Applicant").get_by_role(
        "button", name="Review"
    ).click()
    expect(page.get_by_role("heading", name=f"#{application.pk}")).to_be_visible()

    # An empty reason is refused and nothing is decided.
    reason = page.get_by_label("Reason (sent to the applicant)")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Give the applicant a reason for the rejection.")).to_be_visible()
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    page.get_by_role("link", name="Back to the queue").click()
    expect(page.get_by_role("row").filter(has_text="Alex Applicant")).to_be_visible()

    # With a reason the application is rejected and leaves the queue.
    page.get_by_role("row").filter(has_text="Alex Applicant").get_by_role(
        "button", name="Review"
    ).click()
    reason.fill("The training certificate is not dated. Send a dated copy.")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Rejected: Certified Technician Application #{application.pk}"
    )
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    sign_out(page)

    # The applicant sees the decision and its reason.
    sign_in(page, applicant.username)
    nav_link(page, "My certification").click()
    row = my_application(page)
    expect(row).to_contain_text("Rejected")
    expect(row).to_contain_text("The training certificate is not dated. Send a dated copy.")
    (rejection,) = mail.outbox
    assert rejection.to == [applicant.email]
    assert "The training certificate is not dated." in rejection.body


def test_wrong_proof_file_keeps_what_was_typed(page: Page, applicant, tmp_path):
    sign_in(page, applicant.username)
    page.goto("/technicians/apply/technician/")
    fake = tmp_path / "proof-of-training.pdf"
    fake.write_text("Not a PDF at all, just text with a .pdf name.\n")
    fill_application(page, fake)
    page.get_by_role("button", name="Submit application").click()

    expect(page.get_by_role("alert")).to_contain_text("choose your proof of training file again")
    expect(page.get_by_text("Proof of training must be a PDF, PNG or JPEG file")).to_be_visible()
    for label, value in {**COMPANY, **TRAINING}.items():
        expect(page.get_by_label(label)).to_have_value(value)
    expect(page.get_by_role("checkbox", name=HEAT_PUMP, exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name=DUCT_SEALING, exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="Training with a BPA-approved trainer")).to_be_checked()
    expect(page.get_by_label("Dated proof of training")).to_have_value("")
    assert not Application.objects.exists()
