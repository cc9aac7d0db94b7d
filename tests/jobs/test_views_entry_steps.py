"""The first two steps of job entry: the Site Address step checks what it can before the
measure is chosen (ZIP code, state, a utility serving the ZIP), keeping everything typed."""

import re

import pytest
from django.urls import reverse

from tests.jobs.factories import ENTRY_SITE
from tests.jobs.test_views import controls

pytestmark = pytest.mark.django_db

NEW = reverse("jobs:new")
SITE = {**ENTRY_SITE, "install_date": "2024-05-01"}


def _error_of(response, name: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', html, re.S)
    assert found, f"no error shown beside {name}"
    return found.group(1)


@pytest.fixture
def tech_client(client, technician, benton_rea):
    client.force_login(technician)
    return client


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
