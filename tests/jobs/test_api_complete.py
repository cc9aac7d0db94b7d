"""The jobs REST API: completing a saved (In Progress) job, and who may complete it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatusChange
from tests.jobs.api_helpers import LIST, api_client, submit

pytestmark = pytest.mark.django_db


def complete_url(measure_id: int) -> str:
    return reverse("api-job-complete", kwargs={"measure_id": measure_id})


# --- Completing a saved job ------------------------------------------------------------------


@pytest.fixture
def draft(technician, benton_rea):
    """An In Progress job of ``technician`` still missing its HSPF."""
    return submit(technician, action="save_progress", hspf=None)


def test_completing_a_saved_job_with_the_missing_value(technician, draft):
    response = api_client(technician).post(complete_url(draft.measure_id), {"hspf": 9.5})

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "bpa_approved"
    assert response.json()["measure_id"] == draft.measure_id
    draft.refresh_from_db()
    assert draft.status == Job.Status.BPA_APPROVED
    assert draft.completed_at is not None


def test_completing_without_a_body_uses_the_saved_data(technician, benton_rea):
    job = submit(technician, action="save_progress")

    response = api_client(technician).post(complete_url(job.measure_id))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "bpa_approved"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "hspf"),
        ({"hspf": "abc"}, "hspf"),
        ({"hspf": True}, "hspf"),
        ({"hspf": {"value": 9.5}}, "hspf"),
        ({"hspf": 9.5, "colour": "blue"}, "colour"),
        ({"hspf": 9.5, "measure_type": "vshp"}, "measure_type"),
    ],
)
def test_completing_with_bad_data_is_a_400_and_the_job_stays_in_progress(
    technician, draft, body, field
):
    response = api_client(technician).post(complete_url(draft.measure_id), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS
    assert JobStatusChange.objects.filter(job=draft).count() == 1


@pytest.mark.parametrize("raw", ["[1, 2]", '"complete"', "null"])
def test_completing_with_a_body_that_is_not_an_object_is_a_400(technician, draft, raw):
    response = api_client(technician).post(
        complete_url(draft.measure_id), data=raw, content_type="application/json"
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS


def test_completing_a_completed_job_is_a_non_field_error(technician, benton_rea):
    job = submit(technician)

    response = api_client(technician).post(complete_url(job.measure_id), {}, format="json")

    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_another_technician_cannot_complete_the_job(other_technician, draft):
    response = api_client(other_technician).post(complete_url(draft.measure_id), {"hspf": 9.5})

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS


@pytest.mark.parametrize("persona", ["staff", "utility_user", "inspector"])
def test_non_technicians_cannot_complete_jobs(request, persona, draft):
    user = request.getfixturevalue(persona)

    response = api_client(user).post(complete_url(draft.measure_id), {"hspf": 9.5})

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS


@pytest.mark.parametrize("measure_id", ["9999999", "99999999999999999999999999"])
def test_completing_an_unknown_job_is_a_404(technician, measure_id):
    response = api_client(technician).post(f"{LIST}{measure_id}/complete/", {})

    assert response.status_code == 404
