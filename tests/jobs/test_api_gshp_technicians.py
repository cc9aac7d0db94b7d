"""Whole ground source heat pump jobs through the API, installed by two technicians who
together hold the PTCS and IGSHPA qualifications and were both present (seed 003
L10232-10242)."""

from __future__ import annotations

import pytest

from jobs.models import Job
from technicians.models import CertificationType
from tests.jobs.api_helpers import api_client, post
from tests.jobs.factories import gshp_payload
from tests.technicians.factories import technician_holding

pytestmark = pytest.mark.django_db

RULE = "technician.certified_on_install_date"


@pytest.fixture
def heat_pump_tech(db):
    """Certified in PTCS heat pumps, not IGSHPA."""
    return technician_holding(CertificationType.PTCS_HEAT_PUMP, "Hana")


@pytest.fixture
def loop_tech(db):
    """IGSHPA accredited, not PTCS."""
    return technician_holding(CertificationType.IGSHPA, "Lars")


def complete(profile, **overrides):
    return post(api_client(profile.user), {**gshp_payload(**overrides), "action": "complete"})


def check_of(data) -> dict:
    return next(c for c in data["checks"] if c["rule"] == RULE)


def test_a_ptcs_technician_alone_cannot_complete_a_ground_source_job(heat_pump_tech, benton_rea):
    response = complete(heat_pump_tech)

    assert response.status_code == 400
    assert "IGSHPA: no one present" in " ".join(response.json()["tech_id"])
    assert not Job.objects.exists()


@pytest.mark.parametrize("named_as", ["text", "list"])
def test_two_technicians_present_complete_it_and_the_check_says_who_held_what(
    heat_pump_tech, loop_tech, benton_rea, named_as
):
    present = str(loop_tech.technician_id) if named_as == "text" else [loop_tech.technician_id]

    response = complete(heat_pump_tech, technicians_present=present)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == Job.Status.BPA_PENDING  # ground source: always reviewed (000 L29)
    assert data["technicians_present"] == str(loop_tech.technician_id)
    found = check_of(data)
    assert found["passed"] is True
    assert (
        f"PTCS heat pump: Hana Tech (Technician ID {heat_pump_tech.technician_id})"
        in (found["message"])
    )
    assert f"IGSHPA: Lars Tech (Technician ID {loop_tech.technician_id})" in found["message"]


def test_the_other_technicians_accreditation_must_be_active_on_the_install_date(
    heat_pump_tech, loop_tech, benton_rea
):
    loop_tech.certifications.update(effective_date="2024-06-04")  # the day after the install

    response = complete(heat_pump_tech, technicians_present=str(loop_tech.technician_id))

    assert response.status_code == 400
    assert "IGSHPA: no one present" in " ".join(response.json()["tech_id"])


def test_a_technician_id_the_registry_does_not_have_is_a_field_error(heat_pump_tech, benton_rea):
    response = complete(heat_pump_tech, technicians_present="99999")

    assert response.status_code == 400
    assert response.json()["technicians_present"] == [
        "No technician in the registry has Technician ID 99999."
    ]


def test_technician_ids_that_are_not_numbers_are_a_field_error(heat_pump_tech, benton_rea):
    response = complete(heat_pump_tech, technicians_present="Lars from the drilling crew")

    assert response.status_code == 400
    assert response.json()["technicians_present"] == [
        "Enter Technician IDs (numbers), separated by commas."
    ]


def test_save_progress_keeps_an_unknown_id_and_the_check_names_it(heat_pump_tech, benton_rea):
    response = post(
        api_client(heat_pump_tech.user),
        {**gshp_payload(technicians_present="99999"), "action": "save_progress"},
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["technicians_present"] == "99999"
    assert "Not in the registry: Technician ID 99999." in check_of(data)["message"]
