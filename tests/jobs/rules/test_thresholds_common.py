"""Status-engine thresholds every measure shares: one measure per family and home,
technician certification on the install date, address, rule set and Save Progress
(each threshold just below, at and just above).


Each case starts from a complete job that is BPA Approved (``tests/jobs/rules/builders.py``),
changes one field, and asserts the resulting status AND the check (by rule id) that the field
feeds. Case ids name the seed clause: ``004-L409`` = seed 004 line 409, ``003-L9982`` = seed
003 line 9982, ``000-L25`` = the status definitions of seed 000.
"""

import datetime

import pytest

from jobs.rules import SiteJobFact, Status
from jobs.rules.types import MeasureType
from tests.jobs.rules.builders import (
    APPROVED,
    INSTALL_2017_SET,
    PENDING,
    REJECTED,
    ashp_job,
    assert_check,
    certification,
    check,
    context_for,
    duct_job,
    failed_rules,
    gshp_job,
    passing_job,
    rules,
    run,
)

# --- One measure per family and home (003 L10013-10016, L10244-10245, L10369-10371) --------

ASHP_AT_SITE = SiteJobFact(measure_id=1000001, measure_type="ashp", status="bpa_approved")
GSHP_AT_SITE = SiteJobFact(measure_id=1000002, measure_type="gshp", status="bpa_pending")
DUCT_AT_SITE = SiteJobFact(
    measure_id=1000003, measure_type="duct_sealing_ptcs", status="bpa_approved"
)


@pytest.mark.parametrize(
    ("area", "separate", "others", "passed"),
    [
        pytest.param(4499, False, (ASHP_AT_SITE,), False, id="003-L10013-4499sqft"),
        pytest.param(4500, False, (ASHP_AT_SITE,), False, id="003-L10013-4500sqft-at"),
        pytest.param(4501, False, (ASHP_AT_SITE,), True, id="003-L10013-4501sqft-above"),
        pytest.param(2000, True, (ASHP_AT_SITE,), True, id="003-L10014-separate-duct-systems"),
        pytest.param(5000, False, (GSHP_AT_SITE,), True, id="003-L10013-ashp-after-gshp"),
        pytest.param(
            5000, True, (ASHP_AT_SITE, ASHP_AT_SITE), False, id="003-L10015-third-heat-pump"
        ),
        pytest.param(2000, False, (DUCT_AT_SITE,), True, id="000-L39-other-family-ignored"),
        pytest.param(
            2000,
            False,
            (SiteJobFact(1000004, "ashp", "rejected"),),
            True,
            id="000-L39-rejected-job-ignored",
        ),
    ],
)
def test_second_heat_pump_at_a_site_needs_the_two_measure_allowance(area, separate, others, passed):
    decision = run(
        ashp_job(heated_area_sqft=area, separate_duct_systems=separate),
        context_for("ashp", other_site_jobs=others),
    )

    assert_check(decision, "site.one_measure_per_family", passed, APPROVED if passed else PENDING)


@pytest.mark.parametrize(
    ("separate", "area", "passed"),
    [
        pytest.param(False, 5000, False, id="003-L10369-area-does-not-help-ducts"),
        pytest.param(True, 2000, True, id="003-L10369-two-independent-duct-systems"),
    ],
)
def test_second_duct_sealing_job_needs_two_duct_systems(separate, area, passed):
    # A second system serves part of the home: its limits need the area it serves (004 L524).
    served = {"duct_system_area_sqft": 1200} if separate else {}
    decision = run(
        duct_job(heated_area_sqft=area, separate_duct_systems=separate, **served),
        context_for("duct_sealing_ptcs", other_site_jobs=(DUCT_AT_SITE,)),
    )

    assert_check(decision, "site.one_measure_per_family", passed, APPROVED if passed else PENDING)


@pytest.mark.parametrize(
    ("area", "separate"),
    [
        pytest.param(2000, False, id="003-L10244-second-gshp"),
        pytest.param(6000, True, id="003-L10244-second-gshp-large-home-two-systems"),
    ],
)
def test_second_ground_source_heat_pump_is_never_allowed(area, separate):
    decision = run(
        gshp_job(heated_area_sqft=area, separate_duct_systems=separate),
        context_for("gshp", other_site_jobs=(GSHP_AT_SITE,)),
    )

    assert not check(decision, "site.one_measure_per_family").passed
    assert decision.status == PENDING


def test_ground_source_after_an_air_source_heat_pump_uses_the_allowance():
    decision = run(
        gshp_job(heated_area_sqft=6000), context_for("gshp", other_site_jobs=(ASHP_AT_SITE,))
    )

    assert check(decision, "site.one_measure_per_family").passed


