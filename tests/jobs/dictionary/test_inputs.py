"""jobs.dictionary.inputs.parse: a flat payload (form POST, API JSON, CSV row) → typed input with field
errors. Pure: no database; ``today`` is passed in, so date thresholds need no clock."""

import datetime

import pytest

from jobs.dictionary import inputs
from jobs.rules.types import MeasureType
from tests.jobs.factories import ashp_payload, duct_payload

TODAY = datetime.date(2025, 3, 1)


def parse(payload, *, completing=True, strict=False, today=TODAY):
    return inputs.parse(payload, completing=completing, today=today, strict=strict)


def test_complete_payload_parses_without_errors():
    parsed = parse(ashp_payload(tech_id="10001"))

    assert parsed.errors == {}
    assert parsed.measure_type == MeasureType.ASHP
    assert parsed.install_date == datetime.date(2024, 6, 3)
    assert parsed.electric_utility == "Benton REA"
    assert parsed.tech_id == 10001
    assert parsed.site == {
        "street_address": "1200 N Meade Ave",
        "street_address_2": "",
        "city": "Prosser",
        "state": "WA",
        "zip_code": "99350",
    }
    assert parsed.facts["hspf"] == 9.5


def test_engine_facts_carry_measure_type_and_install_date():
    facts = parse(ashp_payload()).engine_facts()

    assert facts["measure_type"] == MeasureType.ASHP
    assert facts["install_date"] == datetime.date(2024, 6, 3)
    assert facts["seer"] == 16.0


@pytest.mark.parametrize("measure_type", [None, "", "heat_pump", "ASHP"])
def test_unknown_measure_type_is_an_error_and_no_fields_are_parsed(measure_type):
    parsed = parse(ashp_payload(measure_type=measure_type, seer="lots"))

    assert parsed.measure_type is None
    assert parsed.errors["measure_type"][0] == (
        "Choose a measure type: Air source heat pump, Variable speed heat pump, Ground source "
        "heat pump, PTCS duct sealing or Prescriptive duct sealing."
    )
    assert parsed.facts == {}
    assert "seer" not in parsed.errors


def test_a_measure_type_may_be_named_by_its_label():
    assert parse(ashp_payload(measure_type="Air source heat pump")).measure_type == "ashp"


# --- Install date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("install_date", "error"),
    [
        ("2025-02-28", None),
        ("2025-03-01", None),  # today
        ("2025-03-02", "The install date cannot be in the future."),  # tomorrow
        ("1999-12-31", "The install date cannot be before 2000."),
        ("2000-01-01", None),  # the earliest date accepted
        ("03/01/2025", "Enter a date as YYYY-MM-DD."),
        ("2025-02-30", "Enter a date as YYYY-MM-DD."),
        ("", "Enter the install date."),
        (None, "Enter the install date."),
    ],
)
def test_install_date_limits(install_date, error):
    parsed = parse(ashp_payload(install_date=install_date))

    assert parsed.errors.get("install_date") == ([error] if error else None)
    if error:
        assert parsed.install_date is None


def test_install_date_is_required_for_save_progress_too():
    parsed = parse(ashp_payload(install_date=None), completing=False)

    assert parsed.errors["install_date"] == ["Enter the install date."]


# --- Site fields --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["street_address", "city", "state", "zip_code"])
@pytest.mark.parametrize("completing", [True, False])
def test_site_fields_are_required_even_to_save_progress(name, completing):
    parsed = parse(ashp_payload(**{name: None}), completing=completing)

    assert parsed.errors == {name: ["This field is required."]}


def test_street_address_2_is_optional():
    assert parse(ashp_payload(street_address_2=None)).errors == {}


def test_site_fields_are_stripped():
    parsed = parse(ashp_payload(city="  Prosser ", zip_code=" 99350-1234 "))

    assert parsed.site["city"] == "Prosser"
    assert parsed.site["zip_code"] == "99350-1234"  # the address parser trims ZIP+4


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("state", "Wash", "At most 2 characters."),
        ("zip_code", "99350-12345", "At most 10 characters."),
        ("street_address", "1" * 201, "At most 200 characters."),
        ("city", ["Prosser"], "Enter text."),
        ("state", True, "Enter text."),
    ],
)
def test_site_fields_have_limits(name, value, error):
    assert parse(ashp_payload(**{name: value})).errors[name] == [error]


