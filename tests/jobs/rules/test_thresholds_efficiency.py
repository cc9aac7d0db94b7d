"""Status-engine thresholds of heat pump efficiency: the program's 9.0 HSPF / 14 SEER, its
SEER2/HSPF2 equivalents, and the federal minimum in force on the install date (each threshold
just below, at and just above; each federal standard the day before and the day it took
effect).

Seed lines: the program requirement "a minimum of 9.0 HSPF and 14 SEER" is 003 L9981-9984;
below it a heat pump installed to PTCS is "PTCS-Certified Only … did not meet the 9.0
HSPF/14 SEER efficiency requirements" (000 L25); CC&S "may be applied to any new heat pump
that meets the federal minimum standards" (003 L9992-9993), so below the federal minimum the
job is Rejected; "As of January 1, 2015, the Federal minimum HSPF for split-system heat pumps
is 8.2" (003 L913-915). The other federal figures (13 SEER / 7.7 HSPF from 23 Jan 2006, 14 SEER
from 2015, 14.3 SEER2 / 7.5 HSPF2 = 15 SEER / 8.8 HSPF from 1 Jan 2023) are outside the seeds
[EXT, domain-rules §9.7, §11].

Case ids name the clause: ``003-L9982`` = seed 003 line 9982; ``fed-2015`` = the federal
standard of 1 Jan 2015.
"""

import datetime
from dataclasses import replace

import pytest

from jobs.rules import engine
from jobs.rules.efficiency import Rating, efficiency, program_efficiency
from jobs.rules.ruleset import PTCS_2015_2017, PTCS_2019
from tests.jobs.rules.builders import (
    APPROVED,
    CERT_ONLY,
    PENDING,
    REJECTED,
    ashp_job,
    assert_check,
    check,
    rules,
    run,
)

DAY = datetime.timedelta(days=1)
FED_2015 = datetime.date(2015, 1, 1)
FED_2023 = datetime.date(2023, 1, 1)

#: The registry's rule sets start on 1 Apr 2015. For installs before that, staff would add a
#: set; this one carries the 2015–2017 thresholds back to 1 Oct 2014 (the IM year then), so
#: that a whole job installed before 1 Jan 2015 gets a status of its own.
STAFF_2014 = replace(
    PTCS_2015_2017,
    key="staff-2014-10",
    name="Staff rule set for installs from 1 Oct 2014",
    effective_from=datetime.date(2014, 10, 1),
    effective_to=datetime.date(2015, 3, 31),
)
RULESETS = (STAFF_2014, PTCS_2015_2017, PTCS_2019)

#: Rated under DOE's 2023 test procedure only.
SEER2_RATED = {"seer": None, "hspf": None, "seer2": 15.2, "hspf2": 8.1}


def job_on(day: datetime.date, **overrides):
    return run(ashp_job(install_date=day, **overrides), rulesets=RULESETS)


# --- The program's 9.0 HSPF / 14 SEER (003 L9981-9984; 000 L25) ---------------------------


@pytest.mark.parametrize(
    ("hspf", "status", "efficient", "category"),
    [
        pytest.param(8.9, CERT_ONLY, False, "ccs", id="003-L9982-hspf-8.9-below-9.0"),
        pytest.param(9.0, APPROVED, True, "upgrade", id="003-L9982-hspf-9.0-at"),
        pytest.param(9.1, APPROVED, True, "upgrade", id="003-L9982-hspf-9.1-above"),
    ],
)
def test_hspf_below_9_makes_the_heat_pump_ptcs_certified_only(hspf, status, efficient, category):
    decision = run(ashp_job(hspf=hspf))

    assert_check(decision, "hp.efficiency", efficient, status)
    assert check(decision, "hp.federal_minimum").passed
    assert decision.category == category


@pytest.mark.parametrize(
    ("seer", "status", "efficient", "federal"),
    [
        # From 1 Jan 2015 to 2022, 14 SEER is both the program minimum (003 L9982) and the
        # federal one [EXT, domain-rules §9.7]: below 14 SEER fails both, and the federal rule
        # (Rejected) wins.
        pytest.param(13.9, REJECTED, False, False, id="003-L9982-seer-13.9-below-14"),
        pytest.param(14.0, APPROVED, True, True, id="003-L9982-seer-14-at"),
        pytest.param(14.1, APPROVED, True, True, id="003-L9982-seer-14.1-above"),
    ],
)
def test_seer_threshold_of_14_from_2015(seer, status, efficient, federal):
    decision = run(ashp_job(seer=seer))

    assert_check(decision, "hp.efficiency", efficient, status)
    assert check(decision, "hp.federal_minimum").passed is federal