# --- Certification on the install date (spec §2; 003 L10000-10002; 004 L446) ---------------

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("certifications", "passed"),
    [
        pytest.param((), False, id="003-L10000-not-held"),
        pytest.param(
            (certification("ptcs_duct_sealing"),), False, id="003-L10000-other-certification"
        ),
        pytest.param(
            (certification("ptcs_heat_pump", start=INSTALL_2017_SET + DAY),),
            False,
            id="003-L10000-effective-day-after-install",
        ),
        pytest.param(
            (certification("ptcs_heat_pump", start=INSTALL_2017_SET),),
            True,
            id="003-L10000-effective-on-install-date",
        ),
        pytest.param(
            (certification("ptcs_heat_pump", end=INSTALL_2017_SET - DAY),),
            False,
            id="003-L10000-ended-day-before-install",
        ),
        pytest.param(
            (certification("ptcs_heat_pump", end=INSTALL_2017_SET),),
            True,
            id="003-L10000-ended-on-install-date",
        ),
        pytest.param(
            (certification("ptcs_heat_pump", end=INSTALL_2017_SET + DAY),),
            True,
            id="003-L10000-active-on-install-date",
        ),
    ],
)
def test_technician_certification_must_be_active_on_the_install_date(certifications, passed):
    decision = run(ashp_job(), context_for("ashp", certifications=certifications))

    found = check(decision, "technician.certified_on_install_date")
    assert found.passed is passed
    assert found.blocking
    assert decision.can_complete is passed
    assert decision.blocking == (() if passed else (found,))
    assert decision.status == (APPROVED if passed else REJECTED)


@pytest.mark.parametrize(
    ("measure", "needed"),
    [
        pytest.param("ashp", "ptcs_heat_pump", id="003-L10000-ashp"),
        pytest.param("vshp", "ptcs_heat_pump", id="003-L10000-vshp"),
        pytest.param("gshp", "ground_source", id="003-L10232-gshp-ptcs-and-igshpa"),
        pytest.param("duct_sealing_ptcs", "ptcs_duct_sealing", id="003-L10343-ptcs-duct"),
        pytest.param(
            "duct_sealing_prescriptive", "prescriptive_duct_sealing", id="003-L10355-prescriptive"
        ),
    ],
)
def test_each_measure_needs_its_own_certification(measure, needed):
    facts = passing_job(measure)
    others = tuple(
        certification(c)
        for c in (
            "ptcs_heat_pump",
            "ground_source",
            "ptcs_duct_sealing",
            "prescriptive_duct_sealing",
        )
        if c != needed
    )

    without = run(facts, context_for(measure, certifications=others))
    with_it = run(facts, context_for(measure, certifications=(certification(needed),)))

    assert not check(without, "technician.certified_on_install_date").passed
    assert not without.can_complete
    assert check(with_it, "technician.certified_on_install_date").passed
    assert with_it.can_complete
    assert with_it.status == (PENDING if measure == MeasureType.GSHP else APPROVED)


# --- Address, rule set, Save Progress ------------------------------------------------------


def test_unverified_address_goes_to_review():
    decision = run(duct_job(), context_for("duct_sealing_ptcs", address_verified=False))

    assert_check(decision, "site.address_verified", False, PENDING)


@pytest.mark.parametrize(
    ("install_date", "covered"),
    [
        pytest.param(datetime.date(2010, 1, 1), False, id="0-2010-no-rule-set"),
        pytest.param(datetime.date(2015, 3, 31), False, id="0-day-before-2015-04-01"),
        pytest.param(datetime.date(2015, 4, 1), True, id="0-2015-04-01-first-day"),
    ],
)
def test_install_date_no_rule_set_covers_goes_to_review(install_date, covered):
    decision = run(ashp_job(install_date=install_date))

    if covered:
        assert "ruleset.in_force" not in rules(decision)
        assert decision.ruleset == "ptcs-2017"
        assert decision.status == APPROVED
    else:
        assert_check(decision, "ruleset.in_force", False, PENDING)
        assert decision.ruleset == "ptcs-2019-10"  # thresholds shown: the latest set


def test_missing_install_date_goes_to_review_and_blocks_completion():
    decision = run(ashp_job(install_date=None))

    assert "ruleset.in_force" in failed_rules(decision)
    assert not decision.can_complete


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(ashp_job(balance_point_f=40), id="000-L28-failing-heat-pump"),
        pytest.param(duct_job(pre_cfm50=100), id="000-L28-duct-pre-low"),
        pytest.param(gshp_job(), id="000-L28-gshp"),
        pytest.param(ashp_job(), id="000-L28-passing-heat-pump"),
    ],
)
def test_save_progress_is_in_progress_but_keeps_every_check(facts):
    saved = run(facts, in_progress=True)
    completed = run(facts)

    assert saved.status == Status.IN_PROGRESS
    assert saved.checks == completed.checks
    assert saved.checks
