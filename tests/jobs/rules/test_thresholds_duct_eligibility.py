"""Status-engine thresholds of duct sealing eligibility (§1-9, applicability) and of
prescriptive duct sealing (each threshold just below, at and just above).


Each case starts from a complete job that is BPA Approved (``tests/jobs/rules/builders.py``),
changes one field, and asserts the resulting status AND the check (by rule id) that the field
feeds. Case ids name the seed clause: ``004-L409`` = seed 004 line 409, ``003-L9982`` = seed
003 line 9982, ``000-L25`` = the status definitions of seed 000.
"""

import pytest

from tests.jobs.rules.builders import (
    APPROVED,
    CERT_ONLY,
    PENDING,
    RECORD_ONLY,
    REJECTED,
    assert_check,
    duct_job,
    prescriptive_job,
    rules,
    run,
)

# --- Duct sealing eligibility: §1, §9, form L378, applicability (004 L444-510) --------------


@pytest.mark.parametrize(
    ("unconditioned", "exception", "passed"),
    [
        pytest.param(True, False, True, id="004-L469-30pct-unconditioned"),
        pytest.param(False, True, True, id="004-L469-high-pressure-leak-exception"),
        pytest.param(True, True, True, id="004-L469-both"),
        pytest.param(False, False, False, id="004-L355-under-30pct-no-exception"),
    ],
)
def test_30pct_of_supply_ducts_unconditioned_or_the_high_pressure_leak_exception(
    unconditioned, exception, passed
):
    decision = run(
        duct_job(ducts_30pct_unconditioned=unconditioned, high_pressure_leak_exception=exception)
    )

    assert_check(
        decision, "duct.unconditioned_supply_30pct", passed, APPROVED if passed else REJECTED
    )


@pytest.mark.parametrize(
    ("combustion", "detector", "passed"),
    [
        pytest.param(False, False, True, id="004-L508-no-combustion-appliance"),
        pytest.param(True, True, True, id="004-L510-combustion-with-co-detector"),
        pytest.param(True, False, False, id="004-L510-combustion-without-co-detector"),
    ],
)
def test_combustion_appliance_needs_a_co_detector(combustion, detector, passed):
    decision = run(duct_job(combustion_appliance=combustion, co_detector=detector))

    assert_check(decision, "duct.co_detector", passed, APPROVED if passed else REJECTED)


@pytest.mark.parametrize(
    ("meets", "passed"),
    [
        pytest.param(True, True, id="004-L378-yes"),
        pytest.param(False, False, id="004-L378-no"),
    ],
)
def test_specification_requirements_answer(meets, passed):
    decision = run(duct_job(meets_specification=meets))

    assert_check(
        decision, "duct.specification_requirements", passed, APPROVED if passed else REJECTED
    )


@pytest.mark.parametrize(
    ("heating", "passed"),
    [
        pytest.param("electric_fa_no_ac", True, id="004-L444-electric-fa"),
        pytest.param("electric_fa_with_ac", True, id="004-L444-electric-fa-with-ac"),
        pytest.param("air_source_hp", True, id="004-L444-heat-pump"),
        pytest.param("ground_source_hp", True, id="004-L444-ground-source"),
        pytest.param("electric_zonal", False, id="003-L10340-zonal-no-ducts-on-electric"),
        pytest.param("gas_furnace", False, id="003-L10340-gas-furnace"),
        pytest.param("other_non_electric", False, id="003-L10340-other-non-electric"),
    ],
)
def test_ducts_must_serve_electric_heat(heating, passed):
    decision = run(duct_job(existing_heating_system=heating))

    assert_check(decision, "duct.electric_heat", passed, APPROVED if passed else PENDING)


@pytest.mark.parametrize(
    ("home", "passed"),
    [
        pytest.param("existing_site_built", True, id="004-L444-existing-site-built"),
        pytest.param("manufactured", True, id="004-L444-existing-manufactured"),
        pytest.param("new_site_built", False, id="003-L10339-new-construction"),
    ],
)
@pytest.mark.parametrize("builder", [duct_job, prescriptive_job], ids=["ptcs", "prescriptive"])
def test_duct_sealing_is_for_existing_homes_only(builder, home, passed):
    decision = run(builder(home_type=home, manufactured_sections=2))

    assert_check(decision, "duct.existing_home", passed, APPROVED if passed else REJECTED)


# --- Prescriptive duct sealing: §1-9 only, never Record Only / Certified Only (000 L27) ------


def test_prescriptive_job_without_leakage_numbers_is_approved():
    decision = run(prescriptive_job())

    assert decision.status == APPROVED
    assert not {r for r in rules(decision) if r.startswith("duct.pre") or "leakage" in r}


def test_prescriptive_job_ignores_leakage_that_would_be_record_only_for_ptcs():
    decision = run(prescriptive_job(pre_cfm50=200.0, post_cfm50=180.0))

    assert decision.status == APPROVED
    assert "duct.leakage_outcome" not in rules(decision)


@pytest.mark.parametrize(
    "condition",
    [
        pytest.param("record_only_no_sealing", id="000-L27-record-only"),
        pytest.param("certification_only", id="000-L26-certification-only"),
    ],
)
def test_prescriptive_job_marked_record_or_certification_only_goes_to_review(condition):
    decision = run(prescriptive_job(condition=condition))

    assert_check(decision, "duct.prescriptive_no_record_only", False, PENDING)
    assert decision.status not in (RECORD_ONLY, CERT_ONLY)
