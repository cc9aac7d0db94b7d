"""Territory search and exports: who sees which jobs (spec §1: a utility user sees their
utility's jobs and never another utility's).

Every case is checked on the page, in the CSV and in the Excel workbook: the three read the
same scoped, filtered queryset, and a leak in any one of them is a leak.
"""

import pytest
from django.urls import reverse

from tests.utilities.territory.data import csv_rows, make_territory, xlsx_rows

pytestmark = pytest.mark.django_db

URL_NAMES = ("utilities:territory", "utilities:territory-csv", "utilities:territory-xlsx")
FORMATS = ("page", "csv", "xlsx")


@pytest.fixture
def territory(benton_rea, pacific_power):
    return make_territory(benton_rea, pacific_power)


def result(client, fmt: str, params: dict | None = None) -> list[int]:
    """The measure IDs a search returns in ``fmt``, in order (page: the first page)."""
    if fmt == "page":
        response = client.get(reverse("utilities:territory"), params or {})
        assert response.status_code == 200
        page = response.context["page"]
        ids = [job.measure_id for job in page.object_list]
        assert page.paginator.count == len(ids)  # the count shown is of this territory only
        return ids
    response = client.get(reverse(f"utilities:territory-{fmt}"), params or {})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    _, rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    return [int(row["Measure ID"]) for row in rows]


def ids(*jobs) -> set[int]:
    return {job.measure_id for job in jobs}


