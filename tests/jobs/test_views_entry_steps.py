"""The first two steps of job entry: the Site Address step checks what it can before the
measure is chosen (ZIP code, state, a utility serving the ZIP), keeping everything typed; the
measure type choice offers only the measures the installing technician was certified for on
the install date and shows the others disabled with the reason."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from technicians.models import CertificationType
from tests.jobs.factories import ENTRY_SITE
from tests.jobs.test_views import controls
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

pytestmark = pytest.mark.django_db

NEW = reverse("jobs:new")
SITE = {**ENTRY_SITE, "install_date": "2024-05-01"}


def _error_of(response, name: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', html, re.S)
    assert found, f"no error shown beside {name}"
    return found.group(1)


def _offer(html: str, measure: str) -> str:
    """The measure type choice's item of ``measure``: its button and note."""
    start = html.index(f'data-testid="measure-{measure}"')
    return html[start : html.index("</li>", start)]


@pytest.fixture
def tech_client(client, technician, benton_rea):
    client.force_login(technician)
    return client


def _technician_holding(*cert_types, company=None):
    extra = {"company": company} if company is not None else {}
    profile = TechnicianProfileFactory(**extra)
    for cert_type in cert_types:
        CertificationFactory(technician=profile, cert_type=cert_type)
    return profile


# --- Site Address ---------------------------------------------------------------------------


@pytest.mark.parametrize("zip_code", ["9935", "993501", "99350-12", "9935O"])
def test_a_zip_code_that_is_not_5_digits_or_zip_plus_4_is_refused_keeping_what_was_typed(
    tech_client, zip_code
):
    typed = {**SITE, "zip_code": zip_code, "street_address_2": "Lot 7"}

    response = tech_client.get(NEW, typed)

    assert response.status_code == 400
    assert "Enter a 5-digit ZIP code, or ZIP+4: 12345 or 12345-6789." in _error_of(
        response, "zip_code"
    )
    shown = controls(response)
    for name, value in typed.items():
        assert shown[name] == value, name
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("zip_code", ["99350", "99350-1234"])
def test_a_5_digit_zip_code_or_zip_plus_4_goes_on_to_the_measure_type(tech_client, zip_code):
    response = tech_client.get(NEW, {**SITE, "zip_code": zip_code})

    assert response.status_code == 200
    assert 'value="Benton REA"' in response.content.decode()


def test_a_state_that_is_not_a_us_state_code_is_refused(tech_client):
    response = tech_client.get(NEW, {**SITE, "state": "XX"})

    assert response.status_code == 400
    assert "two-letter code of a US state" in _error_of(response, "state")
    assert controls(response)["state"] == "XX"


def test_a_state_code_in_small_letters_is_taken(tech_client):
    assert tech_client.get(NEW, {**SITE, "state": "wa"}).status_code == 200


def test_a_zip_code_no_utility_serves_asks_the_technician_to_check_it(tech_client):
    response = tech_client.get(NEW, {**SITE, "zip_code": "59801"})

    assert response.status_code == 400
    error = _error_of(response, "zip_code")
    assert "No utility in the registry serves ZIP 59801 yet" in error
    assert "tick the box below" in error
    assert 'data-testid="zip-confirm"' in response.content.decode()
    assert controls(response)["zip_code"] == "59801"


def test_a_confirmed_zip_code_no_utility_serves_goes_on_and_comes_back_confirmed(tech_client):
    typed = {**SITE, "zip_code": "59801", "zip_unserved_ok": "on"}

    response = tech_client.get(NEW, typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="no-utility"' in html
    back = tech_client.get(NEW, {**typed, "step": "site"})
    assert controls(back)["zip_unserved_ok"] == "on"  # the box stays ticked going back


def test_an_unverified_address_is_not_said_to_be_saved_before_anything_is(tech_client):
    response = tech_client.get(NEW, {**SITE, "street_address": "Behind the grain elevator"})

    html = response.content.decode()
    assert "could not be verified; it will be kept as typed and PTCS staff will check it" in html
    assert "has been saved" not in html


# --- Measure type ---------------------------------------------------------------------------


def test_a_technician_certified_for_everything_is_offered_every_measure(tech_client):
    html = tech_client.get(NEW, SITE).content.decode()

    for measure in ("ashp", "vshp", "gshp", "duct_sealing_ptcs", "duct_sealing_prescriptive"):
        offer = _offer(html, measure)
        assert f'formaction="/jobs/new/{measure}/"' in offer
        assert "disabled" not in offer


def test_a_measure_the_technician_was_not_certified_for_is_disabled_with_the_reason(
    client, benton_rea
):
    profile = _technician_holding(CertificationType.PTCS_HEAT_PUMP)
    client.force_login(profile.user)

    html = client.get(NEW, SITE).content.decode()

    duct = _offer(html, "duct_sealing_ptcs")
    assert "disabled" in duct
    assert "formaction" not in duct
    assert "Not certified for PTCS Duct Sealing on 2024-05-01 — apply to add it." in duct
    assert "disabled" not in _offer(html, "ashp")
    assert reverse("technicians:apply", kwargs={"kind_slug": "technician"}) in html


def test_a_certification_effective_after_the_install_date_does_not_count(client, benton_rea):
    profile = _technician_holding(CertificationType.PTCS_DUCT_SEALING)  # effective 2024-01-15
    client.force_login(profile.user)

    html = client.get(NEW, {**SITE, "install_date": "2023-12-01"}).content.decode()

    assert "disabled" in _offer(html, "duct_sealing_ptcs")


def test_ground_source_is_offered_to_a_heat_pump_technician_saying_what_else_it_needs(
    client, benton_rea
):
    profile = _technician_holding(CertificationType.PTCS_HEAT_PUMP)
    client.force_login(profile.user)

    gshp = _offer(client.get(NEW, SITE).content.decode(), "gshp")

    assert 'formaction="/jobs/new/gshp/"' in gshp
    assert "disabled" not in gshp
    assert "Also needs IGSHPA on 2024-05-01" in gshp
    assert 'aria-describedby="measure-note-gshp"' in gshp


def test_a_company_administrator_is_offered_what_any_of_the_technicians_may_install(
    client, company_admin, technician, benton_rea
):
    company = technician.technician.company
    technician.technician.certifications.exclude(cert_type="ptcs_duct_sealing").delete()
    other = _technician_holding(
        CertificationType.PTCS_DUCT_SEALING,
        CertificationType.PRESCRIPTIVE_DUCT_SEALING,
        company=company,
    )
    client.force_login(company_admin)

    html = client.get(NEW, SITE).content.decode()

    ashp = _offer(html, "ashp")
    assert "disabled" in ashp
    assert "None of your technicians was certified for Air source heat pump" in ashp
    duct = _offer(html, "duct_sealing_ptcs")
    assert "disabled" not in duct
    assert "measure-note" not in duct  # every technician may: nothing to say
    prescriptive = _offer(html, "duct_sealing_prescriptive")
    assert "disabled" not in prescriptive
    assert f"certified for it: {escape(other.user.get_full_name())}." in prescriptive
