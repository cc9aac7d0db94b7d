"""jobs.dictionary.fields, the data dictionary (spec §4): typing raw values, and what Complete needs.
Pure: no database."""

import datetime

import pytest

from jobs.dictionary import fields as dd
from jobs.rules.types import MeasureType
from tests.jobs.factories import ashp_payload, duct_payload, gshp_payload

SPEC = dd.FIELDS_BY_NAME


def clean(name, raw):
    return dd.clean_value(SPEC[name], raw)


# --- clean_value, kind by kind ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("Y", True),
        ("true", True),
        ("On", True),
        ("1", True),
        (1, True),
        ("no", False),
        ("N", False),
        ("FALSE", False),
        ("off", False),
        ("0", False),
        (0, False),
    ],
)
def test_bool_accepts_the_usual_spellings(raw, value):
    assert clean("variable_speed", raw) == (value, None)


@pytest.mark.parametrize("raw", ["maybe", "2", 2, "si"])
def test_bool_refuses_anything_else(raw):
    assert clean("variable_speed", raw) == (None, "Answer yes or no.")


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_is_no_value_and_no_error(raw):
    for name in ("variable_speed", "seer", "supply_count", "test_mode", "make", "aux_heat_lockout"):
        assert clean(name, raw) == (None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("99.99", (None, "Enter a value of at least 100.")),  # just below the minimum
        ("100", (100.0, None)),  # at the minimum
        ("100.01", (100.01, None)),
        ("19999.99", (19999.99, None)),
        ("20000", (20000.0, None)),  # at the maximum
        ("20000.01", (None, "Enter a value of at most 20000.")),  # just above
    ],
)
def test_decimal_limits_heated_area(raw, expected):
    assert clean("heated_area_sqft", raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.0009", (None, "Enter a value of at least 0.001.")),
        ("0.001", (0.001, None)),
        ("0.0011", (0.0011, None)),
    ],
)
def test_decimal_limits_nsop_small_minimum(raw, expected):
    assert clean("nsop", raw) == expected


@pytest.mark.parametrize(
    ("raw", "value"), [(" 9.5 ", 9.5), ("9", 9.0), (9, 9.0), (9.25, 9.25), ("1e1", 10.0)]
)
def test_decimal_is_a_float(raw, value):
    result, error = clean("hspf", raw)
    assert error is None
    assert result == value
    assert isinstance(result, float)


@pytest.mark.parametrize("raw", ["nine", "9,5", "NaN", "Infinity", "-inf", True, False])
def test_decimal_refuses_what_is_not_a_finite_number(raw):
    assert clean("hspf", raw) == (None, "Enter a number.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", (None, "Enter a value of at least 1.")),
        ("1", (1, None)),
        ("3", (3, None)),
        ("2.0", (2, None)),
        ("4", (None, "Enter a value of at most 3.")),
    ],
)
def test_int_limits_manufactured_sections(raw, expected):
    assert clean("manufactured_sections", raw) == expected


@pytest.mark.parametrize("raw", ["1.5", 1.5, "2.01"])
def test_int_refuses_fractions(raw):
    assert clean("supply_count", raw) == (None, "Enter a whole number.")


def test_int_is_an_int():
    value, error = clean("supply_count", "8")
    assert (value, error) == (8, None)
    assert type(value) is int


@pytest.mark.parametrize(("raw", "value"), [("heating", "heating"), (" cooling ", "cooling")])
def test_choice_accepts_its_values(raw, value):
    assert clean("test_mode", raw) == (value, None)


def test_choice_accepts_a_number_for_a_numeric_choice():
    assert clean("plate_size", 20) == ("20", None)