#: (query, the Benton REA jobs it should return, by Territory attribute).
UTILITY_USER_SEARCHES = [
    pytest.param({}, ["ashp", "duct", "gshp"], id="no-filter"),
    pytest.param({"status": "bpa_approved"}, ["ashp"], id="status"),
    pytest.param({"status": "in_progress"}, [], id="in-progress-is-never-shown"),
    pytest.param({"measure_type": "ashp"}, ["ashp"], id="measure-type"),
    pytest.param({"technician": "rita"}, ["ashp", "gshp"], id="technician-name"),
    pytest.param({"technician": "Rivera Rita"}, ["ashp", "gshp"], id="technician-full-name"),
    pytest.param({"company": "columbia"}, ["ashp", "gshp"], id="company"),
    pytest.param({"address": "meade"}, ["ashp"], id="address"),
    pytest.param({"address": "99320"}, ["duct"], id="zip"),
    pytest.param({"address": "prosser"}, ["ashp", "gshp"], id="city"),
    pytest.param({"installed_from": "2024-04-01"}, ["duct", "gshp"], id="installed-from"),
    pytest.param({"installed_to": "2024-03-31"}, ["ashp"], id="installed-to"),
    pytest.param(
        {"completed_from": "2024-05-01", "completed_to": "2024-05-31"}, ["duct"], id="completed"
    ),
    pytest.param(
        {"technician": "rita", "status": "bpa_approved", "installed_to": "2024-03-31"},
        ["ashp"],
        id="combined",
    ),
    pytest.param({"sort": "install_date"}, ["ashp", "duct", "gshp"], id="sorted"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("params", "expected"), UTILITY_USER_SEARCHES)
def test_utility_user_sees_only_their_utilitys_completed_jobs(
    client, utility_user, territory, fmt, params, expected
):
    client.force_login(utility_user)

    found = result(client, fmt, params)

    assert set(found) == ids(*(getattr(territory, name) for name in expected))
    assert territory.pacific.measure_id not in found
    assert territory.in_progress.measure_id not in found


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_utilitys_jobs_are_found_by_nothing_a_utility_user_types(
    client, utility_user, territory, fmt
):
    """Pacific Power's ZIP, measure ID, address, utility or In Progress status: nothing, and no
    count that would tell the job exists."""
    client.force_login(utility_user)
    pacific = territory.pacific
    hostile = [
        {"address": pacific.site.zip_code},
        {"address": "commercial salem"},
        {"measure_id": str(pacific.measure_id)},
        {"measure_id": str(territory.in_progress.measure_id)},
        {"measure_id": str(pacific.measure_id), "status": "bpa_approved"},
        {"technician": "rita", "address": "97301"},
    ]
    for params in hostile:
        assert result(client, fmt, params) == [], params
    # A utility user has no utility filter: asking for another one changes nothing.
    found = result(client, fmt, {"utility": str(pacific.utility_id)})
    assert set(found) == ids(*territory.benton_completed)


def test_page_never_names_the_other_utilitys_job(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(reverse("utilities:territory"), {"technician": "rita"})

    html = response.content.decode()
    assert str(territory.ashp.measure_id) in html
    assert str(territory.pacific.measure_id) not in html
    assert "COMMERCIAL" not in html
    assert "Pacific Power" not in html
    assert 'name="utility"' not in html  # no utility filter for utility users
    assert response.context["page"].paginator.count == 2


def test_other_utilitys_job_page_is_404_for_a_utility_user(client, utility_user, territory):
    client.force_login(utility_user)

    own = client.get(reverse("jobs:detail", args=[territory.ashp.measure_id]))
    other = client.get(reverse("jobs:detail", args=[territory.pacific.measure_id]))

    assert (own.status_code, other.status_code) == (200, 404)


def test_result_rows_link_to_the_job_page(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(reverse("utilities:territory"))

    assert f'href="{reverse("jobs:detail", args=[territory.duct.measure_id])}"' in (
        response.content.decode()
    )


def test_the_other_utility_user_sees_only_pacific_power(client, other_utility_user, territory):
    client.force_login(other_utility_user)

    for fmt in FORMATS:
        assert result(client, fmt) == [territory.pacific.measure_id]


@pytest.mark.parametrize("fmt", FORMATS)
def test_ptcs_staff_see_every_job_and_filter_by_utility(client, staff, territory, fmt):
    client.force_login(staff)

    assert set(result(client, fmt)) == ids(*territory.everything)
    pacific_only = result(client, fmt, {"utility": str(territory.pacific.utility_id)})
    assert pacific_only == [territory.pacific.measure_id]
    benton = result(client, fmt, {"utility": str(territory.ashp.utility_id)})
    assert set(benton) == ids(*territory.benton_completed, territory.in_progress)


@pytest.mark.parametrize("fmt", FORMATS)
def test_energy_trust_staff_see_only_energy_trust_territory(
    client, energy_trust_staff, territory, fmt
):
    client.force_login(energy_trust_staff)

    assert result(client, fmt) == [territory.pacific.measure_id]
    assert result(client, fmt, {"measure_id": str(territory.ashp.measure_id)}) == []


def test_energy_trust_staff_cannot_pick_a_bpa_utility(client, energy_trust_staff, territory):
    client.force_login(energy_trust_staff)

    page = client.get(reverse("utilities:territory"))
    choices = [str(u) for u in page.context["filter"].form.fields["utility"].queryset]
    refused = client.get(reverse("utilities:territory"), {"utility": territory.ashp.utility_id})
    export = client.get(reverse("utilities:territory-csv"), {"utility": territory.ashp.utility_id})

    assert choices == ["Pacific Power"]
    assert refused.status_code == 400
    assert refused.context["page"] is None
    assert "Select a valid choice" in refused.content.decode()
    assert export.status_code == 400
    assert str(territory.ashp.measure_id) not in export.content.decode()


def test_staff_utility_choices_are_every_utility_with_jobs(client, staff, territory):
    client.force_login(staff)

    response = client.get(reverse("utilities:territory"))

    choices = [str(u) for u in response.context["filter"].form.fields["utility"].queryset]
    assert choices == ["Benton REA", "Pacific Power"]


@pytest.mark.parametrize("persona", ["technician", "other_technician", "inspector", "trainer"])
@pytest.mark.parametrize("name", URL_NAMES)
def test_people_without_a_territory_are_refused(client, request, territory, persona, name):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", URL_NAMES)
def test_territory_urls_only_read(client, utility_user, name):
    client.force_login(utility_user)

    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("utility_user", True),
        ("staff", True),
        ("energy_trust_staff", True),
        ("technician", False),
        ("inspector", False),
    ],
)
def test_nav_link_for_people_with_a_territory(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))

    html = client.get(reverse("home")).content.decode()

    assert (f'href="{reverse("utilities:territory")}"' in html) is shown


def test_the_search_filters_fold_away_until_one_is_in_use(client, utility_user, territory):
    client.force_login(utility_user)
    url = reverse("utilities:territory")

    def details(params):
        html = client.get(url, params).content.decode()
        start = html.index('<details class="job-filters"')
        return html, html[start : html.index("</summary>", start)]

    html, folded = details({})
    assert " open" not in folded.split(">")[0]
    assert "Filter jobs" in folded
    # (The site menu is a <details> too, before it: look from the filters on.)
    filters = html.index('<details class="job-filters"')
    assert html.index("</details>", filters) < html.index('data-testid="result-count"')
    # A column's sort is not a filter; a measure type is.
    _, sorted_only = details({"sort": "measure_id"})
    assert " open" not in sorted_only.split(">")[0]
    _, filtered = details({"measure_type": "ashp", "status": "bpa_approved"})
    assert filtered.split(">")[0].endswith(" open")
    assert "(2 in use: Status, Measure type)" in filtered
    # An invalid search opens it, so the error beside the filter shows.
    response = client.get(url, {"installed_from": "not a date"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html[html.index('<details class="job-filters"') :].split(">")[0].endswith(" open")
