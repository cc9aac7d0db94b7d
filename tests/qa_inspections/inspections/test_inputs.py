"""qa_inspections.inspections.inputs and qa_inspections.inspections.items: pure checks of what
an inspector types and the specification items per measure, without a database."""

import datetime

import pytest

from qa_inspections.inspections import items
from qa_inspections.inspections.inputs import (
    clean_date,
    clean_items,
    clean_measured,
    failure_summary,
)
from tests.citations import assert_readable


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0", 0.0), ("5000", 5000.0), (" 310 ", 310.0), ("", None)],
)
def test_post_cfm50_range_edges(raw, expected):
    errors = {}
    cleaned = clean_measured("duct_sealing_ptcs", {"post_cfm50": raw}, errors)
    assert errors == {}
    assert cleaned.get("post_cfm50") == expected


def test_items_of_another_measure_are_refused():
    errors = {}
    clean_items("duct_sealing_prescriptive", {"duct.post_test": {"passed": "fail"}}, errors)
    assert "items" in errors  # the post-test is PTCS duct sealing only (004 C.1–C.3)


def test_failure_summary_lists_failed_items_values_and_notes():
    text = failure_summary(
        measure_type="duct_sealing_ptcs",
        marked=[("duct.1", True, ""), ("duct.7", False, "Cloth tape on the boots.")],
        measured={"post_cfm50": 310.0},
        computed={"post_cfm50_used": 100.0, "post_allowed_cfm50": 150.0},
        notes="Homeowner present.",
    )
    assert "Sealing and materials" in text
    assert "(PTCS Duct Sealing Specification (2015), §7)" in text  # 004 L490-502
    assert_readable(text, "the failure summary")
    assert "Cloth tape on the boots." in text
    assert "At least 30 %" not in text
    assert "Post-test duct leakage: 310 CFM50 (reported 100; allowed at most 150)" in text
    assert text.endswith("Inspector's notes:\nHomeowner present.")


def test_the_inspection_date_may_be_today_but_not_tomorrow():
    today = datetime.date(2025, 3, 12)
    errors = {}
    assert clean_date("2025-03-12", errors, today) == today
    assert errors == {}
    clean_date("2025-03-13", errors, today)
    assert "inspected_on" in errors


def test_a_static_pressure_takes_the_jobs_units_unless_given():
    errors = {}
    assert clean_measured("ashp", {"external_static": "200"}, errors, "pa") == {
        "external_static": 200.0,
        "static_units": "pa",
    }
    clean_measured("ashp", {"external_static": "1", "static_units": "psi"}, errors)
    assert "static_units" in errors


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("duct_sealing_ptcs", {*(f"duct.{n}" for n in range(1, 10)), "duct.post_test"}),
        ("duct_sealing_prescriptive", {f"duct.{n}" for n in range(1, 10)}),
        ("ashp", {"ashp.1", "ashp.sizing_doc", "ashp.2", "ashp.3", "ashp.4", "ashp.5"}),
        ("vshp", {"ashp.1", "ashp.sizing_doc", "ashp.2", "ashp.3", "ashp.4", "ashp.5"}),
        (
            "gshp",
            {"gshp.sizing_doc", "gshp.install", "gshp.static", "gshp.airflow", "gshp.controls"},
        ),
        ("plumbing", set()),
    ],
)
def test_items_per_measure(measure, expected):
    assert {item.code for item in items.items_for(measure)} == expected


def test_every_item_cites_a_seed_and_fits_its_column():
    for item in items.ITEMS:
        assert item.source.startswith(("003 L", "004 L")), item.code
        assert len(item.code) <= 30  # InspectionItem.code
    assert len(items.ITEMS_BY_CODE) == len(items.ITEMS)
    # 003 L10104-10105, L10308-10309: lacking sizing documentation fails QA.
    assert {i.code for i in items.ITEMS if i.fails_inspection} == {
        "ashp.sizing_doc",
        "gshp.sizing_doc",
    }
