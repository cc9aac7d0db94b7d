"""Computed values of the data dictionary (spec §4; seed 004 forms L222-238, L368)."""

import decimal
import math

import pytest

from jobs.rules import calc
from jobs.rules.ruleset import PTCS_2015_2017
from jobs.rules.types import RingCalibrationFact, Status
from tests.jobs.rules.builders import RING_1_EXAMPLE, check, context_for, duct_job, rules, run

RS = PTCS_2015_2017


# --- num: total on anything a form or an API can hand over ----------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(12.5, 12.5, id="float"),
        pytest.param(12, 12.0, id="int"),
        pytest.param("12.5", 12.5, id="numeric-string"),
        pytest.param(decimal.Decimal("0.35"), 0.35, id="decimal-from-a-form"),
        pytest.param(None, None, id="none"),
        pytest.param("", None, id="empty-string"),
        pytest.param("abc", None, id="not-a-number"),
        pytest.param(True, None, id="bool-is-not-a-reading"),
        pytest.param(float("nan"), None, id="nan"),
        pytest.param(float("inf"), None, id="inf"),
        pytest.param(10**400, None, id="int-too-large-for-float"),
        pytest.param([1], None, id="list"),
    ],
)
def test_num_reads_a_number_or_gives_none(value, expected):
    assert calc.num({"x": value}, "x") == expected


def test_num_of_a_missing_field_is_none():
    assert calc.num({}, "x") is None


# --- External static pressure: |return| + |supply| (004 L228) -------------------------------


@pytest.mark.parametrize(
    ("return_static", "supply_static", "esp"),
    [
        pytest.param(-0.35, 0.45, 0.8, id="004-L228-0.35+0.45-is-exactly-0.8"),
        pytest.param(0.35, 0.45, 0.8, id="004-L228-positive-return"),
        pytest.param(0.35, -0.45, 0.8, id="004-L228-negative-supply"),
        pytest.param(-0.1, 0.2, 0.3, id="004-L228-0.1+0.2-is-exactly-0.3"),
        pytest.param(-120, 80, 200, id="004-L228-pascals"),
        pytest.param(0, 0, 0, id="zero"),
    ],
)
def test_external_static_adds_absolute_values(return_static, supply_static, esp):
    assert calc.external_static(return_static, supply_static) == esp


@pytest.mark.parametrize(("return_static", "supply_static"), [(None, 0.4), (-0.4, None)])
def test_external_static_needs_both_readings(return_static, supply_static):
    assert calc.external_static(return_static, supply_static) is None


# --- TrueFlow: correction factor, corrected flow, CFM/ton (004 L235-238, L413) ---------------


@pytest.mark.parametrize(
    ("nsop", "tfsop", "factor"),
    [
        pytest.param(0.25, 0.16, 1.25, id="004-L236-sqrt-0.25/0.16"),
        pytest.param(0.2, 0.2, 1.0, id="004-L236-equal-pressures"),
        pytest.param(0.16, 0.25, 0.8, id="004-L236-below-one"),
        pytest.param(64, 100, 0.8, id="004-L236-pascals"),
    ],
)
def test_correction_factor_is_sqrt_nsop_over_tfsop(nsop, tfsop, factor):
    assert calc.correction_factor(nsop, tfsop) == pytest.approx(factor)
    assert calc.correction_factor(nsop, tfsop) == pytest.approx(math.sqrt(nsop / tfsop))


@pytest.mark.parametrize(("nsop", "tfsop"), [(None, 0.2), (0.2, None), (0.2, 0)])
def test_correction_factor_is_none_without_usable_pressures(nsop, tfsop):
    assert calc.correction_factor(nsop, tfsop) is None


def test_corrected_flow_is_factor_times_raw_flow():
    assert calc.corrected_flow(1.25, 800) == 1000
    assert calc.corrected_flow(None, 800) is None
    assert calc.corrected_flow(1.25, None) is None


