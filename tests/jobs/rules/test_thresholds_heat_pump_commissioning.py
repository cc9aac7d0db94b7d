"""Status-engine thresholds of heat pump commissioning: external static pressure,
airflow, refrigerant charge and controls (each threshold just below, at and just above).


Each case starts from a complete job that is BPA Approved (``tests/jobs/rules/builders.py``),
changes one field, and asserts the resulting status AND the check (by rule id) that the field
feeds. Case ids name the seed clause: ``004-L409`` = seed 004 line 409, ``003-L9982`` = seed
003 line 9982, ``000-L25`` = the status definitions of seed 000.
"""

import pytest

from tests.jobs.rules.builders import (
    APPROVED,
    PENDING,
    REJECTED,
    ashp_job,
    assert_check,
    check,
    rules,
    run,
)

# --- External static pressure 0.8 in. w.c. / 200 Pa (004 L409; form L228) ------------------


@pytest.mark.parametrize(
    ("units", "return_static", "supply_static", "passed"),
    [
        pytest.param("in_wc", -0.35, 0.44, True, id="004-L409-0.79inwc"),
        pytest.param("in_wc", -0.35, 0.45, True, id="004-L409-0.8inwc-at"),
        pytest.param("in_wc", 0.35, 0.45, True, id="004-L228-signs-ignored-0.8inwc"),
        pytest.param("in_wc", -0.35, 0.46, False, id="004-L409-0.81inwc-above"),
        pytest.param("in_wc", -0.35, -0.46, False, id="004-L228-both-negative-0.81inwc"),
        pytest.param("pa", -100, 99, True, id="004-L409-199Pa"),
        pytest.param("pa", -100, 100, True, id="004-L409-200Pa-at"),
        pytest.param("pa", -100, 101, False, id="004-L409-201Pa-above"),
        # Compared in the entered unit (domain-rules §9.6): never converted.
        pytest.param("pa", -0.5, 0.5, True, id="9.6-1Pa-in-pascals-passes"),
        pytest.param("in_wc", -75, 75, False, id="9.6-150-in-inches-fails"),
    ],
)
def test_external_static_pressure_limit_in_the_entered_unit(
    units, return_static, supply_static, passed
):
    decision = run(
        ashp_job(static_units=units, return_static=return_static, supply_static=supply_static)
    )

    assert_check(decision, "hp.external_static_pressure", passed, APPROVED if passed else REJECTED)


@pytest.mark.parametrize(
    "override",
    [
        pytest.param({"static_units": None}, id="004-L228-no-units"),
        pytest.param({"static_units": "psi"}, id="004-L228-unknown-units"),
        pytest.param({"supply_static": None}, id="004-L228-no-supply-reading"),
    ],
)
def test_static_pressure_without_readings_or_units_goes_to_review(override):
    decision = run(ashp_job(**override))

    assert_check(decision, "hp.external_static_pressure", False, PENDING)


# --- Airflow 325–500 CFM per ton (004 L413) -------------------------------------------------


@pytest.mark.parametrize(
    ("cfm_per_ton", "passed"),
    [
        pytest.param(324.9, False, id="004-L413-324.9"),
        pytest.param(325.0, True, id="004-L413-325-at-min"),
        pytest.param(325.1, True, id="004-L413-325.1"),
        pytest.param(499.9, True, id="004-L413-499.9"),
        pytest.param(500.0, True, id="004-L413-500-at-max"),
        pytest.param(500.1, False, id="004-L413-500.1"),
    ],
)
def test_airflow_outside_325_to_500_cfm_per_ton_goes_to_review(cfm_per_ton, passed):
    # Correction factor 1 and 2 tons: raw flow = 2 × CFM/ton.
    decision = run(ashp_job(outdoor_capacity_tons=2.0, raw_flow_cfm=cfm_per_ton * 2))

    assert decision.computed["cfm_per_ton"] == pytest.approx(cfm_per_ton)
    assert_check(decision, "hp.airflow_per_ton", passed, APPROVED if passed else PENDING)


def test_airflow_without_capacity_goes_to_review():
    assert_check(run(ashp_job(outdoor_capacity_tons=None)), "hp.airflow_per_ton", False, PENDING)


# --- Refrigerant charge: 65 °F mode switch, split, subcooling (004 L415-420, form L246) ----


@pytest.mark.parametrize(
    ("outdoor", "mode", "mode_ok", "charge_rule"),
    [
        pytest.param(64.9, "heating", True, "hp.charge_temperature_split", id="004-L417-64.9F"),
        pytest.param(65.0, "heating", True, "hp.charge_temperature_split", id="004-L417-65F-at"),
        pytest.param(65.1, "heating", False, "hp.charge_subcooling", id="004-L418-65.1F-heat"),
        pytest.param(65.1, "cooling", True, "hp.charge_subcooling", id="004-L418-65.1F-cool"),
        pytest.param(65.0, "cooling", False, "hp.charge_temperature_split", id="004-L417-65F-cool"),
    ],
)
def test_charge_test_mode_follows_the_65F_switch(outdoor, mode, mode_ok, charge_rule):
    decision = run(ashp_job(outdoor_temp_f=outdoor, test_mode=mode))

    assert_check(decision, "hp.charge_test_mode", mode_ok, APPROVED if mode_ok else PENDING)
    assert check(decision, charge_rule).passed  # both readings are filled in the base job