def test_zip_code_may_arrive_as_a_number():
    assert parse(ashp_payload(zip_code=99350)).site["zip_code"] == "99350"


# --- Utility and technician ---------------------------------------------------------------


def test_completing_needs_an_electric_utility():
    parsed = parse(ashp_payload(electric_utility=""))

    assert parsed.errors == {"electric_utility": ["Choose the electric utility serving this site."]}


def test_save_progress_does_not_need_an_electric_utility():
    parsed = parse(ashp_payload(electric_utility=None), completing=False)

    assert parsed.errors == {}
    assert parsed.electric_utility is None


@pytest.mark.parametrize(("raw", "tech_id"), [("10001", 10001), (10001, 10001), ("", None)])
def test_tech_id_is_a_number_when_given(raw, tech_id):
    parsed = parse(ashp_payload(tech_id=raw))

    assert parsed.errors == {}
    assert parsed.tech_id == tech_id


def test_tech_id_that_is_not_a_number_is_an_error():
    assert parse(ashp_payload(tech_id="T-1001")).errors == {
        "tech_id": ["Enter a PTCS Technician ID (a number)."]
    }


# --- Unknown keys and completion -----------------------------------------------------------


def test_strict_parsing_refuses_unknown_keys():
    parsed = parse({**duct_payload(), "colour": "red", "seer": "16"}, strict=True)

    assert parsed.errors == {
        "colour": ["Unknown field for a duct_sealing_ptcs job."],
        "seer": ["Unknown field for a duct_sealing_ptcs job."],
    }


def test_strict_parsing_allows_the_envelope_keys():
    parsed = parse({**ashp_payload(tech_id="10001"), "action": "complete"}, strict=True)

    assert parsed.errors == {}


def test_lenient_parsing_ignores_unknown_keys():
    parsed = parse({**duct_payload(), "colour": "red", "seer": "16"})

    assert parsed.errors == {}
    assert "colour" not in parsed.facts
    assert "seer" not in parsed.facts


def test_completing_adds_the_missing_fields():
    parsed = parse(ashp_payload(seer=None, balance_point_f=None))

    assert set(parsed.errors) == {"seer", "balance_point_f"}


def test_save_progress_accepts_missing_fields():
    parsed = parse(ashp_payload(seer=None, balance_point_f=None), completing=False)

    assert parsed.errors == {}
    assert parsed.facts["seer"] is None


def test_a_value_of_the_wrong_type_reports_the_type_not_that_it_is_missing():
    parsed = parse(ashp_payload(seer="lots"))

    assert parsed.errors["seer"] == ["Enter a number."]


# --- The questions left before Complete ----------------------------------------------------


def test_save_progress_lists_the_questions_complete_still_needs_in_form_order():
    parsed = parse(
        ashp_payload(electric_utility=None, balance_point_f=None, seer=None), completing=False
    )

    assert parsed.errors == {}
    assert parsed.questions_left == ("electric_utility", "seer", "balance_point_f")


def test_the_questions_left_are_the_same_saving_progress_or_completing():
    payload = ashp_payload(electric_utility="", seer="lots", make=None)

    completing, saving = parse(payload), parse(payload, completing=False)

    assert completing.questions_left == saving.questions_left == tuple(completing.errors)
    assert saving.questions_left == ("electric_utility", "seer", "make")


def test_a_complete_payload_has_no_questions_left():
    assert parse(duct_payload(), completing=False).questions_left == ()


def test_the_install_date_is_a_question_left_until_it_is_usable():
    assert parse(ashp_payload(install_date=""), completing=False).questions_left == (
        "install_date",
    )
    assert parse(ashp_payload(install_date="2099-01-01"), completing=False).questions_left == (
        "install_date",
    )


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("install_date", "Install date"),
        ("electric_utility", "Electric utility"),
        ("post_cfm50", "Post-test duct blaster CFM"),
        ("hspf", "HSPF"),
        ("something_else", "Something else"),
    ],
)
def test_a_question_is_named_by_its_form_label(name, label):
    assert inputs.label(name) == label
