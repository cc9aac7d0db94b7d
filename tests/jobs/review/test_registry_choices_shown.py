"""The reviewer is told when a job's status rests on a choice the registry made where the
program documents are silent (jobs.rules.registry_choices): here the subcooling tolerance,
since the ASHP specification asks for the manufacturer's subcooling with no band (seed 004
L418)."""

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import Job
from tests.citations import assert_readable
from tests.jobs.factories import entry_ashp_payload

pytestmark = pytest.mark.django_db

COOLING = {
    "outdoor_temp_f": "80",
    "test_mode": "cooling",
    "supply_air_f": None,
    "return_air_f": None,
    "expected_temp_split": None,
    "discharge_temp_f": "114",  # subcooling 14 °F
    "liquid_line_temp_f": "100",
    "target_subcooling": "10",  # 4 °F off: beyond the registry's ± 3 °F
}


@pytest.fixture
def off_target_job(technician, benton_rea):
    return services.job_submit(
        actor=technician, payload=entry_ashp_payload(**COOLING), action="complete"
    )


def test_the_review_page_names_the_registry_choice_the_status_rests_on(
    client, staff, off_target_job
):
    assert off_target_job.status == Job.Status.BPA_PENDING
    client.force_login(staff)

    html = client.get(
        reverse("staff:job-review", args=[off_target_job.measure_id])
    ).content.decode()

    assert 'data-testid="registry-choice-subcooling_tolerance_f"' in html
    assert "Subcooling tolerance around the manufacturer&#x27;s target" in html
    assert "the registry made where the program documents are silent" in html
    assert reverse("staff:rulesets") in html
    assert_readable(html, "the review page")


def test_the_technician_sees_it_named_on_the_job_page_without_the_staff_link(
    client, technician, off_target_job
):
    client.force_login(technician)

    html = client.get(reverse("jobs:detail", args=[off_target_job.measure_id])).content.decode()

    assert 'data-testid="registry-choice-subcooling_tolerance_f"' in html
    assert reverse("staff:rulesets") not in html


def test_a_job_on_target_rests_on_no_registry_choice(client, staff, technician, benton_rea):
    job = services.job_submit(
        actor=technician,
        payload=entry_ashp_payload(**{**COOLING, "discharge_temp_f": "110"}),
        action="complete",
    )
    client.force_login(staff)

    html = client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()

    assert job.status == Job.Status.BPA_APPROVED
    assert 'data-testid="registry-choices"' not in html
