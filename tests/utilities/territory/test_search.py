"""Territory search: filters, sorting, pagination, and input that must never be a 500."""

import pytest
from django.urls import reverse

from jobs.models import Job
from tests.jobs.factories import JobFactory
from tests.utilities.territory.data import make_territory
from utilities.territory.filters import SORT_CHOICES
from utilities.territory.views import TERRITORY_PER_PAGE

pytestmark = pytest.mark.django_db

URL = "utilities:territory"


@pytest.fixture
def territory(benton_rea, pacific_power):
    return make_territory(benton_rea, pacific_power)


def page_ids(client, params=None) -> list[int]:
    response = client.get(reverse(URL), params or {})
    assert response.status_code == 200, response.content.decode()[:500]
    return [job.measure_id for job in response.context["page"].object_list]


def test_technician_id_finds_that_technicians_jobs(client, utility_user, territory):
    client.force_login(utility_user)
    rita_id = territory.ashp.technician.technician_id

    found = page_ids(client, {"technician": str(rita_id)})

    assert set(found) == {territory.ashp.measure_id, territory.gshp.measure_id}


def test_measure_id_finds_one_job(client, utility_user, territory):
    client.force_login(utility_user)

    assert page_ids(client, {"measure_id": f" {territory.duct.measure_id} "}) == [
        territory.duct.measure_id
    ]


def test_default_order_is_newest_completed_first(client, utility_user, territory):
    client.force_login(utility_user)

    assert page_ids(client) == [
        j.measure_id for j in (territory.gshp, territory.duct, territory.ashp)
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("measure_id", ["ashp", "duct", "gshp"]),
        ("-measure_id", ["gshp", "duct", "ashp"]),
        ("install_date", ["ashp", "duct", "gshp"]),
        ("-install_date", ["gshp", "duct", "ashp"]),
        ("completed", ["ashp", "duct", "gshp"]),
        ("-completed", ["gshp", "duct", "ashp"]),
        # Values: bpa_approved < bpa_pending < ptcs_certified_only.
        ("status", ["ashp", "gshp", "duct"]),
        ("-status", ["duct", "gshp", "ashp"]),
        # Values: ashp < duct_sealing_ptcs < gshp.
        ("measure_type", ["ashp", "duct", "gshp"]),
        ("-measure_type", ["gshp", "duct", "ashp"]),
    ],
)
def test_sorting(client, utility_user, territory, sort, expected):
    client.force_login(utility_user)

    found = page_ids(client, {"sort": sort})

    assert found == [getattr(territory, name).measure_id for name in expected]


def test_every_sort_choice_works_for_staff_with_in_progress_jobs(client, staff, territory):
    """Staff also see In Progress jobs (no completion date): they sort last either way."""
    client.force_login(staff)

    for key, _label in SORT_CHOICES:
        found = page_ids(client, {"sort": key})
        assert sorted(found) == sorted(j.measure_id for j in territory.everything)
        if key in ("completed", "-completed"):
            assert found[-1] == territory.in_progress.measure_id


def test_ties_are_broken_by_measure_id_and_empty_dates_go_last(client, utility_user, benton_rea):
    """Pages never repeat or skip a row: equal sort values are ordered by measure ID."""
    first, second = (JobFactory(utility=benton_rea) for _ in range(2))  # same install date
    undated = JobFactory(utility=benton_rea, install_date=None)
    client.force_login(utility_user)

    ascending = page_ids(client, {"sort": "install_date"})
    descending = page_ids(client, {"sort": "-install_date"})

    assert ascending == [first.measure_id, second.measure_id, undated.measure_id]
    assert descending == [second.measure_id, first.measure_id, undated.measure_id]


def test_column_headers_flip_the_sort(client, utility_user, territory):
    client.force_login(utility_user)

    first = client.get(reverse(URL), {"status": "bpa_approved"})
    ascending = client.get(reverse(URL), {"status": "bpa_approved", "sort": "measure_id"})

    columns = first.context["sort_columns"]
    assert columns["completed"] == {"next": "completed", "aria": "descending", "arrow": " ▼"}
    assert columns["measure_id"] == {"next": "measure_id", "aria": "none", "arrow": ""}
    assert ascending.context["sort_columns"]["measure_id"] == {
        "next": "-measure_id",
        "aria": "ascending",
        "arrow": " ▲",
    }
    # The header links keep the filters.
    assert 'href="?status=bpa_approved&amp;sort=-measure_id"' in ascending.content.decode()


