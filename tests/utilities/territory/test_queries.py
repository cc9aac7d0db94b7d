"""Pinned query counts of the territory search and its exports: the same number of queries
whatever the number of jobs.

A count that grows with the rows is an N+1: fix the selector, not the number here.
"""

import pytest
from django.urls import reverse

from jobs.models import Job
from tests.jobs.factories import JobFactory, SiteFactory
from tests.technicians.factories import TechnicianProfileFactory
from utilities.territory.views import TERRITORY_PER_PAGE

pytestmark = pytest.mark.django_db

#: Utility user: session, user, count (paginator), the page of jobs with their site,
#: technician and user, company and utility (one join), the user's utility (page heading).
UTILITY_PAGE_QUERIES = 5
#: PTCS / Energy Trust staff: session, user, count, the page, the utility filter's choices.
STAFF_PAGE_QUERIES = 5
#: Staff filtering by utility: the chosen utility is validated against the choices (one more).
STAFF_UTILITY_FILTER_QUERIES = 6
#: Exports: session, user, then the jobs in chunks (one query per CHUNK_SIZE rows).
EXPORT_QUERIES = 3


def _jobs(utility, n: int) -> None:
    """``n`` completed jobs of ``utility`` by several technicians at ``n`` sites, plus one In
    Progress job (never shown to the utility user)."""
    technicians = [TechnicianProfileFactory() for _ in range(3)]
    for i in range(n):
        JobFactory(
            utility=utility,
            technician=technicians[i % 3],
            site=SiteFactory(),
            measure_type=Job.MeasureType.ASHP if i % 2 else Job.MeasureType.DUCT_SEALING_PTCS,
            data={"make": "Acme", "hspf": 9.5},
            computed={"cfm_per_ton": 400.0},
        )
    JobFactory(utility=utility, status=Job.Status.IN_PROGRESS)


@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"technician": "user", "company": "comfort", "status": "bpa_approved", "sort": "status"},
        {"address": "prosser", "installed_from": "2024-01-01", "completed_to": "2099-01-01"},
    ],
)
def test_territory_page_queries_do_not_grow_with_jobs(
    client, utility_user, benton_rea, django_assert_num_queries, count, params
):
    _jobs(benton_rea, count)
    client.force_login(utility_user)

    with django_assert_num_queries(UTILITY_PAGE_QUERIES):
        response = client.get(reverse("utilities:territory"), params)

    assert len(response.context["page"].object_list) == min(count, TERRITORY_PER_PAGE)


@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize("persona", ["staff", "energy_trust_staff"])
def test_staff_territory_page_queries_do_not_grow_with_jobs(
    client, request, pacific_power, django_assert_num_queries, count, persona
):
    _jobs(pacific_power, count)
    client.force_login(request.getfixturevalue(persona))

    with django_assert_num_queries(STAFF_PAGE_QUERIES):
        response = client.get(reverse("utilities:territory"))
    with django_assert_num_queries(STAFF_UTILITY_FILTER_QUERIES):
        filtered = client.get(reverse("utilities:territory"), {"utility": pacific_power.pk})

    assert len(response.context["page"].object_list) == min(count + 1, TERRITORY_PER_PAGE)
    assert filtered.context["page"].paginator.count == count + 1


@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize("name", ["utilities:territory-csv", "utilities:territory-xlsx"])
def test_export_queries_do_not_grow_with_jobs(
    client, utility_user, benton_rea, django_assert_num_queries, count, name
):
    _jobs(benton_rea, count)
    client.force_login(utility_user)

    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse(name), {"status": "bpa_approved"})
        body = b"".join(response.streaming_content)

    assert body.startswith(b"Measure ID" if name.endswith("csv") else b"PK")
