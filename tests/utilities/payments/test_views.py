"""The BPA payments page (utilities:payments): who sees which utility's payments, the totals,
the Energy Trust message, bad filters and the query count."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from jobs.models import Job, Site
from tests.citations import assert_readable
from tests.utilities.report_data import clark, job
from utilities.models import ClimateZone, PaymentRate

pytestmark = pytest.mark.django_db

URL = reverse("utilities:payments")
APR, MAY = datetime.date(2024, 4, 9), datetime.date(2024, 5, 14)


@pytest.fixture
def territory(benton_rea, pacific_power):
    """Benton REA's claimable and unclaimable jobs, and claimable jobs of two other utilities."""
    other_bpa = clark()
    return {
        "conversion": job(benton_rea, APR),  # $1,400 (003 L10089)
        "vshp_upgrade": job(benton_rea, APR, measure_type="vshp", category="upgrade"),  # $700
        "duct_site_built": job(benton_rea, MAY, measure_type="duct_sealing_ptcs"),  # $250
        "ccs": job(benton_rea, MAY, status=Job.Status.PTCS_CERTIFIED_ONLY, category="ccs"),  # $300
        "pending_gshp": job(benton_rea, MAY, measure_type="gshp", status=Job.Status.BPA_PENDING),
        "in_progress": job(benton_rea, MAY, status=Job.Status.IN_PROGRESS),
        "record_only": job(
            benton_rea, MAY, measure_type="duct_sealing_ptcs", status=Job.Status.RECORD_ONLY
        ),
        # Manufactured-home duct sealing has no row after Sep 30, 2017 (seed 003 L1249-1291).
        "duct_mh": job(benton_rea, MAY, measure_type="duct_sealing_ptcs", home_type="manufactured"),
        "last_year": job(benton_rea, datetime.date(2023, 11, 2)),  # $1,400, in 2023
        "clark": job(other_bpa, APR),  # $1,400 at another BPA utility
        "pacific": job(pacific_power, APR),  # Energy Trust: no BPA payment
    }


def ids(report, attr="claimable") -> set[int]:
    return {item.job.measure_id for item in getattr(report, attr)}


def measure_ids(territory, *names) -> set[int]:
    return {territory[name].measure_id for name in names}


def test_utility_user_sees_their_utilitys_claimable_jobs_and_totals(
    client, utility_user, territory
):
    client.force_login(utility_user)

    response = client.get(URL)

    report = response.context["report"]
    assert response.status_code == 200
    assert response.context["year"] == 2024  # the latest install year
    assert ids(report) == measure_ids(
        territory, "conversion", "vshp_upgrade", "duct_site_built", "ccs"
    )
    assert (report.count, report.total) == (4, Decimal("2650.00"))
    assert [(m.month, m.count, m.total) for m in report.months] == [
        (datetime.date(2024, 4, 1), 2, Decimal("2100.00")),
        (datetime.date(2024, 5, 1), 2, Decimal("550.00")),
    ]
    html = response.content.decode()
    assert "$2,650.00" in html
    conversion = territory["conversion"].measure_id
    assert f'href="{reverse("jobs:detail", args=[conversion])}"' in html
    # The rate's source, as payers read it (the seeded row of seed 003 L10089).
    assert "BPA Implementation Manual (2016–2017), §10.8.2.1" in html
    assert_readable(html, "the payments page")


def test_another_utilitys_jobs_are_never_counted(client, utility_user, territory):
    client.force_login(utility_user)

    report = client.get(URL).context["report"]

    assert not ids(report) & measure_ids(territory, "clark", "pacific")
    assert not ids(report, "unpriced") & measure_ids(territory, "clark", "pacific")


def test_utility_user_cannot_ask_for_another_utility(client, utility_user, territory):
    client.force_login(utility_user)
    clark_pk = territory["clark"].utility_id

    response = client.get(URL, {"utility": clark_pk})

    assert response.status_code == 400
    assert "report" not in response.context
    assert "Select a valid choice" in response.content.decode()


def test_unpriced_job_says_no_table_is_in_force(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(URL)

    assert ids(response.context["report"], "unpriced") == measure_ids(territory, "duct_mh")
    assert (
        "No payment table in force on May 14, 2024; PTCS staff add the manual&#x27;s rows."
        in response.content.decode()
    )


def test_year_filter_shows_that_install_year(client, utility_user, territory):
    client.force_login(utility_user)

    report = client.get(URL, {"year": 2023}).context["report"]

    assert ids(report) == measure_ids(territory, "last_year")
    assert report.total == Decimal("1400.00")


def test_staff_default_is_every_bpa_utility(client, staff, territory):
    client.force_login(staff)

    report = client.get(URL).context["report"]

    assert ids(report) == measure_ids(
        territory, "conversion", "vshp_upgrade", "duct_site_built", "ccs", "clark"
    )
    assert report.total == Decimal("4050.00")


def test_staff_choose_one_utility(client, staff, territory):
    client.force_login(staff)

    report = client.get(URL, {"utility": territory["clark"].utility_id}).context["report"]

    assert ids(report) == measure_ids(territory, "clark")


def test_staff_choosing_an_energy_trust_utility_are_told_bpa_payments_do_not_apply(
    client, staff, territory
):
    client.force_login(staff)

    response = client.get(URL, {"utility": territory["pacific"].utility_id})

    assert response.status_code == 200
    assert "report" not in response.context
    assert "Energy Trust customers are not served by BPA" in response.content.decode()


@pytest.mark.parametrize("persona", ["energy_trust_staff", "other_utility_user"])
def test_energy_trust_territory_gets_a_page_saying_bpa_payments_do_not_apply(
    client, request, persona, territory
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["not_bpa"] is True
    assert "report" not in response.context
    html = response.content.decode()
    assert 'data-testid="not-bpa"' in html
    assert str(territory["pacific"].measure_id) not in html


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1e9"},
        {"year": "99999999999999999999999999"},
        {"year": "1999"},
        {"utility": "abc"},
        {"utility": "99999999999999999999999999"},
        {"utility": "-1"},
        {"utility": "\x00"},
    ],
)
def test_a_bad_filter_is_a_400_with_the_reason_never_a_500(client, staff, territory, query):
    client.force_login(staff)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert "report" not in response.context
    assert 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize("persona", ["technician", "inspector", "trainer", "applicant"])
