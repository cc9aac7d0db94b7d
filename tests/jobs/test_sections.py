"""The measure form's sections (jobs.sections): every computed value and every check the engine
emits shows in a section of the measures that have it, beside the fields that feed it."""

import pytest

from jobs import display, sections
from jobs.dictionary import fields as dd
from jobs.rules import answers
from jobs.rules.types import MeasureType


def test_every_check_the_engine_emits_has_a_section():
    assert set(answers.READS) <= set(sections.CHECK_SECTIONS)


def test_every_computed_value_has_a_section():
    assert {spec.key for spec in display.COMPUTED} <= set(sections.COMPUTED_SECTIONS)


@pytest.mark.parametrize("measure", list(MeasureType))
def test_sections_are_the_site_then_the_data_dictionary_groups_in_order(measure):
    keys = [s.key for s in sections.sections_for(measure)]
    groups = list(dict.fromkeys(spec.group for spec in dd.fields_for(measure)))
    assert keys == ["site", *groups]
    labels = [s.label for s in sections.sections_for(measure)]
    assert labels == ["Site", *(dd.GROUP_LABELS[g] for g in groups)]


@pytest.mark.parametrize("measure", list(MeasureType))
def test_a_computed_value_shows_in_a_section_that_has_fields_of_its_measure(measure):
    keys = {s.key for s in sections.sections_for(measure)}
    for spec in display.COMPUTED:
        if measure in spec.measures:
            assert sections.section_of_computed(measure, spec.key) in keys - {"site"}


def test_the_airflow_section_holds_the_airflow_values_and_checks():
    split = sections.by_section(
        "ashp",
        computed=display.computed_rows("ashp", {"cfm_per_ton": 387.2}, {}),
        checks=[
            {"rule": "hp.airflow_per_ton", "result": "pass"},
            {"rule": "hp.charge_subcooling", "result": "fail"},
            {"rule": "ruleset.in_force", "result": "pass"},
        ],
        questions_left=["raw_flow_cfm", "hspf", "zip_code"],
        errors={"nsop": ["Enter a number."]},
    )
    by_key = {s.key: s for s in split}
    airflow = by_key["airflow"]
    assert [r["key"] for r in airflow.computed] == [
        "external_static",
        "correction_factor",
        "corrected_flow_cfm",
        "cfm_per_ton",
    ]
    assert airflow.computed[-1]["value"] == "387 CFM/ton"
    assert [c["rule"] for c in airflow.checks] == ["hp.airflow_per_ton"]
    assert airflow.left == ["Raw flow CFM from tables [D]"]
    assert airflow.errors == [("NSOP [A]", ["Enter a number."])]
    assert [c["rule"] for c in by_key["charge"].checks] == ["hp.charge_subcooling"]
    assert by_key["charge"].failed == 1
    assert [r["key"] for r in by_key["charge"].computed] == ["temp_split", "subcooling"]
    assert by_key["equipment"].left == ["HSPF"]
    assert by_key["site"].left == ["ZIP code"]
    assert [c["rule"] for c in by_key["site"].checks] == ["ruleset.in_force"]


def test_the_leakage_section_of_a_ptcs_duct_job_holds_the_leakage_values():
    split = {
        s.key: s
        for s in sections.by_section(
            "duct_sealing_ptcs", computed=display.computed_rows("duct_sealing_ptcs", {}, {})
        )
    }
    assert {r["key"] for r in split["leakage"].computed} == {
        "pre_cfm50_from_ring",
        "pre_cfm50_used",
        "post_cfm50_from_ring",
        "post_cfm50_used",
        "pre_required_cfm50",
        "post_allowed_cfm50",
        "reduction",
    }
    assert all(not s.computed for k, s in split.items() if k != "leakage")