@pytest.mark.parametrize("raw", ["warm", "Heating", "heat", "14"])
def test_choice_refuses_unknown_values_and_lists_the_choices_by_label(raw):
    assert clean("test_mode", raw) == (
        None,
        "Choose one of: “Heating (≤ 65 °F)”, “Cooling (> 65 °F)”.",
    )


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("test_mode", "Cooling (> 65 °F)", "cooling"),
        ("low_ambient_lockout", "yes (5 °f or less)", "yes_5f_or_less"),
        ("pre_ring", "Ring 2", "2"),
        ("tests_in_test_mode", "N/A", "na"),
    ],
)
def test_choice_accepts_the_label_the_message_names(name, raw, value):
    """A person who writes what the form or the message reads is understood; programs send
    codes."""
    assert clean(name, raw) == (value, None)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("35f", "35f"),
        ("35F", "35f"),
        ("below_35f", "below_35f"),
        ("30", "30"),
        ("30F", "30"),
        ("30 °F", "30"),
        ("30°F", "30"),
        (30, "30"),
        ("32.5", "32.5"),
        ("-40", "-40"),
        ("80", "80"),
        ("Below 35 °F", "below_35f"),
    ],
)
def test_lockout_accepts_a_choice_or_a_temperature(raw, value):
    assert clean("aux_heat_lockout", raw) == (value, None)


@pytest.mark.parametrize("raw", ["warm", "35C?", "thirty"])
def test_lockout_refuses_words(raw):
    assert clean("aux_heat_lockout", raw) == (
        None,
        "Choose “35 °F” or “Below 35 °F”, or enter the temperature in °F.",
    )


@pytest.mark.parametrize("raw", ["-41", "81", "nan"])
def test_lockout_refuses_temperatures_outside_minus_40_to_80(raw):
    assert clean("aux_heat_lockout", raw) == (
        None,
        "Enter a lockout temperature between -40 and 80 °F.",
    )


def test_text_is_stripped_and_limited_to_its_length():
    limit = SPEC["ahri_number"].max_length

    assert clean("ahri_number", "  2012345  ") == ("2012345", None)
    assert clean("ahri_number", "9" * limit) == ("9" * limit, None)
    assert clean("ahri_number", "9" * (limit + 1)) == (None, f"At most {limit} characters.")
    assert clean("ahri_number", 201234567) == ("201234567", None)


def test_date_kind_parses_iso_dates_only():
    spec = dd.FieldSpec("d", "D", "date", "site", frozenset())

    assert dd.clean_value(spec, "2024-06-03") == (datetime.date(2024, 6, 3), None)
    assert dd.clean_value(spec, datetime.date(2024, 6, 3)) == (datetime.date(2024, 6, 3), None)
    assert dd.clean_value(spec, "06/03/2024") == (None, "Enter a date as YYYY-MM-DD.")


# --- clean_facts ------------------------------------------------------------------------


def test_clean_facts_types_every_field_of_the_measure():
    facts, errors = dd.clean_facts("ashp", ashp_payload())

    assert errors == {}
    assert facts["seer"] == 16.0
    assert facts["variable_speed"] is False
    assert facts["plate_size"] == "20"
    assert facts["aux_heat_lockout"] == "35f"
    assert facts["ahri_number"] == "201234567"


def test_clean_facts_keeps_only_the_measures_fields():
    facts, errors = dd.clean_facts("duct_sealing_ptcs", {**duct_payload(), "seer": "16"})

    assert errors == {}
    assert "seer" not in facts
    assert "measure_type" not in facts
    assert set(facts) == {f.name for f in dd.fields_for("duct_sealing_ptcs")}


def test_clean_facts_collects_one_error_per_bad_field():
    facts, errors = dd.clean_facts("ashp", ashp_payload(seer="lots", test_mode="warm"))

    assert set(errors) == {"seer", "test_mode"}
    assert errors["seer"] == ["Enter a number."]


def test_clean_facts_fills_defaults_only_for_missing_keys():
    missing = {
        k: v for k, v in duct_payload().items() if k not in ("house_pressure_pa", "condition")
    }

    facts, _ = dd.clean_facts("duct_sealing_ptcs", missing)
    assert facts["house_pressure_pa"] == 50
    assert facts["condition"] == "none"

    blanked, _ = dd.clean_facts("duct_sealing_ptcs", {**missing, "house_pressure_pa": ""})
    assert blanked["house_pressure_pa"] is None


