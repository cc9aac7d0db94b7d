"""QA rates (qa_inspections.selectors) and the QA dashboard (qa:dashboard): the 10 % goal of
seed 001 L27 ("aim to inspect at least 10 percent of all jobs") at its boundary, pass rates,
open remediations, each role's territory only, bad filters, the query count; and the QA rate
line of the territory dashboard (utilities:dashboard)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from jobs.selectors import jobs_visible_to
from qa_inspections.models import Remediation
from qa_inspections.selectors import RateRow, default_window_start, qa_rates, territory_rates
from tests.jobs.factories import JobFactory
from tests.qa_inspections.qa_data import Result, assign, inspect, jobs_of, qa_inspector
from tests.technicians.factories import TechnicianProfileFactory

URL = reverse("qa:dashboard")
TEN = Decimal("0.10")


# --- The goal, on the pure row (no database) ----------------------------------------------------


@pytest.mark.parametrize(
    ("inspected", "below", "percent"), [(9, True, 9.0), (10, False, 10.0), (11, False, 11.0)]
)
def test_ten_percent_goal_is_met_at_exactly_ten_percent(inspected, below, percent):
    row = RateRow(1, "Tina", completed=100, inspected=inspected, target=TEN)

    assert row.below_goal is below
    assert row.rate_percent == percent
    assert row.rate == Decimal(inspected) / 100


def test_goal_comparison_is_exact_not_floating_point():
    # 3 × 0.1 is 0.30000000000000004 in floats: 3 of 30 would wrongly be "below".
    assert not RateRow(1, "x", completed=30, inspected=3, target=Decimal("0.1")).below_goal


def test_no_completed_jobs_is_no_rate_and_not_below_the_goal():
    row = RateRow(1, "New", target=TEN)

    assert (row.rate, row.rate_percent, row.below_goal) == (None, None, False)


def test_pass_rate_counts_pass_with_notes_as_passing():
    row = RateRow(1, "x", completed=10, inspected=4, submitted=4, passed=3)

    assert row.pass_rate_percent == 75.0
    assert row.failed == 1
    assert RateRow(1, "x", completed=10).pass_rate is None


# --- The selector -------------------------------------------------------------------------------


def _rates(user):
    return territory_rates(user)


def _by_label(rows, needle):
    (row,) = [r for r in rows if needle in r.label]
    return row


def _by_key(rows, key):
    (row,) = [r for r in rows if r.key == key]
    return row


@pytest.fixture
def boundary(db, benton_rea):
    """Three technicians with one inspected job each: 1 of 11 (9.1 %), 1 of 10 (10 %) and
    1 of 9 (11.1 %)."""
    inspector = qa_inspector("ivy-inspector")
    result = {}
    for name, count in (("Nine", 11), ("Ten", 10), ("Eleven", 9)):
        profile = TechnicianProfileFactory(user__first_name=name, user__last_name="Tech")
        jobs = jobs_of(profile, count, utility=benton_rea)
        inspect(jobs[0], inspector=inspector)
        result[name] = profile
    return result


@pytest.mark.parametrize(
    ("name", "percent", "below"),
    [("Nine", 9.1, True), ("Ten", 10.0, False), ("Eleven", 11.1, False)],
)
def test_rates_at_the_goal_boundary(staff, boundary, name, percent, below):
    row = _by_label(_rates(staff).by_technician, f"{name} Tech")

    assert row.completed == {"Nine": 11, "Ten": 10, "Eleven": 9}[name]
    assert row.inspected == 1
    assert (row.rate_percent, row.below_goal) == (percent, below)


def test_page_marks_only_the_rows_below_the_goal(client, staff, boundary):
    client.force_login(staff)

    html = client.get(URL).content.decode()

    table = html.split('data-testid="table-technician"', 1)[1].split("</table>", 1)[0]
    below = re.findall(r'data-below-goal="true">\s*<th scope="row"[^>]*>([^<]+)<', table)
    assert [label.split(" (")[0] for label in below] == ["Nine Tech"]
    assert "9.1 %</mark>" in table
    assert "below goal" in table


def test_what_counts_as_inspected_assigned_and_in_the_window(db, staff, technician, benton_rea):
    inspector = qa_inspector("ivy-inspector")
    profile = technician.technician
    submitted, draft, waiting, plain = jobs_of(profile, 4, utility=benton_rea)
    inspect(submitted, inspector=inspector)
    inspect(draft, inspector=inspector, submitted=False)  # a draft is not an inspection yet
    assign(waiting, inspector=inspector)
    old = JobFactory(technician=profile, utility=benton_rea)
    Job.objects.filter(pk=old.pk).update(completed_at=timezone.now() - datetime.timedelta(days=400))
    inspect(old, inspector=inspector)  # completed before the window: not counted
    JobFactory(technician=profile, utility=benton_rea, status=Job.Status.IN_PROGRESS)

    total = _rates(staff).total

    assert (total.completed, total.inspected, total.assigned) == (4, 1, 2)
    assert total.rate_percent == 25.0


def test_pass_rate_and_open_remediations(db, staff, technician, benton_rea):
    inspector = qa_inspector("ivy-inspector")
    a, b, c, d, e = jobs_of(technician.technician, 5, utility=benton_rea)
    inspect(a, inspector=inspector, result=Result.PASS)
    inspect(b, inspector=inspector, result=Result.PASS_WITH_NOTES)
    inspect(c, inspector=inspector, result=Result.FAIL, remediation=Remediation.Status.OPEN)
    inspect(d, inspector=inspector, result=Result.FAIL, remediation=Remediation.Status.RESOLVED)
    inspect(e, inspector=inspector, result=Result.FAIL, submitted=False)  # draft: not counted

    rates = _rates(staff)

    for row in (rates.total, rates.by_utility[0], rates.by_company[0], rates.by_technician[0]):
        assert (row.submitted, row.passed, row.pass_rate_percent) == (4, 2, 50.0)
        assert row.open_remediations == 1
        assert row.inspected == 4


def test_window_start_follows_the_setting(settings):
    settings.QA_WINDOW_DAYS = 30

    assert default_window_start(datetime.date(2025, 3, 31)) == datetime.date(2025, 3, 1)


def test_target_follows_the_setting(db, settings, staff, technician, benton_rea):
    settings.QA_TARGET_RATE = Decimal("0.50")
    jobs = jobs_of(technician.technician, 4, utility=benton_rea)
    inspect(jobs[0], inspector=qa_inspector("ivy-inspector"))

    total = _rates(staff).total

    assert total.below_goal  # 1 of 4 is 25 %, below 50 %
    assert (
        qa_rates(jobs_visible_to(staff), datetime.date(2000, 1, 1), target=TEN).total.target == TEN
    )


# --- Territory: a utility user never counts another utility's jobs ----------------------------


@pytest.fixture
def two_utilities(db, technician, other_technician, benton_rea, pacific_power):
    """The ``technician`` persona works in both territories; Pacific Power's jobs are all
    inspected and failed, Benton REA's one of four, passed."""
    inspector = qa_inspector("ivy-inspector")
    benton = jobs_of(technician.technician, 3, utility=benton_rea)
    benton += jobs_of(other_technician.technician, 1, utility=benton_rea)
    inspect(benton[0], inspector=inspector)
    for job in jobs_of(technician.technician, 2, utility=pacific_power):
        inspect(job, inspector=inspector, result=Result.FAIL, remediation="open")
    return {"benton": benton}


