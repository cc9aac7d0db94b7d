"""Payment rows by heating and cooling zone (utilities.payments.rules): a row for the site's
zones wins over a row for any zone; a site whose ZIP code is not in the zone map is paid from
an any-zone row only, and is named when the payment depends on the zone. Pure, no database.

BPA's zone tables pay by heating zone h1–h3 × cooling zone c1–c3 (seed 002 L28-51, e.g. the
2007 heat pump credits: h1 c1 $615 … h3 c3 $1,490 ducts outside at 8.5 HSPF); the seeded 2017
rows (seed 003 §10.8.2) are for any zone, so the amounts below are test values.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from utilities.payments.rules import Rate, Reason, assess, rate_on

START = datetime.date(2017, 4, 1)
DAY = datetime.date(2024, 6, 3)

ANY = Rate("ashp_conversion", Decimal("1400.00"), START, None, "any zone")
# Seed 002 L31, L33, L35 (ducts outside, 8.5 HSPF): h1 c1 $615, h1 c2 $635, h1 c3 $675.
H1_C1 = Rate("ashp_conversion", Decimal("615.00"), START, None, "h1 c1", 1, 1)
H1_C3 = Rate("ashp_conversion", Decimal("675.00"), START, None, "h1 c3", 1, 3)
# A row for heating zone 2 whatever the cooling zone ($1,080: h2 c1, 002 L39).
H2 = Rate("ashp_conversion", Decimal("1080.00"), START, None, "h2", 2, None)
RATES = (ANY, H1_C1, H1_C3, H2)


@pytest.mark.parametrize(
    ("heating", "cooling", "expected"),
    [
        pytest.param(1, 1, H1_C1, id="002-L31-h1-c1-its-own-row"),
        pytest.param(1, 3, H1_C3, id="002-L35-h1-c3-its-own-row"),
        pytest.param(1, 2, ANY, id="002-L33-h1-c2-no-row-any-zone"),
        pytest.param(2, 1, H2, id="002-L39-h2-c1-heating-zone-row"),
        pytest.param(2, 3, H2, id="002-L43-h2-c3-heating-zone-row"),
        pytest.param(3, 3, ANY, id="002-L51-h3-c3-no-row-any-zone"),
        pytest.param(None, None, ANY, id="unmapped-zip-any-zone-only"),
    ],
)
def test_the_row_of_the_sites_zones_wins_else_the_any_zone_row(heating, cooling, expected):
    assert rate_on("ashp_conversion", DAY, RATES, heating, cooling) == expected


def test_a_row_naming_both_zones_wins_over_one_naming_the_heating_zone():
    h2_c3 = Rate("ashp_conversion", Decimal("1125.00"), START, None, "h2 c3", 2, 3)  # 002 L43

    assert rate_on("ashp_conversion", DAY, (*RATES, h2_c3), 2, 3) == h2_c3
    assert rate_on("ashp_conversion", DAY, (*RATES, h2_c3), 2, 2) == H2


def test_a_zone_row_is_in_force_only_in_its_period_like_any_row():
    ended = H1_C1._replace(effective_to=DAY - datetime.timedelta(days=1))

    assert rate_on("ashp_conversion", DAY, (ANY, ended), 1, 1) == ANY


def test_without_zone_arguments_only_any_zone_rows_apply():
    assert rate_on("ashp_conversion", DAY, RATES) == ANY


def decide(rates, **overrides):
    values = {
        "measure_type": "ashp",
        "status": "bpa_approved",
        "category": "conversion",
        "home_type": "existing_site_built",
        "desuperheater": None,
        "program_administrator": "bpa",
        "install_date": DAY,
        "rates": rates,
    }
    return assess(**{**values, **overrides})


def test_a_job_is_paid_at_its_zones_rate():
    payment = decide(RATES, heating_zone=1, cooling_zone=3, zip_code="99350")

    assert payment.claimable
    assert (payment.amount, payment.source) == (Decimal("675.00"), "h1 c3")


def test_an_unmapped_zip_is_named_when_the_payment_depends_on_the_zone():
    payment = decide((H1_C1, H1_C3, H2), zip_code="99336")

    assert (payment.reason, payment.category, payment.amount) == (
        Reason.NO_ZONE,
        "ashp_conversion",
        None,
    )
    assert payment.message == (
        "ZIP 99336 is not in the registry's zone map, and this payment depends on the zone; "
        "PTCS staff add the ZIP code to the zone map."
    )


def test_an_unmapped_zip_is_paid_from_the_any_zone_row():
    payment = decide(RATES, zip_code="99336")

    assert payment.claimable
    assert payment.amount == Decimal("1400.00")


def test_a_mapped_zone_without_a_row_says_which_zones_lack_one():
    payment = decide((H1_C1,), heating_zone=3, cooling_zone=2, zip_code="59901")

    assert payment.reason == Reason.NO_RATE
    assert payment.message == (
        "No payment table for heating zone 3, cooling zone 2 in force on Jun 3, 2024; "
        "PTCS staff add the manual's rows."
    )


def test_five_field_rows_are_any_zone_rows():
    row = ("ccs", Decimal("300.00"), START, None, "003 L10093")

    assert rate_on("ccs", DAY, [row], 2, 3) == Rate(*row, None, None)
