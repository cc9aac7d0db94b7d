"""Staff's QA sampling page (qa_inspections.sampling.views): who may use it, running the sample
now, adding and removing jobs by hand with a reason, territory, and a query count that does not
grow with the assignments listed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qa_inspections.models import InspectionAssignment, SampleRun
from qa_inspections.sampling import services
from tests.jobs.factories import JobFactory
from tests.qa_inspections.qa_data import assign, qa_inspector

pytestmark = pytest.mark.django_db

PAGE = reverse("qa:sampling")


@pytest.fixture
def benton_job(benton_rea):
    return JobFactory(utility=benton_rea)


@pytest.fixture
def energy_trust_job(pacific_power):
    return JobFactory(utility=pacific_power)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("staff", 200),
        ("energy_trust_staff", 200),
        ("inspector", 403),
        ("technician", 403),
        ("utility_user", 403),
    ],
)
def test_access_by_role(client, request, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == expected


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_lists_open_assignments_with_their_reason(client, staff, benton_job):
    assign(benton_job, inspector=qa_inspector("ivy-inspector"))
    client.force_login(staff)
    response = client.get(PAGE)
    content = response.content.decode()
    assert f'data-testid="assignment-{benton_job.measure_id}"' in content
    assert "Chosen by the monthly sample (seed 1)." in content
    assert "No sample has been drawn yet." in content


def test_run_now_draws_a_sample_and_assigns_its_jobs(client, staff, benton_rea):
    JobFactory.create_batch(10, utility=benton_rea)
    client.force_login(staff)

    response = client.post(reverse("qa:sampling-run"), follow=True)

    run = SampleRun.objects.get()
    assert run.requested_by == staff
    assert run.selected_count >= 1
    assert InspectionAssignment.objects.filter(sample_run=run).count() == run.selected_count
    content = response.content.decode()
    assert f"seed {run.seed}" in content
    assert f"{run.selected_count} job" in content


def test_add_a_job_by_measure_id_with_a_reason(client, staff, benton_job):
    client.force_login(staff)
    response = client.post(
        reverse("qa:sampling-add"),
        {"measure_id": benton_job.measure_id, "reason": "Customer complaint"},
    )
    assert response.status_code == 302
    assignment = InspectionAssignment.objects.get(job=benton_job)
    assert assignment.status == InspectionAssignment.Status.OPEN
    assert assignment.reason.endswith(": Customer complaint")


def test_add_without_a_reason_is_refused_and_keeps_the_measure_id(client, staff, benton_job):
    client.force_login(staff)
    response = client.post(
        reverse("qa:sampling-add"), {"measure_id": benton_job.measure_id, "reason": "  "}
    )
    assert response.status_code == 400
    assert f'value="{benton_job.measure_id}"' in response.content.decode()
    assert not InspectionAssignment.objects.exists()


def test_adding_a_job_already_on_the_list_comes_back_with_the_reason(client, staff, benton_job):
    assign(benton_job)
    client.force_login(staff)
    response = client.post(
        reverse("qa:sampling-add"),
        {"measure_id": benton_job.measure_id, "reason": "Second look"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "already on the inspection list" in content
    assert 'value="Second look"' in content
    assert InspectionAssignment.objects.count() == 1


def test_remove_with_a_reason_cancels_the_assignment(client, staff, benton_job):
    assignment = assign(benton_job)
    client.force_login(staff)
    response = client.post(
        reverse("qa:sampling-remove", args=[assignment.pk]), {"reason": "Site demolished"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == InspectionAssignment.Status.CANCELLED
    assert assignment.reason.endswith(": Site demolished")


def test_remove_without_a_reason_is_refused(client, staff, benton_job):
    assignment = assign(benton_job)
    client.force_login(staff)
    response = client.post(reverse("qa:sampling-remove", args=[assignment.pk]), {"reason": ""})
    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.status == InspectionAssignment.Status.OPEN


def test_another_territorys_job_is_not_found(client, energy_trust_staff, benton_job):
    assignment = assign(benton_job)
    client.force_login(energy_trust_staff)

    add = client.post(
        reverse("qa:sampling-add"), {"measure_id": benton_job.measure_id, "reason": "Spot check"}
    )
    remove = client.post(
        reverse("qa:sampling-remove", args=[assignment.pk]), {"reason": "Spot check"}
    )
    page = client.get(PAGE)

    assert (add.status_code, remove.status_code) == (404, 404)
    assert f'data-testid="assignment-{benton_job.measure_id}"' not in page.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == InspectionAssignment.Status.OPEN
    assert InspectionAssignment.objects.count() == 1


def test_energy_trust_staff_add_their_own_territorys_job(
    client, energy_trust_staff, energy_trust_job
):
    client.force_login(energy_trust_staff)
    response = client.post(
        reverse("qa:sampling-add"),
        {"measure_id": energy_trust_job.measure_id, "reason": "Spot check"},
    )
    assert response.status_code == 302
    assert InspectionAssignment.objects.filter(job=energy_trust_job).exists()


@pytest.mark.parametrize(
    ("persona", "territory", "other"),
    [
        ("energy_trust_staff", "Energy Trust territory", "benton_rea"),
        ("staff", "BPA territory", "pacific_power"),
    ],
    ids=["energy-trust-staff", "ptcs-staff"],
)
def test_run_now_draws_from_the_staffs_own_territory_only(
    client, request, persona, territory, other, benton_rea, pacific_power
):
    # Each job its technician's only one: a run assigns every job it may draw from.
    mine_utility = pacific_power if persona == "energy_trust_staff" else benton_rea
    mine = {job.pk for job in JobFactory.create_batch(4, utility=mine_utility)}
    theirs = {job.pk for job in JobFactory.create_batch(4, utility=request.getfixturevalue(other))}
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("qa:sampling-run"), follow=True)

    run = SampleRun.objects.get()
    assigned = set(run.assignments.values_list("job_id", flat=True))
    assert assigned == mine
    assert not InspectionAssignment.objects.filter(job_id__in=theirs).exists()
    content = response.content.decode()
    assert f"QA sample drawn from the jobs of {territory}: 4 jobs selected" in content
    assert "4 jobs of your territory selected." in content


def test_the_latest_sample_shown_is_one_of_the_staffs_territory(
    client, staff, energy_trust_staff, benton_rea, pacific_power
):
    JobFactory.create_batch(3, utility=benton_rea)
    JobFactory.create_batch(2, utility=pacific_power)
    energy_trust_run = services.sample_run(actor=energy_trust_staff, seed=101)
    services.sample_run(actor=staff, seed=202)  # newer, BPA's
    client.force_login(energy_trust_staff)

    latest = client.get(PAGE).content.decode()

    assert f"random seed {energy_trust_run.seed}, 2 jobs of your territory selected." in latest
    assert "seed 202" not in latest


def test_the_scheduled_runs_count_shows_the_staffs_territory_only(
    client, energy_trust_staff, benton_rea, pacific_power
):
    JobFactory.create_batch(3, utility=benton_rea)
    JobFactory.create_batch(2, utility=pacific_power)
    run = services.sample_run(seed=303)  # no actor: every territory
    assert run.selected_count == 5
    client.force_login(energy_trust_staff)

    latest = client.get(PAGE).content.decode()

    assert "random seed 303, 2 jobs of your territory selected." in latest


def _page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_assignments(client, staff, benton_rea):
    inspector = qa_inspector("ivy-inspector")
    client.force_login(staff)
    for job in JobFactory.create_batch(5, utility=benton_rea):
        assign(job, inspector=inspector)
    few = _page_queries(client)
    for job in JobFactory.create_batch(25, utility=benton_rea):
        assign(job)
    assert _page_queries(client) == few