@pytest.mark.parametrize(
    ("seer", "status", "efficient"),
    [
        pytest.param(13.9, CERT_ONLY, False, id="000-L25-seer-13.9-below-14"),
        pytest.param(14.0, APPROVED, True, id="000-L25-seer-14-at"),
        pytest.param(14.1, APPROVED, True, id="000-L25-seer-14.1-above"),
    ],
)
def test_ptcs_certified_only_through_seer_under_the_2006_federal_minimum(seer, status, efficient):
    """000 L25 "did not meet the 9.0 HSPF/14 SEER requirements → PTCS-Certified Only" through
    SEER: possible while the federal minimum was 13 SEER, i.e. for installs before 1 Jan 2015."""
    decision = job_on(FED_2015 - DAY, seer=seer)

    assert decision.ruleset == "staff-2014-10"
    assert_check(decision, "hp.efficiency", efficient, status)
    assert check(decision, "hp.federal_minimum").passed


# --- The SEER2/HSPF2 equivalents (the registry's choice; staff data) ------------------------


@pytest.mark.parametrize(
    ("hspf2", "status", "efficient"),
    [
        pytest.param(7.6, CERT_ONLY, False, id="000-L25-hspf2-7.6-below-7.7"),
        pytest.param(7.7, APPROVED, True, id="000-L25-hspf2-7.7-at"),
        pytest.param(7.8, APPROVED, True, id="000-L25-hspf2-7.8-above"),
    ],
)
def test_hspf2_below_the_rule_sets_7_7_is_ptcs_certified_only(hspf2, status, efficient):
    decision = run(ashp_job(install_date=FED_2023, **{**SEER2_RATED, "hspf2": hspf2}))

    assert_check(decision, "hp.efficiency", efficient, status)
    assert check(decision, "hp.federal_minimum").passed  # ≥ 7.5 HSPF2
    assert check(decision, "hp.efficiency").threshold == "≥ 13.4 SEER2 and ≥ 7.7 HSPF2"


@pytest.mark.parametrize(
    ("seer2", "passed"),
    [
        pytest.param(13.3, False, id="003-L9982-seer2-13.3-below-13.4"),
        pytest.param(13.4, True, id="003-L9982-seer2-13.4-at"),
        pytest.param(13.5, True, id="003-L9982-seer2-13.5-above"),
    ],
)
def test_seer2_threshold_of_13_4(seer2, passed):
    # From 2023 the federal 14.3 SEER2 is above 13.4, so the program's SEER2 figure only
    # decides on its own where the federal check does not apply: tested on the check itself.
    found = program_efficiency(Rating(seer2, 8.1, new=True), PTCS_2019)

    assert found.passed is passed
    assert found.effect == CERT_ONLY
    assert found.values == {"seer2": seer2, "hspf2": 8.1}


@pytest.mark.parametrize(
    ("seer2", "status", "efficient"),
    [
        pytest.param(14.9, CERT_ONLY, False, id="000-L25-staff-seer2-14.9-below-15"),
        pytest.param(15.0, APPROVED, True, id="000-L25-staff-seer2-15-at"),
        pytest.param(15.1, APPROVED, True, id="000-L25-staff-seer2-15.1-above"),
    ],
)
def test_a_staff_raised_seer2_threshold_gives_ptcs_certified_only_above_the_federal_minimum(
    seer2, status, efficient
):
    """Staff raise the program's SEER2 figure to 15: a unit at or above the federal 14.3 SEER2
    but below 15 is PTCS-Certified Only (000 L25), not Rejected."""
    raised = replace(PTCS_2019, hp_min_seer2=15.0)
    facts = ashp_job(install_date=FED_2023, **{**SEER2_RATED, "seer2": seer2})

    decision = run(facts, rulesets=(PTCS_2015_2017, raised))

    assert_check(decision, "hp.efficiency", efficient, status)
    assert check(decision, "hp.federal_minimum").passed


# --- The federal minimum in force on the install date (003 L913-915, L9992-9993) ------------


