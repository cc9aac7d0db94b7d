"""The QA REST API (/api/v1/inspections/, /api/v1/qa-assignments/): each role sees exactly its
inspections (a utility user never another utility's), item results and measured values, the
filters, bad parameters as 400s, the lists' query counts and the schema."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from qa_inspections.models import InspectionAssignment, Remediation
from tests.jobs.api_helpers import api_client
from tests.jobs.factories import JobFactory
from tests.qa_inspections.qa_data import INSPECTED_ON, Result, assign, inspect, qa_inspector

pytestmark = pytest.mark.django_db

LIST = reverse("api-inspection-list")
ASSIGNMENTS = reverse("api-qa-assignment-list")


def detail_url(pk: int) -> str:
    return reverse("api-inspection-detail", kwargs={"pk": pk})


# --- Who sees which inspections -----------------------------------------------------------------


@pytest.fixture
def inspections(technician, other_technician, inspector, benton_rea, pacific_power):
    """One inspection of each kind a role's scope tells apart, by name."""
    ivy = qa_inspector("ivy-inspector")  # another inspector
    tina, oscar = technician.technician, other_technician.technician
    return {
        "benton": inspect(
            JobFactory(technician=tina, utility=benton_rea),
            inspector=inspector,
            items={"duct.1": True, "duct.5": False},
            measured={"post_cfm50": 95, "cfm_per_ton": 410},
            result=Result.FAIL,
            remediation=Remediation.Status.OPEN,
        ),
        "benton_draft": inspect(
            JobFactory(technician=tina, utility=benton_rea), inspector=inspector, submitted=False
        ),
        "pacific": inspect(JobFactory(technician=tina, utility=pacific_power), inspector=ivy),
        "oscar_benton": inspect(JobFactory(technician=oscar, utility=benton_rea), inspector=ivy),
    }


VISIBLE = {
    "technician": {"benton", "pacific"},  # submitted inspections of their own jobs
    "other_technician": {"oscar_benton"},
    "staff": {"benton", "benton_draft", "pacific", "oscar_benton"},
    "energy_trust_staff": {"pacific"},
    "utility_user": {"benton", "oscar_benton"},  # submitted, Benton REA's jobs only
    "other_utility_user": {"pacific"},
    "inspector": {"benton", "benton_draft"},  # their own, drafts included
    "trainer": set(),
    "applicant": set(),
}


def _names(inspections, data) -> set[str]:
    by_id = {inspection.pk: name for name, inspection in inspections.items()}
    return {by_id[row["id"]] for row in data["results"]}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_lists_exactly_its_inspections(request, persona, inspections):
    user = request.getfixturevalue(persona)

    data = api_client(user).get(LIST).json()

    assert _names(inspections, data) == VISIBLE[persona]
    assert data["count"] == len(VISIBLE[persona])


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_opens_exactly_the_inspections_it_lists(request, persona, inspections):
    client = api_client(request.getfixturevalue(persona))

    for name, inspection in inspections.items():
        expected = 200 if name in VISIBLE[persona] else 404
        assert client.get(detail_url(inspection.pk)).status_code == expected, name


def test_anonymous_gets_401(inspections):
    assert api_client().get(LIST).status_code == 401
    assert api_client().get(detail_url(inspections["benton"].pk)).status_code == 401


def test_utility_user_never_sees_another_utilitys_inspection_even_by_measure_id(
    utility_user, inspections
):
    pacific = inspections["pacific"]

    client = api_client(utility_user)

    assert client.get(LIST, {"measure_id": pacific.job.measure_id}).json()["count"] == 0
    assert client.get(detail_url(pacific.pk)).status_code == 404


# --- What an inspection says --------------------------------------------------------------------


def test_detail_has_item_results_measured_values_and_remediation(
    technician, inspector, inspections
):
    benton = inspections["benton"]

    data = api_client(technician).get(detail_url(benton.pk)).json()

    assert data["measure_id"] == benton.job.measure_id
    assert (data["status"], data["result"], data["kind"]) == ("submitted", "fail", "on_site")
    assert data["inspected_on"] == INSPECTED_ON.isoformat()
    assert data["utility"] == "Benton REA"
    assert data["tech_id"] == technician.technician.technician_id
    assert data["inspector_name"] == inspector.get_full_name()
    assert data["measured"] == {"post_cfm50": 95, "cfm_per_ton": 410}
    assert [(i["code"], i["passed"]) for i in data["items"]] == [
        ("duct.1", True),
        ("duct.5", False),
    ]
    assert data["items"][0]["label"].startswith("At least 30 % of supply ducts")
    assert data["remediation"]["status"] == "open"
    assert data["remediation"]["due_date"] == (INSPECTED_ON + datetime.timedelta(30)).isoformat()


def test_a_passed_inspection_has_no_remediation(staff, inspections):
    data = api_client(staff).get(detail_url(inspections["pacific"].pk)).json()

    assert data["remediation"] is None
    assert data["result"] == "pass"


# --- Filters and bad parameters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"result": "fail"}, {"benton"}),
        ({"result": "pass"}, {"pacific", "oscar_benton"}),
        ({"status": "draft"}, {"benton_draft"}),
        ({"inspected_on_after": "2025-03-12", "inspected_on_before": "2025-03-12"}, None),
        ({"inspected_on_after": "2025-03-13"}, set()),
        ({"inspected_on_before": "2025-03-11"}, set()),
    ],
)
def test_filters_narrow_the_list(staff, inspections, query, expected):
    expected = set(inspections) if expected is None else expected

    data = api_client(staff).get(LIST, query).json()

    assert _names(inspections, data) == expected


