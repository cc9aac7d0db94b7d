"""How values read on screen (jobs.display): labels for codes, Yes/No, and computed values
rounded as the paper form rounds them while the stored value keeps its precision."""

from __future__ import annotations

import pytest

from jobs import display


def test_a_check_value_is_rounded_like_its_computed_display():
    rows = display.check_rows(
        [
            {
                "rule": "hp.airflow_per_ton",
                "passed": False,
                "message": "Airflow 246 CFM/ton is outside 325–500.",
                "values": {"cfm_per_ton": 245.9549, "corrected_flow_cfm": 737.8647},
            }
        ]
    )

    assert (
        rows[0]["values_text"]
        == "Airflow per ton = 246 CFM/ton; Corrected flow [C] × [D] = 738 CFM"
    )


@pytest.mark.parametrize(
    ("name", "value", "values", "text"),
    [
        ("external_static", 0.5049, {"static_units": "in_wc"}, "0.5 in. w.c."),
        ("external_static", 120.4, {"static_units": "pa"}, "120 Pa"),
        ("static_units", "in_wc", {}, "Inches H2O"),
        ("low_ambient_lockout", "yes_5f_or_less", {}, "Yes (5 °F or less)"),
        ("aux_heat_lockout", "30", {}, "30 °F"),
        ("aux_heat_lockout", "below_35f", {}, "Below 35 °F"),
        (
            "certification",
            "ptcs_heat_pump",
            {},
            "PTCS Heat Pump (commissioning, controls & sizing)",
        ),
        ("measure_type", "vshp", {}, "Variable speed heat pump"),
        ("reduction", 0.7531, {}, "75.3 %"),
        ("allowed", 149.99, {}, "150 CFM50"),
        ("pre_ok", False, {}, "No"),
        ("condition", "none", {}, "Neither"),
    ],
)
def test_check_values_read_as_the_job_page_shows_them(name, value, values, text):
    assert display.check_value_text(name, value, values) == text


def test_check_value_labels_name_fields_and_the_checks_own_values():
    assert display.check_value_label("low_ambient_lockout") == (
        "Compressor low ambient lockout (LAL) at 5 °F or less?"
    )
    assert display.check_value_label("certification") == "Certification needed"
    assert display.check_value_label("held_igshpa") == "IGSHPA held by"


def test_entered_answers_read_by_their_labels():
    groups = dict(
        display.entered_groups(
            "ashp", {"existing_heating_system": "electric_fa_no_ac", "variable_speed": True}
        )
    )

    assert (
        "Existing heating system (new home: system installed)",
        "Electric forced air w/out AC",
    ) in groups["Home"]
    assert ("Variable speed compressor", "Yes") in groups["New heat pump equipment"]


def test_computed_rows_round_and_keep_the_unit():
    rows = {
        row["key"]: row["value"]
        for row in display.computed_rows("ashp", {"cfm_per_ton": 245.9549}, {})
    }

    assert rows["cfm_per_ton"] == "246 CFM/ton"
    assert rows["temp_split"] == display.NO_VALUE