# --- completion_errors, measure by measure ---------------------------------------------------


def facts_of(payload):
    facts, errors = dd.clean_facts(payload["measure_type"], payload)
    assert errors == {}
    return facts


def missing(payload, **changes):
    facts = {**facts_of(payload), **changes}
    return set(dd.completion_errors(payload["measure_type"], facts))


@pytest.mark.parametrize(
    "payload",
    [
        ashp_payload(),
        ashp_payload(measure_type="vshp", variable_speed="yes"),
        gshp_payload(),
        duct_payload(),
        duct_payload(measure_type="duct_sealing_prescriptive", pre_cfm50=None, post_cfm50=None),
    ],
    ids=["ashp", "vshp", "gshp", "duct_ptcs", "duct_prescriptive"],
)
def test_complete_payloads_have_nothing_missing(payload):
    assert missing(payload) == set()


def test_completion_error_message():
    errors = dd.completion_errors("ashp", {**facts_of(ashp_payload()), "make": None})

    assert errors == {"make": ["This field is required to complete the job."]}


# A heat pump is rated in SEER/HSPF, or in SEER2/HSPF2 under DOE's 2023 test procedure; the
# program's 9.0 HSPF / 14 SEER (seed 003 L9981-9984) needs both ratings of one pair.
PAIR_MESSAGE = (
    "Enter both ratings of one pair to complete the job: SEER and HSPF, or SEER2 and HSPF2."
)
NO_RATINGS = {"seer": None, "hspf": None, "seer2": None, "hspf2": None}


@pytest.mark.parametrize(
    ("ratings", "named"),
    [
        pytest.param({"seer": 16, "hspf": 9.5}, set(), id="seer-hspf"),
        pytest.param({"seer2": 15.2, "hspf2": 8.1}, set(), id="seer2-hspf2"),
        pytest.param({"seer": 16, "hspf": 9.5, "seer2": 15.2}, set(), id="one-pair-is-enough"),
        pytest.param({"seer": 16}, {"hspf"}, id="seer-without-hspf"),
        pytest.param({"hspf2": 8.1}, {"seer2"}, id="hspf2-without-seer2"),
        pytest.param({"seer": 16, "hspf2": 8.1}, {"hspf", "seer2"}, id="one-of-each"),
        pytest.param({}, {"seer", "hspf"}, id="none-asks-for-seer-and-hspf"),
    ],
)
@pytest.mark.parametrize(
    "payload",
    [ashp_payload(), ashp_payload(measure_type="vshp", variable_speed="yes"), gshp_payload()],
    ids=["ashp", "vshp", "gshp"],
)
def test_a_heat_pump_needs_one_complete_pair_of_ratings(payload, ratings, named):
    facts = {**facts_of(payload), **NO_RATINGS, **ratings}

    errors = dd.completion_errors(payload["measure_type"], facts)

    assert errors == {name: [PAIR_MESSAGE] for name in named}


def test_no_rating_is_required_on_its_own():
    assert not any(SPEC[name].required for name in NO_RATINGS)
    assert all(SPEC[name].measures == SPEC["seer"].measures for name in NO_RATINGS)


HEATING_READINGS = {"supply_air_f", "return_air_f", "expected_temp_split"}
COOLING_READINGS = {"discharge_temp_f", "liquid_line_temp_f", "target_subcooling"}
ALT_READINGS = {"alt_target", "alt_result", "alt_meets_spec"}
NONE_OF = dict.fromkeys(HEATING_READINGS | COOLING_READINGS | ALT_READINGS)


@pytest.mark.parametrize("measure", ["ashp", "vshp"])
def test_heating_mode_needs_the_temperature_split_readings(measure):
    assert missing(ashp_payload(measure_type=measure), test_mode="heating", **NONE_OF) == (
        HEATING_READINGS
    )


@pytest.mark.parametrize("measure", ["ashp", "vshp"])
def test_cooling_mode_needs_the_subcooling_readings(measure):
    assert missing(ashp_payload(measure_type=measure), test_mode="cooling", **NONE_OF) == (
        COOLING_READINGS
    )


