"""Where the seeds are silent the registry chooses, names the choice as a rule-set value with
its rationale (jobs.rules.registry_choices), and a check whose outcome rests on it says so
(``Check.rests_on``), so the reviewer is told:

- the subcooling tolerance: "meets the manufacturer's requirement" with no band (seed 004
  L418; domain-rules §9.9);
- which earlier jobs count as a home's first measure, and for how long: the seeds allow one
  measure per home (003 L10013-10016, L10369-10371) and say a second is reviewed (000 L39-40),
  nothing more;
- whether a certification must also be active on the day of entry: work "performed by a
  technician ... certified" (003 L10000-10002) vs technicians "listed as active in the online
  registry" (004 L446).
"""

import datetime
from dataclasses import replace

import pytest

from jobs.rules import Context, SiteJobFact, Status, evaluate
from jobs.rules.ruleset import PTCS_2019
from tests.jobs.rules.builders import ashp_job, certification, check, context_for

DAY = datetime.timedelta(days=1)
INSTALL = datetime.date(2024, 5, 1)
CERT_RULE = "technician.certified_on_install_date"
HOME_RULE = "site.one_measure_per_family"


# --- Subcooling tolerance (± 3 °F by default) ----------------------------------------------


def cooling(subcooling: float, target: float = 10.0):
    return ashp_job(
        install_date=INSTALL,
        outdoor_temp_f=80.0,
        test_mode="cooling",
        discharge_temp_f=100.0 + subcooling,
        liquid_line_temp_f=100.0,
        target_subcooling=target,
    )


@pytest.mark.parametrize(
    ("subcooling", "passed", "rests_on"),
    [
        (10.0, True, ()),  # on target: no tolerance needed
        (12.9, True, ("subcooling_tolerance_f",)),
        (13.0, True, ("subcooling_tolerance_f",)),  # at the tolerance
        (13.1, False, ("subcooling_tolerance_f",)),  # just beyond: staff review
    ],
)
def test_an_off_target_subcooling_rests_on_the_registrys_tolerance(subcooling, passed, rests_on):
    found = check(evaluate(cooling(subcooling), context_for("ashp")), "hp.charge_subcooling")

    assert (found.passed, found.rests_on) == (passed, rests_on)


def test_staff_may_change_the_tolerance():
    strict = replace(PTCS_2019, subcooling_tolerance_f=1.0)

    found = check(evaluate(cooling(12.0), context_for("ashp"), strict), "hp.charge_subcooling")

    assert not found.passed
    assert found.effect == Status.BPA_PENDING


# --- Which earlier jobs count as the home's first measure ----------------------------------


def second_heat_pump(*earlier, ruleset=PTCS_2019):
    context = context_for("ashp", other_site_jobs=tuple(earlier))
    return check(evaluate(ashp_job(install_date=INSTALL), context, ruleset), HOME_RULE)


def earlier(status="bpa_approved", installed=datetime.date(2010, 6, 1)):
    return SiteJobFact(1000001, "ashp", status, installed)


def test_by_default_an_old_job_counts_however_old_and_the_review_says_so():
    found = second_heat_pump(earlier(installed=datetime.date(2001, 1, 1)))

    assert not found.passed
    assert found.rests_on == ("one_per_home_window_years",)


@pytest.mark.parametrize("status", ["record_only", "bpa_pending"])
def test_an_earlier_record_only_or_pending_job_counts_and_the_review_names_that_choice(status):
    found = second_heat_pump(earlier(status))

    assert not found.passed
    assert found.rests_on == ("one_per_home_counted_statuses", "one_per_home_window_years")


def test_staff_may_leave_record_only_jobs_out_of_the_count():
    approved_only = replace(
        PTCS_2019,
        one_per_home_counted_statuses=(Status.BPA_APPROVED, Status.PTCS_CERTIFIED_ONLY),
    )

    assert second_heat_pump(earlier("record_only"), ruleset=approved_only).passed
    assert not second_heat_pump(earlier("bpa_approved"), ruleset=approved_only).passed


@pytest.mark.parametrize(
    ("installed", "passed"),
    [
        (INSTALL - datetime.timedelta(days=round(5 * 365.25)) - DAY, True),  # just outside
        (INSTALL - datetime.timedelta(days=round(5 * 365.25)), False),  # on the edge: counts
        (INSTALL - datetime.timedelta(days=round(5 * 365.25)) + DAY, False),  # inside
    ],
    ids=["a-day-older-than-the-window", "at-the-window", "a-day-inside"],
)
def test_a_time_window_lets_an_old_job_fall_out_of_the_count(installed, passed):
    five_years = replace(PTCS_2019, one_per_home_window_years=5.0)

    assert second_heat_pump(earlier(installed=installed), ruleset=five_years).passed is passed


def test_a_rejected_job_never_counts():
    assert second_heat_pump(earlier("rejected")).passed


# --- Certification on the install date only, or on the day of entry too -----------------------


def entered(entry_date, ruleset=PTCS_2019, lapsed=INSTALL + 10 * DAY):
    context = Context(
        certifications=(certification("ptcs_heat_pump", end=lapsed),), entry_date=entry_date
    )
    return check(evaluate(ashp_job(install_date=INSTALL), context, ruleset), CERT_RULE)


@pytest.mark.parametrize(
    ("entry_date", "rests_on"),
    [
        (INSTALL + 9 * DAY, ()),  # still active on the day of entry
        (INSTALL + 10 * DAY, ()),  # its last day
        (INSTALL + 11 * DAY, ("certification_also_on_entry_date",)),  # lapsed since the work
    ],
)
def test_by_default_only_the_install_date_counts_and_a_lapse_since_is_named(entry_date, rests_on):
    found = entered(entry_date)

    assert found.passed
    assert found.rests_on == rests_on


@pytest.mark.parametrize(
    ("entry_date", "passed"),
    [(INSTALL + 9 * DAY, True), (INSTALL + 10 * DAY, True), (INSTALL + 11 * DAY, False)],
)
def test_staff_may_require_the_certification_on_the_day_of_entry_too(entry_date, passed):
    on_entry_too = replace(PTCS_2019, certification_also_on_entry_date=True)

    found = entered(entry_date, on_entry_too)

    assert found.passed is passed
    if not passed:
        assert "not on the day of entry" in found.message
        assert found.rests_on == ("certification_also_on_entry_date",)
