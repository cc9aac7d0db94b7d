"""Status-engine thresholds of heat pump equipment: balance point and the rule set of
1 Oct 2019, AHRI and compressor type, ground source (each threshold just below, at and just
above). Efficiency and the federal minimum: test_thresholds_efficiency.py.


Each case starts from a complete job that is BPA Approved (``tests/jobs/rules/builders.py``),
changes one field, and asserts the resulting status AND the check (by rule id) that the field
feeds. Case ids name the seed clause: ``004-L409`` = seed 004 line 409, ``003-L9982`` = seed
003 line 9982, ``000-L25`` = the status definitions of seed 000.
"""

import datetime

import pytest

from tests.jobs.rules.builders import (
    APPROVED,
    INSTALL_2017_SET,
    INSTALL_2019_SET,
    PENDING,
    REJECTED,
    ashp_job,
    assert_check,
    check,
    context_for,
    failed_rules,
    gshp_job,
    run,
)

# --- Balance point 30 °F (004 L398) and the rule set of 1 Oct 2019 --------------------------


@pytest.mark.parametrize(
    ("balance_point", "status"),
    [
        pytest.param(29.9, APPROVED, id="004-L398-29.9F"),
        pytest.param(30.0, APPROVED, id="004-L398-30F-at"),
        pytest.param(30.5, PENDING, id="004-L398-30.5F-review-band"),
        pytest.param(31.0, PENDING, id="004-L398-31F-review-band"),
        pytest.param(35.0, PENDING, id="004-L398-35F-top-of-review-band"),
        pytest.param(35.1, REJECTED, id="004-L398-35.1F-above-review-band"),
        pytest.param(36.0, REJECTED, id="004-L398-36F"),
    ],
)
def test_balance_point_under_the_2017_rule_set(balance_point, status):
    decision = run(ashp_job(balance_point_f=balance_point, install_date=INSTALL_2017_SET))

    assert decision.ruleset == "ptcs-2017"
    assert_check(decision, "hp.balance_point", status == APPROVED, status)


@pytest.mark.parametrize(
    ("balance_point", "status"),
    [
        pytest.param(29.9, APPROVED, id="004-L398-29.9F"),
        pytest.param(30.0, APPROVED, id="004-L398-30F-at"),
        pytest.param(30.5, REJECTED, id="2019-10-30.5F-rejected"),
        pytest.param(31.0, REJECTED, id="2019-10-31F-rejected"),
        pytest.param(35.0, REJECTED, id="2019-10-35F-rejected"),
    ],
)
def test_balance_point_under_the_october_2019_rule_set(balance_point, status):
    decision = run(ashp_job(balance_point_f=balance_point, install_date=INSTALL_2019_SET))

    assert decision.ruleset == "ptcs-2019-10"
    assert_check(decision, "hp.balance_point", status == APPROVED, status)


@pytest.mark.parametrize(
    ("install_date", "ruleset", "status"),
    [
        pytest.param(datetime.date(2019, 9, 30), "ptcs-2017", PENDING, id="2019-09-30-pending"),
        pytest.param(
            datetime.date(2019, 10, 1), "ptcs-2019-10", REJECTED, id="2019-10-01-rejected"
        ),
    ],
)
def test_same_33F_job_changes_status_on_1_october_2019(install_date, ruleset, status):
    decision = run(ashp_job(balance_point_f=33.0, install_date=install_date))

    assert decision.ruleset == ruleset
    assert_check(decision, "hp.balance_point", False, status)
    assert check(decision, "hp.balance_point").effect == status


def test_install_date_may_be_an_iso_string():
    decision = run(ashp_job(balance_point_f=33.0, install_date="2019-10-01"))

    assert decision.ruleset == "ptcs-2019-10"
    assert decision.status == REJECTED


def test_missing_balance_point_goes_to_review():
    assert_check(run(ashp_job(balance_point_f=None)), "hp.balance_point", False, PENDING)


# --- AHRI and compressor type (003 L9981-9984; L1883-1884, form 004 L217) ------------------


@pytest.mark.parametrize(
    ("number", "known", "passed"),
    [
        pytest.param("201234567", None, True, id="003-L9983-recorded-no-directory"),
        pytest.param("201234567", True, True, id="003-L9983-in-directory"),
        pytest.param("201234567", False, False, id="003-L9983-not-in-directory"),
        pytest.param("  ", None, False, id="003-L9983-blank"),
        pytest.param(None, None, False, id="003-L9983-missing"),
    ],
)
def test_ahri_number_is_required_and_checked(number, known, passed):
    decision = run(ashp_job(ahri_number=number), context_for("ashp", ahri_known=known))

    assert_check(decision, "hp.ahri_certified", passed, APPROVED if passed else PENDING)


