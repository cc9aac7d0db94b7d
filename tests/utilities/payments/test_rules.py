"""The BPA payment rules (utilities.payments.rules) and the page's totals
(utilities.payments.selectors.summarise): pure, no database. Rates are the seeded rows of
migration 0003 (seed 003 §10.8.2), with the readable sources of migration 0006, as tuples."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest

from jobs.models import Job
from tests.citations import assert_readable
from utilities.models import Utility
from utilities.payments.rules import Rate, Reason, assess, payment_category, rate_on
from utilities.payments.selectors import price, summarise

SEED = importlib.import_module("utilities.migrations.0003_seed_payment_rates")
READABLE = importlib.import_module("utilities.migrations.0006_readable_rate_sources")
IM_2017 = SEED.IM_2017  # Apr 1, 2017
RATES = tuple(
    Rate(category, Decimal(amount), IM_2017, effective_to, READABLE.SOURCES[category])
    for category, amount, effective_to, _ in SEED.ROWS
)
DAY = datetime.timedelta(days=1)
MH_END = datetime.date(2017, 9, 30)  # the Oct 1, 2017 notice lowers it (003 L1249-1291)

APPROVED, CERT_ONLY = "bpa_approved", "ptcs_certified_only"
NOT_CLAIMABLE_STATUSES = ("record_only", "bpa_pending", "rejected", "in_progress")
MEASURES = ("ashp", "vshp", "gshp", "duct_sealing_ptcs", "duct_sealing_prescriptive")


# --- payment_category ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "status", "category", "home_type", "desuperheater", "expected"),
    [
        # BPA Approved air source / variable speed: seed 003 L10083-10093.
        ("ashp", APPROVED, "conversion", "existing_site_built", None, "ashp_conversion"),
        ("ashp", APPROVED, "upgrade", "manufactured", None, "ashp_upgrade"),
        ("vshp", APPROVED, "conversion", "new_site_built", None, "vshp_conversion"),
        ("vshp", APPROVED, "upgrade", "existing_site_built", None, "vshp_upgrade"),
        ("ashp", APPROVED, "ccs", "existing_site_built", None, "ccs"),
        ("ashp", APPROVED, None, "existing_site_built", None, None),
        ("vshp", APPROVED, "", "existing_site_built", None, None),
        # PTCS-Certified Only heat pumps: CC&S (seed 000 L25), whatever the category says.
        ("ashp", CERT_ONLY, "ccs", "existing_site_built", None, "ccs"),
        ("vshp", CERT_ONLY, "conversion", "manufactured", None, "ccs"),
        # CC&S is an air source / variable speed measure (003 L9992-9998).
        ("gshp", CERT_ONLY, None, "existing_site_built", True, None),
        # GSHP: 003 L10294-10298.
        ("gshp", APPROVED, None, "existing_site_built", True, "gshp_desuperheater"),
        ("gshp", APPROVED, None, "new_site_built", False, "gshp_no_desuperheater"),
        ("gshp", APPROVED, None, "existing_site_built", None, "gshp_no_desuperheater"),
        # Duct sealing, PTCS or prescriptive: 003 L10458-10462.
        ("duct_sealing_ptcs", APPROVED, None, "manufactured", None, "duct_sealing_manufactured"),
        (
            "duct_sealing_ptcs",
            APPROVED,
            None,
            "existing_site_built",
            None,
            "duct_sealing_site_built",
        ),
        (
            "duct_sealing_prescriptive",
            APPROVED,
            None,
            "manufactured",
            None,
            "duct_sealing_manufactured",
        ),
        (
            "duct_sealing_prescriptive",
            APPROVED,
            None,
            "existing_site_built",
            None,
            "duct_sealing_site_built",
        ),
        ("duct_sealing_ptcs", APPROVED, None, "new_site_built", None, None),
        ("duct_sealing_ptcs", APPROVED, None, None, None, None),
        # PTCS-Certified Only ducts: "pre-test leakage is too low" (000 L26), no payment.
        ("duct_sealing_ptcs", CERT_ONLY, None, "manufactured", None, None),
        ("duct_sealing_prescriptive", CERT_ONLY, None, "existing_site_built", None, None),
    ],
)
def test_payment_category(measure, status, category, home_type, desuperheater, expected):
    assert payment_category(measure, status, category, home_type, desuperheater) == expected


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("status", NOT_CLAIMABLE_STATUSES)
def test_record_only_pending_rejected_and_in_progress_jobs_have_no_category(measure, status):
    assert payment_category(measure, status, "conversion", "manufactured", True) is None


# --- rate_on: just before, on and just after each date ---------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (IM_2017 - DAY, None),  # Mar 31, 2017: before the manual in the seeds
        (IM_2017, Decimal("1400.00")),
        (IM_2017 + DAY, Decimal("1400.00")),
        (datetime.date(2030, 1, 1), Decimal("1400.00")),  # open-ended row
    ],
)
def test_rate_starts_on_its_effective_date(day, expected):
    rate = rate_on("ashp_conversion", day, RATES)

    assert (rate.amount if rate else None) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (MH_END - DAY, Decimal("250.00")),
        (MH_END, Decimal("250.00")),  # the last day counts
        (MH_END + DAY, None),  # Oct 1, 2017: no row until staff add the next manual's
    ],
)
def test_manufactured_home_duct_row_ends_on_september_30_2017(day, expected):
    rate = rate_on("duct_sealing_manufactured", day, RATES)

    assert (rate.amount if rate else None) == expected


def test_site_built_duct_row_runs_on_after_the_manufactured_row_ends():
    assert rate_on("duct_sealing_site_built", MH_END + DAY, RATES).amount == Decimal("250.00")


def test_the_next_manuals_row_takes_over_on_its_first_day():
    later = Rate("duct_sealing_manufactured", Decimal("150.00"), MH_END + DAY, None, "IM 2017-18")
    rates = (*RATES, later)

    assert rate_on("duct_sealing_manufactured", MH_END, rates).amount == Decimal("250.00")
    assert rate_on("duct_sealing_manufactured", MH_END + DAY, rates) == later


def test_overlapping_rows_the_one_that_started_last_wins():
    old = Rate("ccs", Decimal("300.00"), IM_2017, None, "old")
    new = Rate("ccs", Decimal("275.00"), datetime.date(2018, 10, 1), None, "new")

    assert rate_on("ccs", datetime.date(2018, 9, 30), [new, old]) == old
    assert rate_on("ccs", datetime.date(2018, 10, 1), [old, new]) == new


def test_rates_may_be_plain_tuples():
    row = ("ccs", Decimal("300.00"), IM_2017, None, "003 L10093")

    assert rate_on("ccs", IM_2017, [row]) == Rate(*row)


def test_no_row_of_another_category_is_ever_picked():
    assert (
        rate_on("vshp_upgrade", IM_2017, [r for r in RATES if r.category != "vshp_upgrade"]) is None
    )


# --- assess: the decision and its reason ------------------------------------------------------


def decide(**overrides):
    values = {
        "measure_type": "ashp",
        "status": APPROVED,
        "category": "conversion",
        "home_type": "existing_site_built",
        "desuperheater": None,
        "program_administrator": "bpa",
        "install_date": datetime.date(2024, 6, 3),
        "rates": RATES,
    }
    return assess(**{**values, **overrides})


def test_bpa_approved_conversion_is_claimable_at_the_rate_in_force():
    payment = decide()

    assert payment.claimable
    assert (payment.category, payment.amount) == ("ashp_conversion", Decimal("1400.00"))
    assert payment.source == "BPA Implementation Manual (2016–2017), §10.8.2.1"  # 003 L10089


def test_energy_trust_territory_gets_no_bpa_payment():
    payment = decide(program_administrator="energy_trust")

    assert (payment.reason, payment.category, payment.amount) == (Reason.ENERGY_TRUST, None, None)
    assert "Energy Trust customers are not served by BPA" in payment.message
    assert payment.source == "PTCS Online Site Registry help, FAQ"  # seed 000 L59


def test_job_without_a_utility_is_not_claimable():
    assert decide(program_administrator=None).reason == Reason.NO_UTILITY


def test_pending_job_is_not_claimable():
    payment = decide(status="bpa_pending")

    assert (payment.reason, payment.category) == (Reason.NOT_CLAIMABLE, None)


def test_no_install_date_keeps_the_category_but_no_rate():
    payment = decide(install_date=None)

    assert (payment.reason, payment.category, payment.rate) == (
        Reason.NO_INSTALL_DATE,
        "ashp_conversion",
        None,
    )


def test_no_row_in_force_says_so_with_the_date():
    payment = decide(
        measure_type="duct_sealing_ptcs",
        category=None,
        home_type="manufactured",
        install_date=MH_END + DAY,
    )

    assert (payment.reason, payment.category) == (Reason.NO_RATE, "duct_sealing_manufactured")
    assert payment.message == (
        "No payment table in force on Oct 1, 2017; PTCS staff add the manual's rows."
    )


def test_ptcs_certified_only_heat_pump_is_claimable_as_ccs_if_the_utility_offers_it():
    payment = decide(status=CERT_ONLY, category="ccs")

    assert (payment.category, payment.amount) == ("ccs", Decimal("300.00"))
    assert "if your utility offers" in payment.message


# --- summarise: totals per install month and category (unsaved jobs, no database) -------------

BPA = Utility(name="Benton REA", program_administrator=Utility.ProgramAdministrator.BPA)


def job(measure_id, install_date, status=APPROVED, measure_type="ashp", category="conversion"):
    return Job(
        measure_id=measure_id,
        measure_type=measure_type,
        status=status,
        category=category,
        install_date=install_date,
        data={"home_type": "manufactured"},
        utility=BPA,
    )


def test_totals_per_install_month_and_category():
    jobs = [
        job(1000001, datetime.date(2024, 4, 9)),
        job(1000002, datetime.date(2024, 4, 30), category="upgrade"),
        job(1000003, datetime.date(2024, 5, 1)),
        job(1000004, datetime.date(2024, 5, 2), measure_type="duct_sealing_ptcs", category=""),
        job(1000005, datetime.date(2024, 5, 3), status="bpa_pending"),  # not counted
    ]

    report = summarise(price(jobs, RATES))

    assert [(m.month, m.count, m.total) for m in report.months] == [
        (datetime.date(2024, 4, 1), 2, Decimal("1900.00")),
        (datetime.date(2024, 5, 1), 1, Decimal("1400.00")),
    ]
    assert [(line.label, line.count, line.total) for line in report.months[0].lines] == [
        ("Heat Pump Upgrade to Air Source Heat Pump", 1, Decimal("500.00")),
        (
            "Heat Pump Conversion from Electric Forced-Air Furnace to Air Source Heat Pump",
            1,
            Decimal("1400.00"),
        ),
    ]
    assert [(line.count, line.total) for line in report.categories] == [
        (1, Decimal("500.00")),
        (2, Decimal("2800.00")),
    ]
    assert (report.count, report.total) == (3, Decimal("3300.00"))
    # The manufactured-home duct job of May 2024 has a category but no row in force.
    assert [item.job.measure_id for item in report.unpriced] == [1000004]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"program_administrator": "energy_trust"},
        {"program_administrator": None},
        {"status": "bpa_pending"},
        {"install_date": None},
        {"install_date": datetime.date(2010, 1, 1)},
    ],
)
def test_every_payment_reason_names_its_program_document(overrides):
    payment = decide(**overrides)

    assert_readable(f"{payment.source} {payment.message}", str(overrides))
    assert payment.source.startswith(("BPA Implementation Manual", "PTCS ")), payment.source