@pytest.mark.parametrize(
    ("flow", "tons", "per_ton"),
    [
        pytest.param(1200, 3, 400, id="004-L413-1200cfm-3-tons"),
        pytest.param(975, 3, 325, id="004-L413-325-per-ton"),
        pytest.param(1250, 2.5, 500, id="004-L413-500-per-ton"),
        pytest.param(1200, 0, None, id="zero-tons"),
        pytest.param(1200, None, None, id="no-tons"),
        pytest.param(None, 3, None, id="no-flow"),
    ],
)
def test_cfm_per_ton(flow, tons, per_ton):
    assert calc.per_ton(flow, tons) == per_ton


def test_compute_chains_the_trueflow_values():
    computed = calc.compute(
        {"nsop": 0.25, "tfsop": 0.16, "raw_flow_cfm": 960, "outdoor_capacity_tons": 3}, RS
    )

    assert computed["correction_factor"] == pytest.approx(1.25)
    assert computed["corrected_flow_cfm"] == pytest.approx(1200)
    assert computed["cfm_per_ton"] == pytest.approx(400)


# --- Temperature split and subcooling (004 L251-254) ----------------------------------------


@pytest.mark.parametrize(
    ("facts", "name", "value"),
    [
        pytest.param({"supply_air_f": 95, "return_air_f": 70}, "temp_split", 25, id="split-25"),
        pytest.param(
            {"supply_air_f": 95.3, "return_air_f": 70.1}, "temp_split", 25.2, id="split-25.2-exact"
        ),
        pytest.param(
            {"discharge_temp_f": 110, "liquid_line_temp_f": 100}, "subcooling", 10, id="sub-10"
        ),
        pytest.param(
            {"discharge_temp_f": 110, "liquid_line_temp_f": 103.1},
            "subcooling",
            6.9,
            id="sub-6.9-exact",
        ),
        pytest.param({"supply_air_f": 95}, "temp_split", None, id="split-missing-return"),
        pytest.param({"liquid_line_temp_f": 100}, "subcooling", None, id="sub-missing-discharge"),
    ],
)
def test_temperature_split_and_subcooling(facts, name, value):
    assert calc.compute(facts, RS)[name] == value


# --- Duct blaster ring and fan pressure (004 L368; domain-rules §10) ------------------------


def test_ring_1_at_78_pa_gives_the_forms_364_cfm():
    flow, problem = calc.ring_flow((RING_1_EXAMPLE,), "energy_conservatory", "1", 78.0)

    assert problem is None
    assert round(flow) == 364
    assert flow == pytest.approx(364.0)


@pytest.mark.parametrize(
    ("ring", "pressure", "message"),
    [
        pytest.param("1", 20.0, "below ring 1's range; use a smaller ring", id="below-range"),
        pytest.param("1", 1600.0, "above ring 1's range; use a larger ring", id="above-range"),
        pytest.param("1", 0.0, "fan pressure must be above 0 Pa", id="zero-pressure"),
        pytest.param("2", 78.0, "no calibration for ring 2; enter the CFM reading", id="unknown"),
    ],
)
def test_ring_flow_explains_why_it_cannot_compute(ring, pressure, message):
    flow, problem = calc.ring_flow((RING_1_EXAMPLE,), "energy_conservatory", ring, pressure)

    assert flow is None
    assert message in problem


@pytest.mark.parametrize("pressure", [25.0, 1500.0], ids=["range-min", "range-max"])
def test_ring_flow_at_the_ends_of_the_range(pressure):
    flow, problem = calc.ring_flow((RING_1_EXAMPLE,), None, "1", pressure)

    assert problem is None
    assert flow == pytest.approx(RING_1_EXAMPLE.c * math.sqrt(pressure))


@pytest.mark.parametrize(("ring", "pressure"), [(None, 78.0), ("1", None), ("", 78.0)])
def test_ring_flow_is_silent_without_a_ring_or_pressure(ring, pressure):
    assert calc.ring_flow((RING_1_EXAMPLE,), None, ring, pressure) == (None, None)


def test_ring_flow_prefers_the_calibration_of_the_equipment_used():
    retrotec = RingCalibrationFact(equipment="retrotec", ring="1", c=10.0, n=0.5)
    calibrations = (retrotec, RING_1_EXAMPLE)

    tec, _ = calc.ring_flow(calibrations, "energy_conservatory", "1", 78.0)
    rt, _ = calc.ring_flow(calibrations, "retrotec", "1", 100.0)

    assert round(tec) == 364
    assert rt == pytest.approx(100.0)