def test_other_roles_are_refused(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Query count -----------------------------------------------------------------------------

#: Session, user, the utilities in scope, the latest install year, the payment rows, the jobs
#: (site, technician, user, utility and company joined).
PAGE_QUERIES = 6


@pytest.mark.parametrize("persona", ["utility_user", "staff"])
@pytest.mark.parametrize("jobs", [5, 30])
def test_query_count_does_not_grow_with_the_jobs(
    client, request, persona, jobs, benton_rea, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    for n in range(jobs):
        measure = ("ashp", "vshp", "gshp", "duct_sealing_ptcs", "duct_sealing_prescriptive")[n % 5]
        job(benton_rea, APR + datetime.timedelta(days=n), measure_type=measure)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)

    assert response.context["report"].count == jobs


# --- The demo ---------------------------------------------------------------------------------


def test_demo_utility_user_has_claimable_payments(client):
    call_command("seed_demo")
    client.force_login(User.objects.get(username="demo-utility"))

    response = client.get(URL)

    report = response.context["report"]
    assert report.count >= 1
    assert report.total >= Decimal("1400.00")  # the demo heat pump conversion (003 L10089)
    assert "$1,400.00" in response.content.decode()


# --- Heating and cooling zones ----------------------------------------------------------------


def test_each_claim_shows_its_sites_zones_or_that_its_zip_is_not_in_the_zone_map(
    client, utility_user, benton_rea
):
    ClimateZone.objects.create(zip_code="99350", heating_zone=2, cooling_zone=3)
    mapped = job(benton_rea, APR)  # the factories' site: Prosser, 99350
    unmapped = job(benton_rea, APR)
    Site.objects.filter(pk=unmapped.site_id).update(zip_code="99320")
    client.force_login(utility_user)

    response = client.get(URL)

    by_job = {
        item.job.measure_id: item.zones_label for item in response.context["report"].claimable
    }
    assert by_job == {
        mapped.measure_id: "heating 2, cooling 3",
        unmapped.measure_id: "ZIP 99320 not in the zone map",
    }
    html = response.content.decode()
    assert f'data-testid="zones-{unmapped.measure_id}">ZIP 99320 not in the zone map<' in html


def test_a_zone_specific_rate_pays_the_jobs_at_that_zone_and_the_others_stay_on_any_zone(
    client, utility_user, benton_rea
):
    ClimateZone.objects.create(zip_code="99350", heating_zone=2, cooling_zone=3)
    # A test amount for heating zone 2, cooling zone 3 (the kind of row seed 002 L43 has).
    PaymentRate.objects.create(
        category="ashp_conversion",
        heating_zone=2,
        cooling_zone=3,
        amount=Decimal("1125.00"),
        effective_from=datetime.date(2017, 4, 1),
        source="Test row h2 c3",
    )
    at_zone = job(benton_rea, APR)
    elsewhere = job(benton_rea, APR)
    Site.objects.filter(pk=elsewhere.site_id).update(zip_code="99320")  # not in the map
    client.force_login(utility_user)

    report = client.get(URL).context["report"]

    amounts = {item.job.measure_id: item.payment.amount for item in report.claimable}
    assert amounts == {
        at_zone.measure_id: Decimal("1125.00"),
        elsewhere.measure_id: Decimal("1400.00"),
    }


def test_zones_cost_no_query_of_their_own(
    client, utility_user, benton_rea, django_assert_num_queries
):
    ClimateZone.objects.create(zip_code="99350", heating_zone=2, cooling_zone=3)
    for n in range(10):
        job(benton_rea, APR + datetime.timedelta(days=n))
    client.force_login(utility_user)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)

    assert {item.zones_label for item in response.context["report"].claimable} == {
        "heating 2, cooling 3"
    }


def test_one_payment_row_per_category_zones_and_start_date():
    start = datetime.date(2017, 4, 1)
    existing = PaymentRate.objects.get(category="ccs", effective_from=start)  # any zone
    # A row for a zone may start the same day as the any-zone row.
    PaymentRate.objects.create(
        category="ccs", heating_zone=1, amount=Decimal("250.00"), effective_from=start, source="t"
    )

    # A second any-zone row is refused, though its zones are empty (NULL).
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRate.objects.create(
            category="ccs", amount=existing.amount, effective_from=start, source="again"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRate.objects.create(
            category="ccs", heating_zone=1, amount=Decimal("1"), effective_from=start, source="t"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRate.objects.create(
            category="ccs", cooling_zone=4, amount=Decimal("1"), effective_from=start, source="t"
        )


def test_staff_enter_a_zone_specific_rate_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:utilities_paymentrate_add"),
        {
            "category": "gshp_desuperheater",
            "amount": "3600.00",
            "effective_from": "2017-04-01",
            "effective_to": "",
            "source": "Test row",
            "heating_zone": "3",
            "cooling_zone": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    row = PaymentRate.objects.get(category="gshp_desuperheater", heating_zone=3)
    assert (row.cooling_zone, row.amount) == (None, Decimal("3600.00"))
