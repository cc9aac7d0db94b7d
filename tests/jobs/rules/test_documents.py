"""The program documents checks are cited from: a person reads title, edition and section."""

import datetime

import pytest

from jobs.rules import documents
from jobs.rules.documents import DOCUMENTS, ProgramDocument, cite, cite_all, document
from tests.citations import assert_readable


def test_a_citation_is_title_edition_and_section():
    assert cite("ashp_spec", "§3") == (
        "PTCS Air Source Heat Pump Installation Specification (2017), §3"
    )
    assert cite("im", "§10.8.2.1") == "BPA Implementation Manual (2016–2017), §10.8.2.1"
    assert cite("duct_spec", "C.1.2", "C.2.2") == (
        "PTCS Duct Sealing Specification (2015), C.1.2, C.2.2"
    )


def test_the_registrys_own_pages_have_no_edition():
    assert cite("registry_help", "FAQ") == "PTCS Online Site Registry help, FAQ"


def test_several_citations_of_one_check_read_as_a_list():
    assert cite_all(cite("im", "§10.8.2.3"), cite("duct_form")) == (
        "BPA Implementation Manual (2016–2017), §10.8.2.3; PTCS Duct Sealing Form (2015)"
    )


@pytest.mark.parametrize(
    ("day", "edition"),
    [
        # The federal heat pump standards changed on Jan 1, 2015 (seed 003 L913-915) and on
        # Jan 1, 2023: the edition in force is the latest that took effect on or before the day.
        (datetime.date(2014, 12, 31), "2006"),
        (datetime.date(2015, 1, 1), "2015"),
        (datetime.date(2022, 12, 31), "2015"),
        (datetime.date(2023, 1, 1), "2023"),
        (None, "2023"),
    ],
)
def test_the_edition_in_force_on_a_day(day, edition):
    assert document("doe_heat_pumps", day).edition == edition


def test_a_day_before_every_edition_names_the_newest():
    assert document("doe_heat_pumps", datetime.date(1990, 1, 1)).edition == "2023"


def test_a_new_edition_is_one_row(monkeypatch):
    newer = ProgramDocument(
        "ashp_spec",
        "PTCS Air Source Heat Pump Installation Specification",
        "2025",
        datetime.date(2025, 4, 1),
    )
    monkeypatch.setattr(documents, "DOCUMENTS", (*DOCUMENTS, newer))

    assert cite("ashp_spec", "§3", on=datetime.date(2025, 4, 1)).endswith("(2025), §3")
    assert cite("ashp_spec", "§3", on=datetime.date(2025, 3, 31)).endswith("(2017), §3")


def test_an_unknown_document_is_an_error_not_a_wrong_title():
    with pytest.raises(KeyError):
        cite("ashp_specification", "§3")


@pytest.mark.parametrize("row", DOCUMENTS, ids=lambda d: f"{d.key}-{d.edition}")
def test_every_document_reads_without_internal_citations(row):
    assert_readable(f"{row.title} {row.edition}", row.key)