def test_alternative_method_needs_its_own_readings_instead():
    assert missing(ashp_payload(), alt_method="Manufacturer's chart", **NONE_OF) == ALT_READINGS


def test_alternative_method_answered_no_is_an_answer():
    filled = {"alt_target": "10", "alt_result": "14", "alt_meets_spec": False}
    assert missing(ashp_payload(), alt_method="Chart", **{**NONE_OF, **filled}) == set()


def test_gshp_needs_no_charge_or_airflow_readings():
    facts = facts_of(gshp_payload())

    assert "test_mode" not in facts
    assert missing(gshp_payload(), seer=None, make=None) == {"seer", "make"}


@pytest.mark.parametrize("measure", ["ashp", "gshp", "duct_sealing_ptcs"])
def test_manufactured_home_needs_its_sections(measure):
    payload = {"ashp": ashp_payload, "gshp": gshp_payload}.get(measure, duct_payload)()

    assert missing(payload, home_type="manufactured", manufactured_sections=None) == {
        "manufactured_sections"
    }
    assert missing(payload, home_type="manufactured", manufactured_sections=2) == set()


def test_duct_pre_test_is_required_for_existing_ducts():
    assert missing(duct_payload(), pre_cfm50=None) == {"pre_cfm50"}


@pytest.mark.parametrize(
    "changes",
    [{"condition": "record_only_no_sealing"}, {"duct_type": "new"}],
    ids=["record_only_no_sealing", "new_ducts"],
)
def test_duct_pre_test_is_not_required_without_sealing_or_for_new_ducts(changes):
    assert missing(duct_payload(), pre_cfm50=None, **changes) == set()


def test_duct_post_test_is_always_required():
    assert missing(duct_payload(), condition="record_only_no_sealing", post_cfm50=None) == {
        "post_cfm50"
    }


def test_ring_and_fan_pressure_stand_in_for_an_entered_cfm():
    readings = {"pre_ring": "1", "pre_fan_pressure_pa": 78.0, "pre_cfm50": None}

    assert missing(duct_payload(), **readings) == set()
    assert missing(duct_payload(), **{**readings, "pre_fan_pressure_pa": None}) == {"pre_cfm50"}


@pytest.mark.parametrize(
    ("combustion", "co_detector", "expected"),
    [
        (False, None, set()),
        (True, None, {"co_detector"}),
        (True, False, set()),  # answered "no": the engine rejects, completion does not block
        (True, True, set()),
        (None, None, {"combustion_appliance"}),
    ],
)
def test_co_detector_is_required_only_with_a_combustion_appliance(
    combustion, co_detector, expected
):
    assert (
        missing(duct_payload(), combustion_appliance=combustion, co_detector=co_detector)
        == expected
    )


@pytest.mark.parametrize("measure", ["duct_sealing_ptcs", "duct_sealing_prescriptive"])
def test_duct_jobs_need_the_yes_no_answers(measure):
    payload = duct_payload(measure_type=measure)

    assert missing(payload, ducts_30pct_unconditioned=None, meets_specification=None) == {
        "ducts_30pct_unconditioned",
        "meets_specification",
    }


def test_prescriptive_duct_sealing_needs_no_leakage_readings():
    payload = duct_payload(measure_type="duct_sealing_prescriptive")

    assert missing(payload, pre_cfm50=None, post_cfm50=None) == set()


def test_every_measure_has_fields_and_every_field_a_known_group():
    for measure in MeasureType:
        assert dd.fields_for(measure)
    assert {f.group for f in dd.FIELDS} <= set(dd.GROUP_LABELS)


def test_unknown_fields_names_keys_outside_the_measure_and_the_allowed_extras():
    data = {"seer": 16, "colour": "red", "action": "complete", "pre_cfm50": 400}

    assert dd.unknown_fields("duct_sealing_ptcs", data, {"action"}) == ["colour", "seer"]
