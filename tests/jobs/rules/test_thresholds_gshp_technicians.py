"""Ground source heat pumps installed by several technicians: "a technician or technicians
certified in PTCS ... and IGSHPA. Multiple technicians may be employed to meet these
certification requirements, but they must have been present during the installation"
(seed 003 L10232-10242). The installing technician and the technicians the job names as
present must together hold both qualifications on the install date, and the check says who
held what."""

import datetime

import pytest

from jobs.rules import Context, Status, evaluate
from jobs.rules.types import TechnicianFact
from tests.jobs.rules.builders import ashp_job, certification, check, gshp_job

RULE = "technician.certified_on_install_date"
INSTALL = datetime.date(2024, 5, 1)
DAY = datetime.timedelta(days=1)
TINA = TechnicianFact(10001, "Tina Tech")


def decide(installer_certs, present=(), install_date=INSTALL):
    context = Context(
        certifications=tuple(installer_certs),
        technician=TINA,
        present_technicians=tuple(present),
        heating_zone=2,
    )
    return evaluate(gshp_job(install_date=install_date), context)


def loop_driller(*certs, technician_id=10002):
    return TechnicianFact(technician_id, "Larry Loop", tuple(certs))


def test_one_technician_with_the_ground_source_certification_holds_both():
    decision = decide([certification("ground_source")])

    found = check(decision, RULE)
    assert found.passed
    assert "PTCS heat pump: Tina Tech (Technician ID 10001)" in found.message
    assert "IGSHPA: Tina Tech (Technician ID 10001)" in found.message
    assert decision.status == Status.BPA_PENDING  # ground source: always reviewed (000 L29)


def test_a_ptcs_heat_pump_technician_alone_cannot_complete_a_ground_source_job():
    decision = decide([certification("ptcs_heat_pump")])

    found = check(decision, RULE)
    assert (found.passed, found.blocking) == (False, True)
    assert "IGSHPA: no one present" in found.message
    assert not decision.can_complete


@pytest.mark.parametrize(
    ("installer", "other"),
    [
        ("ptcs_heat_pump", "igshpa"),
        ("igshpa", "ptcs_heat_pump"),
        ("ptcs_heat_pump", "ground_source"),
    ],
)
def test_two_technicians_present_together_hold_both(installer, other):
    decision = decide([certification(installer)], [loop_driller(certification(other))])

    found = check(decision, RULE)
    assert found.passed, found.message
    assert "Larry Loop (Technician ID 10002)" in found.message
    assert decision.can_complete


def test_the_check_says_who_held_what():
    decision = decide([certification("ptcs_heat_pump")], [loop_driller(certification("igshpa"))])

    found = check(decision, RULE)
    assert found.message == (
        "On the install date 2024-05-01 the technicians present held PTCS heat pump: Tina Tech "
        "(Technician ID 10001); IGSHPA: Larry Loop (Technician ID 10002)."
    )
    assert found.values["held_ptcs_heat_pump"] == "Tina Tech (Technician ID 10001)"
    assert found.values["held_igshpa"] == "Larry Loop (Technician ID 10002)"
    assert found.values["technicians_present"] == "10002"


@pytest.mark.parametrize(
    ("install_date", "passed"),
    [(INSTALL - DAY, False), (INSTALL, True), (INSTALL + DAY, True)],
    ids=["day-before-accredited", "day-accredited", "day-after"],
)
def test_the_other_technicians_qualification_counts_from_its_first_day(install_date, passed):
    other = loop_driller(certification("igshpa", start=INSTALL))

    decision = decide([certification("ptcs_heat_pump")], [other], install_date=install_date)

    assert check(decision, RULE).passed is passed


@pytest.mark.parametrize(
    ("install_date", "passed"),
    [(INSTALL - DAY, True), (INSTALL, True), (INSTALL + DAY, False)],
    ids=["day-before-lapse", "last-active-day", "day-after-lapse"],
)
def test_the_other_technicians_qualification_counts_to_its_last_day(install_date, passed):
    other = loop_driller(certification("igshpa", start=datetime.date(2020, 1, 1), end=INSTALL))

    decision = decide([certification("ptcs_heat_pump")], [other], install_date=install_date)

    assert check(decision, RULE).passed is passed


def test_two_igshpa_technicians_still_lack_ptcs():
    decision = decide([certification("igshpa")], [loop_driller(certification("igshpa"))])

    found = check(decision, RULE)
    assert not found.passed
    assert "PTCS heat pump: no one present" in found.message


def test_a_technician_id_the_registry_does_not_have_is_named():
    unknown = TechnicianFact(99999, known=False)

    decision = decide([certification("ptcs_heat_pump")], [unknown])

    found = check(decision, RULE)
    assert not found.passed
    assert "Not in the registry: Technician ID 99999." in found.message


def test_other_measures_need_the_installing_technicians_own_certification():
    """Only ground source jobs may rely on another technician's certification."""
    context = Context(
        certifications=(certification("igshpa"),),
        present_technicians=(loop_driller(certification("ptcs_heat_pump")),),
    )

    assert not check(evaluate(ashp_job(), context), RULE).passed