def test_ring_flow_never_borrows_another_makes_calibration():
    flow, problem = calc.ring_flow((RING_1_EXAMPLE,), "retrotec", "1", 78.0)

    assert flow is None
    assert "no calibration for ring 1" in problem


def test_ring_flow_without_equipment_uses_the_ring_calibration():
    flow, problem = calc.ring_flow((RING_1_EXAMPLE,), None, "1", 78.0)

    assert round(flow) == 364
    assert problem is None


def test_compute_uses_the_ring_when_no_cfm_is_entered():
    computed = calc.compute(
        {"pre_ring": "1", "pre_fan_pressure_pa": 78, "test_equipment": "energy_conservatory"},
        RS,
        (RING_1_EXAMPLE,),
    )

    assert round(computed["pre_cfm50_from_ring"]) == 364
    assert computed["pre_cfm50_used"] == computed["pre_cfm50_from_ring"]
    assert computed["pre_ring_problem"] is None


def test_compute_keeps_an_entered_cfm_as_entered():
    computed = calc.compute(
        {"pre_ring": "1", "pre_fan_pressure_pa": 78, "pre_cfm50": 370}, RS, (RING_1_EXAMPLE,)
    )

    assert computed["pre_cfm50_used"] == 370
    assert round(computed["pre_cfm50_from_ring"]) == 364


@pytest.mark.parametrize(
    ("entered", "passed"),
    [
        pytest.param(327.0, False, id="L368-10.2pct-under-ring"),
        pytest.param(328.0, True, id="L368-9.9pct-under-ring"),
        pytest.param(364.0, True, id="L368-equal"),
        pytest.param(400.0, True, id="L368-9.9pct-over-ring"),
        pytest.param(401.0, False, id="L368-10.2pct-over-ring"),
    ],
)
def test_entered_cfm_more_than_10pct_off_the_ring_value_is_reviewed(entered, passed):
    decision = run(
        duct_job(pre_ring="1", pre_fan_pressure_pa=78.0, pre_cfm50=entered),
        context_for("duct_sealing_ptcs", ring_calibrations=(RING_1_EXAMPLE,)),
    )

    assert decision.computed["pre_cfm50_used"] == entered
    found = check(decision, "duct.pre_reading")
    assert found.passed is passed
    assert decision.status == (Status.BPA_APPROVED if passed else Status.BPA_PENDING)


@pytest.mark.parametrize(
    ("phase", "pressure", "message"),
    [
        pytest.param("pre", 20.0, "below ring 1's range", id="pre-below-range"),
        pytest.param("post", 1600.0, "above ring 1's range", id="post-above-range"),
    ],
)
def test_uncomputable_ring_reading_without_entered_cfm_is_reviewed(phase, pressure, message):
    facts = duct_job(**{f"{phase}_ring": "1", f"{phase}_fan_pressure_pa": pressure})
    facts[f"{phase}_cfm50"] = None
    decision = run(facts, context_for("duct_sealing_ptcs", ring_calibrations=(RING_1_EXAMPLE,)))

    found = check(decision, f"duct.{phase}_reading")
    assert not found.passed
    assert message in found.message
    assert decision.status == Status.BPA_PENDING


def test_unknown_ring_without_entered_cfm_is_reviewed():
    decision = run(duct_job(post_ring="open", post_fan_pressure_pa=50.0, post_cfm50=None))

    found = check(decision, "duct.post_reading")
    assert not found.passed
    assert "no calibration for ring open" in found.message
    assert decision.status == Status.BPA_PENDING


def test_entered_cfm_without_ring_adds_no_reading_check():
    decision = run(duct_job())

    assert not {"duct.pre_reading", "duct.post_reading"} & rules(decision)