@pytest.mark.parametrize(
    ("measure", "variable_speed", "passed"),
    [
        pytest.param("ashp", False, True, id="004-L217-ashp-non-variable"),
        pytest.param("ashp", True, False, id="004-L217-ashp-marked-variable"),
        pytest.param("vshp", True, True, id="003-L1883-vshp-variable"),
        pytest.param("vshp", False, False, id="003-L1883-vshp-marked-non-variable"),
        pytest.param("vshp", None, True, id="004-L217-unanswered"),
    ],
)
def test_compressor_type_matches_the_measure(measure, variable_speed, passed):
    decision = run(ashp_job(measure_type=measure, variable_speed=variable_speed))

    assert_check(decision, "hp.compressor_matches_measure", passed, APPROVED if passed else PENDING)


# --- Ground source: always BPA Pending (000 L29; 003 §10.8.2.2) ----------------------------


def test_ground_source_is_pending_even_when_everything_passes():
    decision = run(gshp_job(), context_for("gshp", heating_zone=3))

    assert decision.status == PENDING
    assert failed_rules(decision) == {"gshp.always_reviewed"}
    assert check(decision, "gshp.always_reviewed").effect == PENDING
    assert decision.can_complete


@pytest.mark.parametrize(
    ("override", "zone", "rule"),
    [
        pytest.param({}, 1, "gshp.heating_zone", id="003-L10178-zone-1"),
        pytest.param({}, None, "gshp.heating_zone", id="003-L10178-zone-unknown"),
        pytest.param({"home_type": "manufactured"}, 2, "gshp.home_type", id="003-L10177-mh"),
        pytest.param({"balance_point_f": 40}, 2, "gshp.always_reviewed", id="000-L29-bp-40F"),
    ],
)
def test_ground_source_failures_are_listed_but_status_stays_pending(override, zone, rule):
    decision = run(gshp_job(**override), context_for("gshp", heating_zone=zone))

    assert decision.status == PENDING
    assert rule in failed_rules(decision)


@pytest.mark.parametrize(
    ("zone", "passed", "message"),
    [
        # "heating zones 2 and 3 only" (003 L10177-10178): just below, at each end, just above
        # (BPA has no zone 4: such a value is refused by the zone map, and fails here too).
        pytest.param(
            1,
            False,
            "Heating zone 1 does not qualify (zones 2 and 3 only).",
            id="003-L10178-zone-1",
        ),
        pytest.param(2, True, "Heating zone 2 qualifies.", id="003-L10178-zone-2"),
        pytest.param(3, True, "Heating zone 3 qualifies.", id="003-L10178-zone-3"),
        pytest.param(
            4,
            False,
            "Heating zone 4 does not qualify (zones 2 and 3 only).",
            id="003-L10178-zone-4",
        ),
    ],
)
def test_ground_source_heating_zones_2_and_3_only(zone, passed, message):
    decision = run(gshp_job(), context_for("gshp", heating_zone=zone, zip_code="99350"))

    zone_check = check(decision, "gshp.heating_zone")
    assert zone_check.passed is passed
    assert zone_check.message == message
    assert zone_check.values["heating_zone"] == zone
    assert zone_check.threshold == "heating zone 2 or 3"
    if not passed:
        assert zone_check.effect == REJECTED  # a known zone outside 2–3 is not eligible
    assert decision.status == PENDING  # ground source is always reviewed (000 L29)


def test_a_zip_code_not_in_the_zone_map_is_named_and_left_to_staff():
    decision = run(gshp_job(), context_for("gshp", heating_zone=None, zip_code="99336"))

    zone_check = check(decision, "gshp.heating_zone")
    assert not zone_check.passed
    assert zone_check.effect == PENDING  # not known is not ineligible: staff verify
    assert zone_check.message == (
        "ZIP 99336 is not in the registry's zone map; "
        "staff verify the site is in heating zone 2 or 3."
    )
    assert zone_check.values == {"heating_zone": None, "zip_code": "99336"}
    assert decision.status == PENDING


def test_without_a_site_the_heating_zone_is_simply_unknown():
    decision = run(gshp_job(), context_for("gshp", heating_zone=None))

    zone_check = check(decision, "gshp.heating_zone")
    assert (zone_check.passed, zone_check.effect) == (False, PENDING)
    assert zone_check.message == (
        "The site's heating zone is not known to the registry; staff verify it is zone 2 or 3."
    )
