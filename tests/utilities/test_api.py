"""The utilities REST API (/api/v1/utilities/), and the jobs API scoped by utility for
utility users (jobs_visible_to: their utility's completed jobs, seed 000 L10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs.models import Job
from tests.accounts.factories import UtilityFactory
from tests.jobs.api_helpers import LIST as JOBS
from tests.jobs.api_helpers import api_client
from tests.jobs.factories import INSTALL_DATE
from tests.utilities.report_data import clark, job

pytestmark = pytest.mark.django_db

UTILITIES = reverse("api-utility-list")


def job_detail(measure_id: int) -> str:
    return reverse("api-job-detail", kwargs={"measure_id": measure_id})


# --- /api/v1/utilities/ ----------------------------------------------------------------------


def test_anonymous_gets_401():
    assert api_client().get(UTILITIES).status_code == 401


@pytest.mark.parametrize("persona", ["technician", "utility_user", "staff", "inspector"])
def test_any_signed_in_user_lists_utilities_with_their_zip_codes(
    request, persona, benton_rea, pacific_power
):
    data = api_client(request.getfixturevalue(persona)).get(UTILITIES).json()

    assert data["results"] == [
        {"name": "Benton REA", "program_administrator": "bpa", "zip_codes": ["99320", "99350"]},
        {"name": "Pacific Power", "program_administrator": "energy_trust", "zip_codes": ["97301"]},
    ]


def test_the_list_is_read_only(technician, benton_rea):
    response = api_client(technician).post(UTILITIES, {"name": "Mine"}, format="json")

    assert response.status_code == 405


#: Token lookup, page count, utilities page, their ZIP codes (one prefetch).
UTILITY_LIST_QUERIES = 4


@pytest.mark.parametrize("extra", [1, 20])
def test_query_count_does_not_grow_with_the_utilities(
    technician, benton_rea, extra, django_assert_num_queries
):
    for n in range(extra):
        UtilityFactory(name=f"PUD {n}", zips=[f"98{n:03d}"])
    client = api_client(technician)

    with django_assert_num_queries(UTILITY_LIST_QUERIES):
        response = client.get(UTILITIES)

    assert response.json()["count"] == extra + 1


# --- The jobs API, scoped by utility ---------------------------------------------------------


@pytest.fixture
def jobs(benton_rea, pacific_power):
    return {
        "benton_done": job(benton_rea, INSTALL_DATE),
        "benton_pending": job(benton_rea, INSTALL_DATE, status=Job.Status.BPA_PENDING),
        "benton_draft": job(benton_rea, INSTALL_DATE, status=Job.Status.IN_PROGRESS),
        "clark_done": job(clark(), INSTALL_DATE),
        "pacific_done": job(pacific_power, INSTALL_DATE),
    }


def test_utility_user_lists_only_their_utilitys_completed_jobs(utility_user, jobs):
    data = api_client(utility_user).get(JOBS).json()

    listed = {row["measure_id"] for row in data["results"]}
    assert listed == {jobs["benton_done"].measure_id, jobs["benton_pending"].measure_id}
    assert data["count"] == 2


@pytest.mark.parametrize("other", ["clark_done", "pacific_done", "benton_draft"])
def test_utility_user_gets_404_on_another_utilitys_job(utility_user, jobs, other):
    client = api_client(utility_user)

    assert client.get(job_detail(jobs[other].measure_id)).status_code == 404
    assert client.get(job_detail(jobs["benton_done"].measure_id)).status_code == 200


def test_other_utility_user_sees_only_pacific_powers_jobs(other_utility_user, jobs):
    client = api_client(other_utility_user)

    listed = {row["measure_id"] for row in client.get(JOBS).json()["results"]}

    assert listed == {jobs["pacific_done"].measure_id}
    assert client.get(job_detail(jobs["benton_done"].measure_id)).status_code == 404