def test_utility_user_counts_their_utility_only(client, utility_user, two_utilities, technician):
    client.force_login(utility_user)

    response = client.get(URL)

    rates = response.context["rates"]
    assert [row.label for row in rates.by_utility] == ["Benton REA"]
    assert (rates.total.completed, rates.total.inspected, rates.total.submitted) == (4, 1, 1)
    assert rates.total.open_remediations == 0  # Pacific Power's failures are not theirs
    tina = _by_key(rates.by_technician, technician.technician.pk)
    assert (tina.completed, tina.inspected, tina.passed) == (3, 1, 1)
    assert sum(row.completed for row in rates.by_company) == 4
    html = response.content.decode()
    assert "Pacific Power" not in html
    assert 'name="utility"' not in html  # nothing to choose


def test_other_utility_user_sees_only_pacific_power(client, other_utility_user, two_utilities):
    client.force_login(other_utility_user)

    rates = client.get(URL).context["rates"]

    assert [row.label for row in rates.by_utility] == ["Pacific Power"]
    assert (rates.total.completed, rates.total.inspected, rates.total.passed) == (2, 2, 0)
    assert rates.total.open_remediations == 2


def test_energy_trust_staff_see_their_territory(client, energy_trust_staff, two_utilities):
    client.force_login(energy_trust_staff)

    rates = client.get(URL).context["rates"]

    assert [row.label for row in rates.by_utility] == ["Pacific Power"]


