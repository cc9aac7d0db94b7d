"""The measure type choice asks the certification check early (jobs.rules.offers): a measure
the installing technician was not certified for on the install date is shown disabled with
the reason; a ground source heat pump is offered to a technician who holds part of its
qualifications, with what else the job needs (003 L10232-10242). Pure: no database."""

import datetime
from dataclasses import replace

import pytest

from jobs.rules import Context, MeasureType
from jobs.rules.offers import measure_offers
from jobs.rules.ruleset import PTCS_2019
from jobs.rules.types import CertificationFact
from tests.jobs.rules.builders import certification

INSTALL = datetime.date(2024, 5, 1)
TODAY = datetime.date(2024, 6, 3)
DAY = datetime.timedelta(days=1)


def offers(*certs, rs=PTCS_2019, install_date=INSTALL):
    context = Context(certifications=tuple(certs), entry_date=TODAY)
    return {offer.measure: offer for offer in measure_offers(install_date, context, rs)}


def test_every_measure_type_is_offered_in_order():
    assert [o.measure for o in measure_offers(INSTALL, Context(), PTCS_2019)] == list(MeasureType)


def test_a_heat_pump_technician_is_offered_heat_pumps_and_not_duct_sealing():
    found = offers(certification("ptcs_heat_pump"))

    assert found[MeasureType.ASHP].available
    assert not found[MeasureType.ASHP].note
    assert found[MeasureType.VSHP].available
    duct = found[MeasureType.DUCT_SEALING_PTCS]
    assert not duct.available
    assert duct.note == "Not certified for PTCS Duct Sealing on 2024-05-01 — apply to add it."
    assert not found[MeasureType.DUCT_SEALING_PRESCRIPTIVE].available


def test_a_certification_not_yet_effective_on_the_install_date_is_not_offered():
    found = offers(certification("ptcs_duct_sealing", start=INSTALL + DAY))

    duct = found[MeasureType.DUCT_SEALING_PTCS]
    assert not duct.available
    assert "was not active then" in duct.note


@pytest.mark.parametrize(("end", "available"), [(INSTALL - DAY, False), (INSTALL, True)])
def test_an_expired_certification_counts_up_to_its_last_day(end, available):
    expired = CertificationFact(
        "ptcs_duct_sealing", ((datetime.date(2020, 1, 1), end),), current_status="expired"
    )

    duct = offers(expired)[MeasureType.DUCT_SEALING_PTCS]

    assert duct.available is available
    if not available:
        assert "It has expired — apply to renew it." in duct.note


def test_a_rule_set_that_asks_for_the_day_of_entry_too_says_so():
    until_install = certification("ptcs_heat_pump", end=INSTALL)
    rs = replace(PTCS_2019, certification_also_on_entry_date=True)

    ashp = offers(until_install, rs=rs)[MeasureType.ASHP]

    assert not ashp.available
    assert "but not today" in ashp.note


def test_ground_source_is_offered_with_the_ground_source_certification():
    gshp = offers(certification("ground_source"))[MeasureType.GSHP]

    assert (gshp.available, gshp.note) == (True, "")


@pytest.mark.parametrize(
    ("held", "missing"), [("ptcs_heat_pump", "IGSHPA"), ("igshpa", "PTCS heat pump")]
)
def test_ground_source_is_offered_with_part_of_its_qualifications_saying_what_else(held, missing):
    gshp = offers(certification(held))[MeasureType.GSHP]

    assert gshp.available
    assert gshp.missing == (missing,)
    assert gshp.note.startswith(f"Also needs {missing} on 2024-05-01: name the technician present")


def test_ground_source_is_not_offered_with_none_of_its_qualifications():
    gshp = offers(certification("ptcs_duct_sealing"))[MeasureType.GSHP]

    assert not gshp.available
    assert (
        gshp.note == "Not certified for PTCS heat pump or IGSHPA on 2024-05-01 — apply to add them."
    )