# --- Duct thresholds per basis (004 B.2.2, B.3.2, C.1.2, C.2.2, C.3.2) -----------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            {"home_type": "existing_site_built", "heated_area_sqft": 1500},
            {
                "pre_required_cfm50": 225.0,
                "post_allowed_cfm50": 150.0,
                "basis": "site_built_existing_ducts",
            },
            id="004-L461-L524-1500sqft",
        ),
        pytest.param(
            {"home_type": "existing_site_built", "heated_area_sqft": 1666},
            {
                "pre_required_cfm50": 249.9,
                "post_allowed_cfm50": 166.6,
                "basis": "site_built_existing_ducts",
            },
            id="004-L461-1666sqft-15pct",
        ),
        pytest.param(
            {"home_type": "existing_site_built", "heated_area_sqft": 1667},
            {
                "pre_required_cfm50": 250.0,
                "post_allowed_cfm50": 166.7,
                "basis": "site_built_existing_ducts",
            },
            id="004-L461-1667sqft-250",
        ),
        pytest.param(
            {"home_type": "existing_site_built", "heated_area_sqft": 700, "duct_type": "new"},
            {"pre_required_cfm50": None, "post_allowed_cfm50": 75.0, "basis": "new_ducts"},
            id="004-L519-new-700sqft-75",
        ),
        pytest.param(
            {"home_type": "existing_site_built", "heated_area_sqft": 800, "duct_type": "new"},
            {"pre_required_cfm50": None, "post_allowed_cfm50": 80.0, "basis": "new_ducts"},
            id="004-L519-new-800sqft-80",
        ),
        pytest.param(
            {
                "home_type": "manufactured",
                "manufactured_sections": 2,
                "heated_area_sqft": 900,
                "duct_type": "new",
            },
            {"pre_required_cfm50": None, "post_allowed_cfm50": 90.0, "basis": "new_ducts"},
            id="9.13-new-ducts-in-manufactured-home",
        ),
        pytest.param(
            {"home_type": "manufactured", "manufactured_sections": 1},
            {
                "pre_required_cfm50": 100.0,
                "post_allowed_cfm50": 50.0,
                "basis": "manufactured_1_section",
            },
            id="004-L465-L529-single-wide",
        ),
        pytest.param(
            {"home_type": "manufactured", "manufactured_sections": "2"},
            {
                "pre_required_cfm50": 150.0,
                "post_allowed_cfm50": 80.0,
                "basis": "manufactured_2_section",
            },
            id="004-L465-L529-double-wide",
        ),
        pytest.param(
            {"home_type": "manufactured", "manufactured_sections": 3.0},
            {
                "pre_required_cfm50": 225.0,
                "post_allowed_cfm50": 110.0,
                "basis": "manufactured_3_section",
            },
            id="004-L465-L529-triple-wide",
        ),
    ],
)
def test_duct_thresholds_for_each_basis(facts, expected):
    thresholds = calc.duct_thresholds(facts, RS)

    assert thresholds.keys() == expected.keys()
    for key, value in expected.items():
        assert thresholds[key] == (pytest.approx(value) if isinstance(value, float) else value)


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param({"home_type": "existing_site_built"}, id="site-built-no-area"),
        pytest.param({"duct_type": "new"}, id="new-ducts-no-area"),
        pytest.param({"home_type": "manufactured"}, id="manufactured-no-sections"),
        pytest.param({"home_type": "manufactured", "manufactured_sections": 4}, id="four-sections"),
        pytest.param(
            {"home_type": "manufactured", "manufactured_sections": 1.5}, id="1.5-sections"
        ),
    ],
)
def test_duct_thresholds_are_empty_without_what_they_need(facts):
    assert calc.duct_thresholds(facts, RS) == {}


@pytest.mark.parametrize(
    ("pre", "post", "expected"),
    [
        pytest.param(400, 100, 0.75, id="75pct"),
        pytest.param(1000, 500, 0.5, id="50pct-exact"),
        pytest.param(1000, 501, 0.499, id="49.9pct-unrounded"),
        pytest.param(200, 250, -0.25, id="leakier-after"),
        pytest.param(0, 0, None, id="pre-zero"),
        pytest.param(None, 100, None, id="no-pre"),
        pytest.param(400, None, None, id="no-post"),
    ],
)
def test_reduction_is_pre_minus_post_over_pre(pre, post, expected):
    result = calc.reduction(pre, post)

    assert result == (expected if expected is None else pytest.approx(expected))
