"""Pinned query counts of the job pages: the same number of queries whatever the number of jobs.

A count that grows with the rows is an N+1: fix the selector, not the number here.
"""

import pytest
from django.urls import reverse

from jobs import services
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload

pytestmark = pytest.mark.django_db

#: "My jobs": session, user, may this user enter jobs (technician profile), count (paginator),
#: the page of jobs with their site, technician, utility and company (one join).
MY_JOBS_QUERIES = 5


def _jobs(technician, n: int) -> None:
    """``n`` jobs at ``n`` sites, alternating completed heat pumps and saved duct jobs."""
    for i in range(n):
        if i % 2:
            payload = entry_ashp_payload(street_address=f"{i + 1} Meade Ave")
            services.job_submit(actor=technician, payload=payload, action="complete")
        else:
            payload = entry_duct_payload(street_address=f"{i + 1} Vineyard Dr")
            services.job_submit(actor=technician, payload=payload, action="save_progress")


@pytest.mark.parametrize("count", [10, 40])
def test_my_jobs_queries_do_not_grow_with_jobs(
    client, technician, benton_rea, django_assert_num_queries, count
):
    _jobs(technician, count)
    client.force_login(technician)

    with django_assert_num_queries(MY_JOBS_QUERIES):
        response = client.get(reverse("jobs:mine"))

    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [10, 40])
def test_my_jobs_search_queries_do_not_grow_with_jobs(
    client, technician, benton_rea, django_assert_num_queries, count
):
    _jobs(technician, count)
    client.force_login(technician)
    search = {"address": "prosser", "status": "in_progress", "installed_from": "2024-01-01"}

    with django_assert_num_queries(MY_JOBS_QUERIES):
        response = client.get(reverse("jobs:mine"), search)

    assert len(response.context["page"].object_list) == min(count // 2, 25)