def test_measure_id_filter(staff, inspections):
    measure_id = inspections["oscar_benton"].job.measure_id

    data = api_client(staff).get(LIST, {"measure_id": measure_id}).json()

    assert _names(inspections, data) == {"oscar_benton"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"measure_id": "abc"}, "measure_id"),
        ({"measure_id": "1000001.5"}, "measure_id"),
        ({"measure_id": "99999999999999999999999"}, "measure_id"),
        ({"measure_id": "12"}, "measure_id"),
        ({"result": "great"}, "result"),
        ({"status": "done"}, "status"),
        ({"inspected_on_after": "yesterday"}, "inspected_on_after"),
        ({"inspected_on_before": "2025-02-30"}, "inspected_on_before"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(staff, inspections, query, parameter):
    response = api_client(staff).get(LIST, query)

    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert response.json()[parameter][0]  # a message


@pytest.mark.parametrize("pk", ["99999999999999999999999", "abc", "0"])
def test_a_bad_id_is_a_404_never_a_500(staff, pk):
    assert api_client(staff).get(f"{LIST}{pk}/").status_code == 404


# --- Assignments --------------------------------------------------------------------------------


@pytest.fixture
def assignments(technician, inspector, benton_rea, pacific_power):
    tina = technician.technician
    ivy = qa_inspector("ivy-inspector")
    mine = assign(JobFactory(technician=tina, utility=benton_rea), inspector=inspector)
    done = inspect(JobFactory(technician=tina, utility=benton_rea), inspector=inspector)
    return {
        "mine_open": mine,
        "mine_done": done.assignment,
        "ivy_open": assign(JobFactory(technician=tina, utility=pacific_power), inspector=ivy),
        "unassigned": assign(JobFactory(technician=tina, utility=benton_rea)),
    }


ASSIGNMENTS_VISIBLE = {
    "inspector": {"mine_open"},  # their open assignments only
    "staff": {"mine_open", "mine_done", "ivy_open", "unassigned"},
    "energy_trust_staff": {"ivy_open"},
}


@pytest.mark.parametrize("persona", sorted(ASSIGNMENTS_VISIBLE))
def test_assignments_inspectors_see_their_open_ones_staff_their_territory(
    request, persona, assignments
):
    data = api_client(request.getfixturevalue(persona)).get(ASSIGNMENTS).json()

    by_id = {a.pk: name for name, a in assignments.items()}
    assert {by_id[row["id"]] for row in data["results"]} == ASSIGNMENTS_VISIBLE[persona]


@pytest.mark.parametrize(
    "persona", ["technician", "utility_user", "other_utility_user", "trainer", "applicant"]
)
def test_assignments_are_refused_to_everyone_else(request, persona, assignments):
    assert api_client(request.getfixturevalue(persona)).get(ASSIGNMENTS).status_code == 403


def test_assignments_anonymous_gets_401():
    assert api_client().get(ASSIGNMENTS).status_code == 401


def test_an_assignment_says_where_and_why(inspector, assignments):
    (row,) = api_client(inspector).get(ASSIGNMENTS).json()["results"]

    job = assignments["mine_open"].job
    assert row["measure_id"] == job.measure_id
    assert row["site"] == str(job.site)
    assert row["reason"].startswith("Chosen by the monthly sample")
    assert (row["status"], row["inspection_id"]) == ("open", None)


def test_assignments_filter_by_status(staff, assignments):
    data = api_client(staff).get(ASSIGNMENTS, {"status": "done"}).json()

    assert [row["id"] for row in data["results"]] == [assignments["mine_done"].pk]
    assert data["results"][0]["inspection_id"] == assignments["mine_done"].inspection.pk
    assert api_client(staff).get(ASSIGNMENTS, {"status": "x"}).status_code == 400


# --- Query counts -------------------------------------------------------------------------------

#: Token, page count, page of inspections (job, site, technician, user, company, utility,
#: inspector and remediation joined), the page's items.
INSPECTION_LIST_QUERIES = 4
#: Token, page count, page of assignments (job, site, technician, user, company, utility,
#: inspector and inspection joined).
ASSIGNMENT_LIST_QUERIES = 3


@pytest.mark.parametrize("count", [5, 40])
def test_inspection_list_query_count_does_not_grow(
    staff, benton_rea, count, django_assert_num_queries
):
    ivy = qa_inspector("ivy-inspector")
    for n in range(count):
        inspect(
            JobFactory(utility=benton_rea),
            inspector=ivy,
            result=Result.FAIL,
            items={"duct.1": True, "duct.2": False},
            remediation="open" if n % 2 else None,
        )
    client = api_client(staff)

    with django_assert_num_queries(INSPECTION_LIST_QUERIES):
        data = client.get(LIST).json()

    assert data["count"] == count


@pytest.mark.parametrize("count", [5, 40])
def test_assignment_list_query_count_does_not_grow(
    staff, benton_rea, count, django_assert_num_queries
):
    ivy = qa_inspector("ivy-inspector")
    for n in range(count):
        job = JobFactory(utility=benton_rea)
        if n % 2:
            inspect(job, inspector=ivy)
        else:
            assign(job, inspector=ivy)
    client = api_client(staff)

    with django_assert_num_queries(ASSIGNMENT_LIST_QUERIES):
        data = client.get(ASSIGNMENTS).json()

    assert data["count"] == count
    assert InspectionAssignment.objects.count() == count


# --- Schema -------------------------------------------------------------------------------------


def test_the_schema_documents_the_qa_api(client):
    schema = client.get(reverse("api-schema")).content.decode()

    for path in ("/api/v1/inspections/:", "/api/v1/inspections/{id}/:", "/api/v1/qa-assignments/:"):
        assert path in schema
    assert "PaginatedInspectionList" in schema
    assert "inspected_on_after" in schema


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