def test_staff_see_every_utility_and_may_narrow_to_one(
    client, staff, two_utilities, benton_rea, technician
):
    client.force_login(staff)

    everything = client.get(URL).context["rates"]
    benton_only = client.get(URL, {"utility": benton_rea.pk}).context["rates"]

    assert [row.label for row in everything.by_utility] == ["Benton REA", "Pacific Power"]
    assert everything.total.completed == 6
    assert benton_only.total.completed == 4
    assert _by_key(benton_only.by_technician, technician.technician.pk).completed == 3


@pytest.mark.parametrize("query", [{"utility": "nope"}, {"utility": "999999"}])
def test_a_bad_utility_is_a_400_never_a_500(client, staff, query):
    client.force_login(staff)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert "rates" not in response.context
    assert "Select a valid choice" in response.content.decode()


def test_utility_user_cannot_pick_another_utility(
    client, utility_user, two_utilities, pacific_power
):
    client.force_login(utility_user)

    response = client.get(URL, {"utility": pacific_power.pk})

    assert response.status_code == 400
    assert "rates" not in response.context


# --- The chart ----------------------------------------------------------------------------------


def test_chart_has_a_bar_per_utility_and_the_goal_line(client, staff, two_utilities):
    client.force_login(staff)

    html = client.get(URL).content.decode()

    figure = html.split('data-testid="chart-qa-rate"', 1)[1].split("</figure>", 1)[0]
    bars = dict(re.findall(r'data-label="([^"]+)" data-total="([\d.]+)"', figure))
    assert bars == {"Benton REA": "25", "Pacific Power": "100"}
    assert 'class="chart-goal" data-goal="10"' in figure
    assert "Goal 10%" in figure
    assert "<title>Benton REA — Inspection rate: 25%</title>" in figure
    assert 'role="img"' in figure
    assert "<script" not in html.split("<main", 1)[1]


def test_no_jobs_says_so_without_a_chart(client, utility_user):
    client.force_login(utility_user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "<svg" not in response.content.decode()
    assert "was completed in the last 365 days" in response.content.decode()


# --- Who may open it ----------------------------------------------------------------------------


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


# --- Query count --------------------------------------------------------------------------------

#: Session, user, the utilities in scope, the grouped QA rates (one query for all three tables).
PAGE_QUERIES = 4


@pytest.mark.parametrize("jobs", [5, 40])
def test_query_count_does_not_grow_with_the_jobs(
    client, staff, benton_rea, pacific_power, jobs, django_assert_num_queries
):
    inspector = qa_inspector("ivy-inspector")
    for n in range(jobs):
        job = JobFactory(utility=benton_rea if n % 2 else pacific_power)  # a technician each
        if n % 3 == 0:
            inspect(job, inspector=inspector, result=Result.FAIL, remediation="open")
        elif n % 3 == 1:
            assign(job)
    client.force_login(staff)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.context["rates"].total.completed == jobs
    assert len(response.context["rates"].by_technician) == jobs


# --- The territory dashboard's QA rate line (utilities:dashboard) --------------------------------


def test_territory_dashboard_shows_the_utilitys_own_qa_rate(client, utility_user, two_utilities):
    client.force_login(utility_user)

    html = client.get(reverse("utilities:dashboard")).content.decode()

    line = html.split('data-testid="qa-rate"', 1)[1].split("</p>", 1)[0]
    assert "25.0 %" in line
    assert "1 of 4 jobs" in line
    assert "goal 10 %" in line
    assert "below goal" not in line
    assert reverse("qa:dashboard") in line


@pytest.mark.parametrize(("extra_jobs", "percent", "below"), [(0, "10.0", False), (1, "9.7", True)])
def test_territory_dashboard_flags_a_rate_below_the_goal(
    client, staff, boundary, benton_rea, extra_jobs, percent, below
):
    jobs_of(boundary["Ten"], extra_jobs, utility=benton_rea)
    client.force_login(staff)

    response = client.get(reverse("utilities:dashboard"), {"utility": benton_rea.pk})

    line = response.content.decode().split('data-testid="qa-rate"', 1)[1].split("</p>", 1)[0]
    assert f"{percent} %" in line  # 3 of 30 is exactly the goal; 3 of 31 is not
    assert ("below goal" in line) is below
    assert response.context["qa"].total.completed == 30 + extra_jobs
