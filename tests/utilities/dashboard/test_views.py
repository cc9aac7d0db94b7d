"""The territory dashboard (utilities:dashboard): bars for the right months, each role's
territory only, bad filters, the query count. The SVG charts themselves:
tests/registry/lib/test_charts.py."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from jobs.models import Job
from tests.utilities.report_data import clark, job

URL = reverse("utilities:dashboard")
APR, JUN = datetime.date(2024, 4, 9), datetime.date(2024, 6, 18)


def bars(html: str, chart: str) -> dict[str, int]:
    """Month label → bar total, for the chart with ``data-testid=chart``."""
    figure = html.split(f'data-testid="{chart}"', 1)[1].split("</figure>", 1)[0]
    return {
        label: int(total)
        for label, total in re.findall(r'data-label="(\w+)" data-total="(\d+)"', figure)
    }


@pytest.fixture
def territory(db, benton_rea, pacific_power):
    other_bpa = clark()
    return {
        "apr_approved": job(benton_rea, APR),
        "apr_duct": job(benton_rea, APR, measure_type="duct_sealing_ptcs"),
        "jun_pending": job(benton_rea, JUN, measure_type="gshp", status=Job.Status.BPA_PENDING),
        "jun_in_progress": job(benton_rea, JUN, status=Job.Status.IN_PROGRESS),
        "clark_may": job(other_bpa, datetime.date(2024, 5, 1)),
        "pacific_jul": job(pacific_power, datetime.date(2024, 7, 1)),
        "benton_2023": job(benton_rea, datetime.date(2023, 3, 1)),
    }


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_utility_user_sees_bars_for_their_months_only(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["year"] == 2024
    status_bars = bars(html, "chart-status")
    assert len(status_bars) == 12
    # April: two completed jobs; June: the pending GSHP (an In Progress job is not theirs to
    # see, seed 000 L10); May (Clark) and July (Pacific Power) belong to other utilities.
    assert {m: n for m, n in status_bars.items() if n} == {"Apr": 2, "Jun": 1}
    assert {m: n for m, n in bars(html, "chart-measure").items() if n} == {"Apr": 2, "Jun": 1}
    assert "<title>Apr — BPA Approved: 2</title>" in html
    assert "<title>Jun — BPA Pending: 1</title>" in html
    assert "<title>Apr — PTCS duct sealing: 1</title>" in html
    assert response.context["dash"].total == 3


@pytest.mark.django_db
def test_svg_is_accessible_and_needs_no_script(client, utility_user, territory):
    client.force_login(utility_user)

    html = client.get(URL).content.decode()

    assert html.count("<svg") == 2
    assert 'role="img" ' in html
    assert 'aria-labelledby="jobs-by-status-t jobs-by-status-d"' in html
    assert '<title id="jobs-by-status-t">Jobs by status, 2024</title>' in html
    assert 'class="chart-legend"' in html
    assert "<script" not in html.split("<main", 1)[1]
    assert 'data-testid="table-status"' in html  # the same numbers as a table
    assert 'data-testid="qa-rate"' in html  # the QA rate line (tests/qa_inspections)


@pytest.mark.django_db
def test_another_utilitys_jobs_are_never_counted(client, utility_user, territory):
    client.force_login(utility_user)

    dash = client.get(URL).context["dash"]

    assert dash.by_status.month_totals[4] == 0  # May: Clark's job
    assert dash.by_status.month_totals[6] == 0  # July: Pacific Power's job
    assert dash.years == (2023, 2024)


@pytest.mark.django_db
def test_staff_see_every_job_and_may_narrow_to_one_utility(client, staff, territory):
    client.force_login(staff)

    everything = client.get(URL).context["dash"]
    clark_only = client.get(URL, {"utility": territory["clark_may"].utility_id}).context["dash"]

    assert everything.by_status.month_totals[3:7] == (2, 1, 2, 1)  # Apr, May, Jun (+draft), Jul
    assert clark_only.total == 1


@pytest.mark.django_db
def test_energy_trust_staff_see_energy_trust_territory_only(client, energy_trust_staff, territory):
    client.force_login(energy_trust_staff)

    dash = client.get(URL).context["dash"]

    assert dash.total == 1
    assert dash.by_status.month_totals[6] == 1  # July, Pacific Power


@pytest.mark.django_db
def test_year_filter(client, utility_user, territory):
    client.force_login(utility_user)

    html = client.get(URL, {"year": 2023}).content.decode()

    assert {m: n for m, n in bars(html, "chart-status").items() if n} == {"Mar": 1}


@pytest.mark.django_db
def test_no_jobs_says_so_without_a_chart(client, utility_user):
    client.force_login(utility_user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "<svg" not in response.content.decode()
    assert "No job in your territory was installed" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"year": "x"}, {"year": "0"}, {"utility": "nope"}])
def test_a_bad_filter_is_a_400_never_a_500(client, staff, query):
    client.force_login(staff)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert "dash" not in response.context


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["utility_user", "staff", "energy_trust_staff"])
def test_report_roles_may_open_it(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["technician", "inspector", "trainer", "applicant"])
def test_other_roles_are_refused(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


#: Session, user, the utilities in scope, the grouped job counts, the grouped QA rates.
PAGE_QUERIES = 5


@pytest.mark.django_db
@pytest.mark.parametrize("jobs", [5, 30])
def test_query_count_does_not_grow_with_the_jobs(
    client, utility_user, benton_rea, jobs, django_assert_num_queries
):
    client.force_login(utility_user)
    for n in range(jobs):
        job(benton_rea, APR + datetime.timedelta(days=7 * n))

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)

    assert response.status_code == 200