def test_pages_keep_the_filters(client, utility_user, benton_rea):
    for _ in range(TERRITORY_PER_PAGE + 2):
        JobFactory(utility=benton_rea, measure_type=Job.MeasureType.ASHP)
    JobFactory(utility=benton_rea, measure_type=Job.MeasureType.GSHP)
    client.force_login(utility_user)

    first = client.get(reverse(URL), {"measure_type": "ashp"})
    second = client.get(reverse(URL), {"measure_type": "ashp", "page": "2"})

    assert first.context["page"].paginator.count == TERRITORY_PER_PAGE + 2
    assert 'href="?measure_type=ashp&amp;page=2"' in first.content.decode()
    assert len(second.context["page"].object_list) == 2
    assert {j.measure_type for j in second.context["page"].object_list} == {"ashp"}


def test_export_links_carry_the_search(client, utility_user, territory):
    client.force_login(utility_user)

    html = client.get(reverse(URL), {"status": "bpa_approved", "page": "1"}).content.decode()

    assert f'href="{reverse("utilities:territory-csv")}?status=bpa_approved"' in html
    assert f'href="{reverse("utilities:territory-xlsx")}?status=bpa_approved"' in html


#: Input that matches nothing (200, empty) — never a 500, never a wider result.
MATCH_NOTHING = [
    {"measure_id": "9" * 40},
    {"measure_id": "12ab"},
    {"measure_id": "-1000001"},
    {"measure_id": "１０００００１"},  # full-width digits
    {"technician": "9" * 40},
    {"technician": "nobody-at-all"},
    {"company": "no such company"},
    {"address": "%_%"},
    # As many words as the fields take: one AND each, still a query the database accepts.
    {"address": "zz " * 66},
    {"technician": "zz " * 33},
    {"company": "zz " * 66},
]


@pytest.mark.parametrize("params", MATCH_NOTHING)
@pytest.mark.parametrize("name", [URL, "utilities:territory-csv", "utilities:territory-xlsx"])
def test_odd_input_matches_nothing(client, utility_user, territory, params, name):
    client.force_login(utility_user)

    response = client.get(reverse(name), params)

    assert response.status_code == 200
    if name == URL:
        assert response.context["page"].paginator.count == 0
        assert "No job matches this search." in response.content.decode()


#: Input the form refuses: 400 with the reason, no results.
REFUSED = [
    ({"installed_from": "not-a-date"}, "Enter a valid date."),
    ({"installed_to": "2024-02-30"}, "Enter a valid date."),
    ({"completed_from": "99999-01-01"}, "Enter a valid date."),
    ({"completed_to": "2024-13-01"}, "Enter a valid date."),
    ({"sort": "site__street_address"}, "Select a valid choice."),
    ({"sort": "-password"}, "Select a valid choice."),
    ({"status": "approved-please"}, "Select a valid choice."),
    ({"measure_type": "plumbing"}, "Select a valid choice."),
    ({"technician": "x" * 101}, "at most 100 characters"),
    ({"address": "meade\x00"}, "Remove the null character."),
    ({"address": "a " * 2000}, "at most 200 characters"),
]


@pytest.mark.parametrize(("params", "message"), REFUSED)
def test_invalid_filters_are_a_400_with_the_reason(
    client, utility_user, territory, params, message
):
    client.force_login(utility_user)

    page = client.get(reverse(URL), params)
    export = client.get(reverse("utilities:territory-csv"), params)
    workbook = client.get(reverse("utilities:territory-xlsx"), params)

    assert page.status_code == 400
    assert page.context["page"] is None
    assert message in page.content.decode()
    assert "Check the search" in page.content.decode()
    assert (export.status_code, workbook.status_code) == (400, 400)
    assert message in export.content.decode()
    assert str(territory.ashp.measure_id) not in export.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999", "2"])
def test_any_page_number_shows_a_page(client, utility_user, territory, page):
    client.force_login(utility_user)

    response = client.get(reverse(URL), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_staff_utility_filter_refuses_garbage(client, staff, territory):
    client.force_login(staff)

    for value in ("abc", "99999999999999999999", "-1"):
        assert client.get(reverse(URL), {"utility": value}).status_code == 400
