"""The jobs REST API: each role seeing exactly what it sees in the browser; filters,
search, pagination and the list's query count."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from jobs.models import Job
from tests.jobs.api_helpers import LIST, api_client, submit
from tests.jobs.factories import ashp_payload, duct_payload

pytestmark = pytest.mark.django_db


#: Token lookup, page count, page of jobs (site, technician, user, utility and company joined).
API_LIST_QUERIES = 3


def detail_url(measure_id: int) -> str:
    return reverse("api-job-detail", kwargs={"measure_id": measure_id})


def pacific_payload(**overrides) -> dict:
    """A heat pump at a Pacific Power (Energy Trust) site."""
    return ashp_payload(
        street_address="400 Court St NE",
        city="Salem",
        state="OR",
        zip_code="97301",
        electric_utility="Pacific Power",
        **overrides,
    )


# --- Who sees what ---------------------------------------------------------------------------


@pytest.fixture
def jobs(technician, other_technician, benton_rea, pacific_power):
    """One job of each kind a role's scope tells apart, by name."""
    return {
        "tech_done": submit(technician, street_address="1200 N Meade Ave"),
        "tech_draft": submit(technician, action="save_progress", street_address="7 Wine Way"),
        "pacific_done": submit(technician, payload=pacific_payload()),
        "other_done": submit(other_technician, payload=duct_payload(street_address="55 Sage Rd")),
    }


VISIBLE = {
    "technician": {"tech_done", "tech_draft", "pacific_done"},
    "other_technician": {"other_done"},
    "staff": {"tech_done", "tech_draft", "pacific_done", "other_done"},
    "energy_trust_staff": {"pacific_done"},
    "utility_user": {"tech_done", "other_done"},  # completed jobs of Benton REA only
    "other_utility_user": {"pacific_done"},
    "inspector": set(),
    "trainer": set(),
    "applicant": set(),
}


EVERY_JOB = VISIBLE["staff"]


def _names(jobs: dict[str, Job], data: dict) -> set[str]:
    by_id = {job.measure_id: name for name, job in jobs.items()}
    return {by_id[row["measure_id"]] for row in data["results"]}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_lists_exactly_the_jobs_it_sees_in_the_browser(request, persona, jobs):
    user = request.getfixturevalue(persona)

    data = api_client(user).get(LIST).json()

    assert _names(jobs, data) == VISIBLE[persona]
    assert data["count"] == len(VISIBLE[persona])


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_opens_exactly_the_jobs_it_sees(request, persona, jobs):
    client = api_client(request.getfixturevalue(persona))

    statuses = {
        name: client.get(detail_url(job.measure_id)).status_code for name, job in jobs.items()
    }

    assert {name for name, code in statuses.items() if code == 200} == VISIBLE[persona]
    assert set(statuses.values()) <= {200, 404}


def test_detail_shows_the_job(utility_user, jobs):
    job = jobs["tech_done"]

    data = api_client(utility_user).get(detail_url(job.measure_id)).json()

    assert data["measure_id"] == job.measure_id
    assert data["status_label"] == "BPA Approved"
    assert data["checks"] == job.checks
    assert data["street_address"] == job.site.street_address


def test_a_utility_user_cannot_find_another_utilitys_jobs_by_zip(utility_user, jobs):
    data = api_client(utility_user).get(LIST, {"zip_code": "97301"}).json()

    assert (data["count"], data["results"]) == (0, [])


def test_a_utility_user_cannot_find_another_utilitys_job_by_measure_id(utility_user, jobs):
    measure_id = jobs["pacific_done"].measure_id

    data = api_client(utility_user).get(LIST, {"q": str(measure_id)}).json()

    assert (data["count"], data["results"]) == (0, [])
    assert api_client(utility_user).get(detail_url(measure_id)).status_code == 404


def test_a_utility_user_cannot_see_in_progress_jobs_of_their_territory(utility_user, jobs):
    data = api_client(utility_user).get(LIST, {"status": "in_progress"}).json()

    assert data["count"] == 0


def test_the_list_is_paginated_newest_first(technician, jobs):
    data = api_client(technician).get(LIST).json()

    assert set(data) == {"count", "next", "previous", "results"}
    ids = [row["measure_id"] for row in data["results"]]
    assert ids == sorted(ids, reverse=True)  # measure IDs are issued in entry order


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_progress"}, {"tech_draft"}),
        ({"status": "bpa_approved"}, {"tech_done", "pacific_done", "other_done"}),
        ({"measure_type": "duct_sealing_ptcs"}, {"other_done"}),
        ({"measure_type": "ashp"}, {"tech_done", "tech_draft", "pacific_done"}),
        ({"zip_code": "97301"}, {"pacific_done"}),
        ({"zip_code": "99350"}, {"tech_done", "tech_draft", "other_done"}),
        ({"install_date_after": "2024-06-03"}, EVERY_JOB),
        ({"install_date_after": "2024-06-04"}, set()),
        ({"install_date_before": "2024-06-02"}, set()),
        ({"install_date_before": "2024-06-03"}, EVERY_JOB),
        ({"q": "meade"}, {"tech_done"}),
        ({"q": "SAGE"}, {"other_done"}),
        ({"q": "99999999999999999999999"}, set()),
        ({"q": "²"}, set()),
        ({"q": ""}, EVERY_JOB),
    ],
)
def test_filters(staff, jobs, params, expected):
    data = api_client(staff).get(LIST, params).json()

    assert _names(jobs, data) == expected


def test_search_by_measure_id(staff, jobs):
    job = jobs["other_done"]

    data = api_client(staff).get(LIST, {"q": str(job.measure_id)}).json()

    assert _names(jobs, data) == {"other_done"}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "approved-ish"},
        {"measure_type": "solar"},
        {"install_date_after": "yesterday"},
        {"install_date_before": "2024-02-30"},
        {"zip_code": "97301-1234-5678"},
    ],
)
def test_bad_filter_values_are_a_400(staff, jobs, params):
    response = api_client(staff).get(LIST, params)

    assert response.status_code == 400
    assert set(response.json()) <= set(params)


@pytest.mark.parametrize("measure_id", ["123", "99999999999999999999999999"])
def test_unknown_measure_ids_are_a_404(staff, measure_id):
    client = api_client(staff)

    assert client.get(f"{LIST}{measure_id}/").status_code == 404
    assert client.post(f"{LIST}{measure_id}/complete/").status_code == 403  # staff enter nothing


def test_non_numeric_measure_ids_do_not_route(staff):
    assert api_client(staff).get(f"{LIST}abc/").status_code == 404


# --- Queries ---------------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_jobs(technician, benton_rea, django_assert_num_queries):
    client = api_client(technician)
    Token.objects.get(user=technician)  # the token row exists before counting
    for n in range(5):
        submit(technician, street_address=f"{100 + n} Wine Country Rd")
    with django_assert_num_queries(API_LIST_QUERIES):
        assert client.get(LIST).json()["count"] == 5

    for n in range(5, 30):
        submit(technician, street_address=f"{100 + n} Wine Country Rd")
    with django_assert_num_queries(API_LIST_QUERIES):
        assert client.get(LIST).json()["count"] == 30