@pytest.mark.parametrize(
    ("day", "ratings", "status", "federal"),
    [
        # The day before 1 Jan 2015: 13 SEER / 7.7 HSPF (23 Jan 2006) [EXT].
        pytest.param(FED_2015 - DAY, {"seer": 12.9}, REJECTED, False, id="fed-2006-seer-12.9"),
        pytest.param(FED_2015 - DAY, {"seer": 13.0}, CERT_ONLY, True, id="fed-2006-seer-13-at"),
        pytest.param(FED_2015 - DAY, {"seer": 13.1}, CERT_ONLY, True, id="fed-2006-seer-13.1"),
        pytest.param(FED_2015 - DAY, {"hspf": 7.6}, REJECTED, False, id="fed-2006-hspf-7.6"),
        pytest.param(FED_2015 - DAY, {"hspf": 7.7}, CERT_ONLY, True, id="fed-2006-hspf-7.7-at"),
        pytest.param(FED_2015 - DAY, {"hspf": 7.8}, CERT_ONLY, True, id="fed-2006-hspf-7.8"),
        # 1 Jan 2015: 14 SEER [EXT] / 8.2 HSPF (003 L913-915).
        pytest.param(FED_2015, {"seer": 13.9}, REJECTED, False, id="fed-2015-seer-13.9"),
        pytest.param(FED_2015, {"seer": 14.0}, APPROVED, True, id="fed-2015-seer-14-at"),
        pytest.param(FED_2015, {"seer": 14.1}, APPROVED, True, id="fed-2015-seer-14.1"),
        pytest.param(FED_2015, {"hspf": 8.1}, REJECTED, False, id="003-L913-915-hspf-8.1"),
        pytest.param(FED_2015, {"hspf": 8.2}, CERT_ONLY, True, id="003-L913-915-hspf-8.2-at"),
        pytest.param(FED_2015, {"hspf": 8.3}, CERT_ONLY, True, id="003-L913-915-hspf-8.3"),
        # The day before 1 Jan 2023: still the 2015 standard.
        pytest.param(FED_2023 - DAY, {"seer": 13.9}, REJECTED, False, id="fed-2015-last-13.9"),
        pytest.param(FED_2023 - DAY, {"seer": 14.0}, APPROVED, True, id="fed-2015-last-14-at"),
        pytest.param(FED_2023 - DAY, {"hspf": 8.1}, REJECTED, False, id="fed-2015-last-8.1"),
        pytest.param(FED_2023 - DAY, {"hspf": 8.2}, CERT_ONLY, True, id="fed-2015-last-8.2-at"),
        # 1 Jan 2023, a unit rated in SEER/HSPF: 15 SEER / 8.8 HSPF [EXT].
        pytest.param(FED_2023, {"seer": 14.9}, REJECTED, False, id="fed-2023-seer-14.9"),
        pytest.param(FED_2023, {"seer": 15.0}, APPROVED, True, id="fed-2023-seer-15-at"),
        pytest.param(FED_2023, {"seer": 15.1}, APPROVED, True, id="fed-2023-seer-15.1"),
        pytest.param(FED_2023, {"hspf": 8.7}, REJECTED, False, id="fed-2023-hspf-8.7"),
        pytest.param(FED_2023, {"hspf": 8.8}, CERT_ONLY, True, id="fed-2023-hspf-8.8-at"),
        pytest.param(FED_2023, {"hspf": 8.9}, CERT_ONLY, True, id="fed-2023-hspf-8.9"),
        # 1 Jan 2023, a unit rated in SEER2/HSPF2: 14.3 SEER2 / 7.5 HSPF2 [EXT].
        pytest.param(FED_2023, {**SEER2_RATED, "seer2": 14.2}, REJECTED, False, id="fed-2023-14.2"),
        pytest.param(FED_2023, {**SEER2_RATED, "seer2": 14.3}, APPROVED, True, id="fed-2023-14.3"),
        pytest.param(FED_2023, {**SEER2_RATED, "seer2": 14.4}, APPROVED, True, id="fed-2023-14.4"),
        pytest.param(FED_2023, {**SEER2_RATED, "hspf2": 7.4}, REJECTED, False, id="fed-2023-7.4"),
        pytest.param(FED_2023, {**SEER2_RATED, "hspf2": 7.5}, CERT_ONLY, True, id="fed-2023-7.5"),
        pytest.param(FED_2023, {**SEER2_RATED, "hspf2": 7.6}, CERT_ONLY, True, id="fed-2023-7.6"),
    ],
)
def test_the_federal_minimum_in_force_on_the_install_date(day, ratings, status, federal):
    decision = job_on(day, **ratings)

    assert_check(decision, "hp.federal_minimum", federal, status)
    if not federal:
        assert check(decision, "hp.federal_minimum").effect == REJECTED


@pytest.mark.parametrize(
    ("day", "status"),
    [
        pytest.param(FED_2015 - DAY, CERT_ONLY, id="2014-12-31-federal-13-seer"),
        pytest.param(FED_2015, REJECTED, id="2015-01-01-federal-14-seer"),
    ],
)
def test_the_same_13_5_seer_unit_changes_status_on_1_january_2015(day, status):
    decision = job_on(day, seer=13.5)

    assert decision.status == status
    assert not check(decision, "hp.efficiency").passed