@pytest.mark.parametrize(
    ("expected_split", "passed"),
    [
        pytest.param(24.9, True, id="004-L417-split-25-above-24.9"),
        pytest.param(25.0, True, id="004-L417-split-25-at-25"),
        pytest.param(25.1, False, id="004-L417-split-25-below-25.1"),
    ],
)
def test_temperature_split_must_reach_the_table_minimum(expected_split, passed):
    decision = run(
        ashp_job(supply_air_f=95.0, return_air_f=70.0, expected_temp_split=expected_split)
    )

    assert decision.computed["temp_split"] == 25.0
    assert_check(decision, "hp.charge_temperature_split", passed, APPROVED if passed else REJECTED)


@pytest.mark.parametrize(
    ("liquid_line", "subcooling", "passed"),
    [
        pytest.param(103.1, 6.9, False, id="004-L418-6.9-below-target-minus-3"),
        pytest.param(103.0, 7.0, True, id="004-L418-7-at-target-minus-3"),
        pytest.param(100.0, 10.0, True, id="004-L418-10-on-target"),
        pytest.param(97.0, 13.0, True, id="004-L418-13-at-target-plus-3"),
        pytest.param(96.9, 13.1, False, id="004-L418-13.1-above-target-plus-3"),
    ],
)
def test_subcooling_within_3F_of_the_target(liquid_line, subcooling, passed):
    decision = run(
        ashp_job(
            outdoor_temp_f=80.0,
            test_mode="cooling",
            discharge_temp_f=110.0,
            liquid_line_temp_f=liquid_line,
            target_subcooling=10.0,
        )
    )

    assert decision.computed["subcooling"] == subcooling
    assert_check(decision, "hp.charge_subcooling", passed, APPROVED if passed else PENDING)


@pytest.mark.parametrize(
    ("override", "rule"),
    [
        pytest.param({"outdoor_temp_f": None}, "hp.charge_test_mode", id="004-L246-no-outdoor"),
        pytest.param(
            {"expected_temp_split": None}, "hp.charge_temperature_split", id="004-L251-no-table"
        ),
        pytest.param(
            {"outdoor_temp_f": 80.0, "test_mode": "cooling", "target_subcooling": None},
            "hp.charge_subcooling",
            id="004-L418-no-target",
        ),
    ],
)
def test_missing_charge_readings_go_to_review(override, rule):
    assert_check(run(ashp_job(**override)), rule, False, PENDING)


@pytest.mark.parametrize(
    ("meets", "status"),
    [
        pytest.param(True, PENDING, id="004-L420-alt-method-meets-spec-reviewed"),
        pytest.param(False, REJECTED, id="004-L420-alt-method-fails-spec"),
    ],
)
def test_alternative_charge_method_is_reviewed_or_rejected(meets, status):
    # Tested in cooling mode at 40 °F, but by a manufacturer's method: the mode rule yields.
    decision = run(
        ashp_job(test_mode="cooling", alt_method="manufacturer_app", alt_meets_spec=meets)
    )

    assert check(decision, "hp.charge_test_mode").passed
    assert_check(decision, "hp.charge_alternative_method", False, status)
    assert "hp.charge_temperature_split" not in rules(decision)


# --- Controls: low-ambient lockout 5 °F, aux heat 35 °F, multi-capacity (004 L424-427) -----


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("yes_5f_or_less", APPROVED, id="004-L424-yes-5F-or-less"),
        pytest.param("not_installed", APPROVED, id="004-L424-not-installed"),
        pytest.param("non_electric_backup", APPROVED, id="004-L260-non-electric-backup-INF"),
        pytest.param("no", REJECTED, id="004-L424-cuts-out-above-5F"),
        pytest.param(None, PENDING, id="004-L260-unanswered"),
    ],
)
def test_compressor_low_ambient_lockout_options(answer, status):
    decision = run(ashp_job(low_ambient_lockout=answer))

    assert_check(decision, "hp.compressor_low_ambient_lockout", status == APPROVED, status)


@pytest.mark.parametrize(
    ("setting", "status"),
    [
        pytest.param("35f", APPROVED, id="004-L260-35F-box"),
        pytest.param("below_35f", APPROVED, id="004-L260-below-35F-box"),
        pytest.param(34.9, APPROVED, id="004-L425-34.9F"),
        pytest.param(35, APPROVED, id="004-L425-35F-at"),
        pytest.param("35", APPROVED, id="004-L425-35F-typed"),
        pytest.param(35.1, REJECTED, id="004-L425-35.1F"),
        pytest.param(36, REJECTED, id="004-L425-36F"),
        pytest.param(None, PENDING, id="004-L260-unanswered"),
    ],
)
def test_aux_heat_lockout_at_35F(setting, status):
    decision = run(ashp_job(aux_heat_lockout=setting))

    assert_check(decision, "hp.aux_heat_lockout", status == APPROVED, status)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("discharge_sensor_85f", APPROVED, id="004-L427-discharge-sensor-85F"),
        pytest.param("staging_thermostat", APPROVED, id="004-L262-staging-thermostat"),
        pytest.param("not_applicable", APPROVED, id="004-L262-not-applicable"),
        pytest.param(None, PENDING, id="004-L262-unanswered"),
    ],
)
def test_multi_capacity_aux_control_must_be_answered(answer, status):
    decision = run(ashp_job(multi_capacity=answer))

    assert_check(decision, "hp.multi_capacity_aux_control", status == APPROVED, status)