@pytest.mark.parametrize(
    ("day", "status"),
    [
        pytest.param(FED_2023 - DAY, APPROVED, id="2022-12-31-federal-14-seer"),
        pytest.param(FED_2023, REJECTED, id="2023-01-01-federal-15-seer"),
    ],
)
def test_a_14_5_seer_unit_meets_the_program_but_not_the_2023_federal_minimum(day, status):
    """From 2023 the federal 15 SEER is above the program's 14 SEER (003 L9982): a unit between
    them meets the program figure and is still rejected, as CC&S needs the federal minimum
    too (003 L9992-9993)."""
    decision = job_on(day, seer=14.5)

    assert decision.status == status
    assert check(decision, "hp.efficiency").passed


def test_the_check_says_which_minimum_applied_and_cites_its_edition():
    decision = job_on(datetime.date(2016, 5, 10), hspf=8.1)
    found = check(decision, "hp.federal_minimum")

    assert found.message == (
        "Installed 2016-05-10: the federal minimum in force was 14 SEER / 8.2 HSPF "
        "(DOE standard of 1 Jan 2015). 16 SEER / 8.1 HSPF is below it: not eligible, not even "
        "for commissioning, controls & sizing."
    )
    assert found.threshold == "≥ 14 SEER and ≥ 8.2 HSPF (DOE standard of 1 Jan 2015)"
    assert found.source.startswith(
        "DOE energy conservation standards for residential central heat pumps, "
        "10 CFR 430.32(c) (2015)"
    )
    assert found.values["federal_minimum_from"] == FED_2015


def test_a_seer2_rated_check_names_both_statements_of_the_2023_standard():
    found = check(run(ashp_job(install_date=FED_2023, **SEER2_RATED)), "hp.federal_minimum")

    assert found.message == (
        "Installed 2023-01-01: the federal minimum in force was 14.3 SEER2 / 7.5 HSPF2, i.e. "
        "15 SEER / 8.8 HSPF (DOE standard of 1 Jan 2023). 15.2 SEER2 / 8.1 HSPF2 meets it."
    )
    assert found.source.startswith("DOE energy conservation standards")
    assert "(2023)" in found.source


# --- Which pair of ratings is compared ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status", "compared"),
    [
        pytest.param(FED_2023 - DAY, APPROVED, {"seer": 16.0, "hspf": 9.5}, id="2022-seer-hspf"),
        pytest.param(FED_2023, REJECTED, {"seer2": 14.2, "hspf2": 8.1}, id="2023-seer2-hspf2"),
    ],
)
def test_with_both_pairs_the_metric_of_the_federal_standard_in_force_is_compared(
    day, status, compared
):
    # 16 SEER / 9.5 HSPF passes everything; 14.2 SEER2 is below the 2023 federal 14.3 SEER2.
    decision = job_on(day, seer=16.0, hspf=9.5, seer2=14.2, hspf2=8.1)

    assert decision.status == status
    assert check(decision, "hp.efficiency").values == compared


def test_a_seer2_only_unit_before_2023_goes_to_staff_for_the_federal_comparison():
    """The 2015 standard is stated in SEER/HSPF only; the registry does not convert ratings."""
    decision = job_on(datetime.date(2020, 6, 1), **SEER2_RATED)

    assert_check(decision, "hp.federal_minimum", False, PENDING)
    message = check(decision, "hp.federal_minimum").message
    assert "rated in SEER2/HSPF2 only: enter its SEER and HSPF ratings" in message
    assert check(decision, "hp.efficiency").passed  # 15.2 SEER2 / 8.1 HSPF2 ≥ 13.4 / 7.7


def test_missing_efficiency_ratings_go_to_review():
    decision = run(ashp_job(hspf=None))

    assert_check(decision, "hp.efficiency", False, PENDING)
    assert "SEER and HSPF, or SEER2 and HSPF2" in check(decision, "hp.efficiency").message
    assert "hp.federal_minimum" not in rules(decision)


def test_an_install_before_every_federal_minimum_goes_to_staff():
    checks = efficiency(ashp_job(), PTCS_2019, datetime.date(2005, 6, 1))
    federal = next(c for c in checks if c.rule == "hp.federal_minimum")

    assert not federal.passed
    assert federal.effect == PENDING
    assert "before the earliest federal minimum the registry holds" in federal.message
    assert engine.resolve_status(checks) == PENDING


def test_below_the_federal_minimum_the_rule_sets_effect_applies():
    lenient = replace(PTCS_2019, below_federal_minimum_effect=PENDING)

    decision = run(ashp_job(install_date=FED_2023, seer=14.5), ruleset=lenient)

    assert_check(decision, "hp.federal_minimum", False, PENDING)
