"""Whole jobs → status, from the seeds' own examples and status definitions (seed 000 L23-30).

Each row is a complete job as a technician would enter it, and the status the seed text gives
it. The builders fill the fields a row does not mention with passing values.
"""

import datetime

import pytest

from jobs.rules import SiteJobFact, Status
from tests.jobs.rules.builders import (
    RING_1_EXAMPLE,
    ashp_job,
    check,
    context_for,
    duct_job,
    failed_rules,
    gshp_job,
    prescriptive_job,
    run,
)


def with_rings(facts):
    """The measure's certification plus the seed's ring-1 calibration point."""
    return context_for(facts["measure_type"], ring_calibrations=(RING_1_EXAMPLE,))


#: Seed 004 L368: "Ring 1, 78 Pa Fan Pressure, 364 CFM", as the pre-test; no CFM typed, so
#: the registry computes it from the ring and the fan pressure.
RING_EXAMPLE_PRE = {"pre_ring": "1", "pre_fan_pressure_pa": 78.0, "pre_cfm50": None}


@pytest.mark.parametrize(
    ("facts", "status", "failing"),
    [
        pytest.param(
            duct_job(heated_area_sqft=1500, **RING_EXAMPLE_PRE, post_cfm50=140.0),
            Status.BPA_APPROVED,
            set(),
            id="000-L23-004-L368-ring1-78Pa-364cfm-pre-1500sqft-post-140",
        ),
        pytest.param(
            duct_job(
                heated_area_sqft=1500,
                pre_ring="1",
                pre_fan_pressure_pa=78.0,
                pre_cfm50=364.0,
                post_cfm50=140.0,
            ),
            Status.BPA_APPROVED,
            set(),
            id="000-L23-004-L368-same-with-364-typed",
        ),
        pytest.param(
            duct_job(heated_area_sqft=1500, **RING_EXAMPLE_PRE, post_cfm50=151.0),
            Status.BPA_APPROVED,
            set(),
            id="000-L23-004-L524-post-151-passes-by-58pct-reduction",
        ),
        pytest.param(
            duct_job(heated_area_sqft=1500, pre_cfm50=200.0, post_cfm50=100.0),
            Status.PTCS_CERTIFIED_ONLY,
            {"duct.pre_test_leakage", "duct.leakage_outcome"},
            id="000-L26-1500sqft-pre-200-below-225-post-100",
        ),
        pytest.param(
            duct_job(heated_area_sqft=1500, pre_cfm50=200.0, post_cfm50=180.0),
            Status.RECORD_ONLY,
            {"duct.pre_test_leakage", "duct.post_test_leakage", "duct.leakage_outcome"},
            id="000-L27-pre-too-low-and-post-too-high",
        ),
        pytest.param(
            duct_job(condition="record_only_no_sealing", pre_cfm50=None, post_cfm50=320.0),
            Status.RECORD_ONLY,
            {"duct.record_only_no_sealing"},
            id="000-L27-no-sealing-done-post-test-only",
        ),
        pytest.param(
            duct_job(
                home_type="manufactured",
                manufactured_sections=2,
                heated_area_sqft=1400,
                pre_cfm50=310.0,
                post_cfm50=75.0,
            ),
            Status.BPA_APPROVED,
            set(),
            id="000-L23-004-L465-L529-double-wide-310-to-75",
        ),
        pytest.param(
            duct_job(duct_type="new", heated_area_sqft=1200, pre_cfm50=None, post_cfm50=110.0),
            Status.BPA_APPROVED,
            set(),
            id="000-L23-004-L519-new-ducts-110-under-120",
        ),
        pytest.param(
            duct_job(combustion_appliance=True, co_detector=False),
            Status.REJECTED,
            {"duct.co_detector"},
            id="000-L30-004-L510-gas-water-heater-no-co-detector",
        ),
        pytest.param(
            duct_job(existing_heating_system="gas_furnace"),
            Status.BPA_PENDING,
            {"duct.electric_heat"},
            id="000-L29-003-L10340-ducts-on-a-gas-furnace",
        ),
        pytest.param(
            prescriptive_job(),
            Status.BPA_APPROVED,
            set(),
            id="000-L23-prescriptive-sections-1-9",
        ),
    ],
)
def test_duct_sealing_examples(facts, status, failing):
    decision = run(facts, with_rings(facts))

    assert decision.status == status, decision.reasons()
    assert failed_rules(decision) == failing


def test_ring_example_pre_test_is_364_cfm_and_qualifies():
    facts = duct_job(heated_area_sqft=1500, **RING_EXAMPLE_PRE, post_cfm50=140.0)
    decision = run(facts, with_rings(facts))

    assert round(decision.computed["pre_cfm50_used"]) == 364
    assert decision.computed["pre_required_cfm50"] == 225.0
    assert decision.computed["post_allowed_cfm50"] == 150.0
    assert check(decision, "duct.pre_test_leakage").passed
    assert check(decision, "duct.post_test_leakage").passed


@pytest.mark.parametrize(
    ("facts", "status", "category", "failing"),
    [
        pytest.param(
            ashp_job(hspf=8.5, seer=14.0),
            Status.PTCS_CERTIFIED_ONLY,
            "ccs",
            {"hp.efficiency"},
            id="000-L25-8.5-hspf-14-seer-meets-ccs",
        ),
        pytest.param(
            ashp_job(hspf=8.5, seer=14.0, existing_heating_system="electric_fa_no_ac"),
            Status.PTCS_CERTIFIED_ONLY,
            "ccs",
            {"hp.efficiency"},
            id="000-L25-003-L9992-below-9.0-is-ccs-even-for-a-conversion",
        ),
        pytest.param(
            ashp_job(hspf=9.0, seer=14.0, existing_heating_system="electric_fa_no_ac"),
            Status.BPA_APPROVED,
            "conversion",
            set(),
            id="000-L23-003-L9986-conversion-from-electric-fa",
        ),
        pytest.param(
            ashp_job(hspf=9.0, seer=14.0, existing_heating_system="electric_fa_with_ac"),
            Status.BPA_APPROVED,
            "conversion",
            set(),
            id="000-L23-003-L9986-conversion-from-electric-fa-with-ac",
        ),
        pytest.param(
            ashp_job(existing_heating_system="gas_furnace", backup_heat="gas_furnace"),
            Status.BPA_APPROVED,
            "upgrade",
            set(),
            id="000-L23-003-L9939-upgrade-from-gas-furnace",
        ),
        pytest.param(
            ashp_job(existing_heating_system="air_source_hp"),
            Status.BPA_APPROVED,
            "upgrade",
            set(),
            id="000-L23-003-L9938-upgrade-replacing-a-heat-pump",
        ),
        pytest.param(
            ashp_job(existing_heating_system="electric_zonal"),
            Status.BPA_APPROVED,
            "upgrade",
            set(),
            id="000-L23-003-L9941-upgrade-from-zonal",
        ),
        pytest.param(
            ashp_job(measure_type="vshp", variable_speed=True),
            Status.BPA_APPROVED,
            "upgrade",
            set(),
            id="000-L23-003-L1883-variable-speed-heat-pump",
        ),
        pytest.param(
            ashp_job(
                outdoor_temp_f=82.0,
                test_mode="cooling",
                discharge_temp_f=112.0,
                liquid_line_temp_f=101.0,
                target_subcooling=11.0,
            ),
            Status.BPA_APPROVED,
            "upgrade",
            set(),
            id="000-L23-004-L418-summer-job-tested-by-subcooling",
        ),
        pytest.param(
            ashp_job(static_units="pa", return_static=-110.0, supply_static=125.0),
            Status.REJECTED,
            "upgrade",
            {"hp.external_static_pressure"},
            id="000-L30-004-L409-235Pa-external-static",
        ),
        pytest.param(
            ashp_job(hspf=8.5, return_static=-0.5, supply_static=0.5),
            Status.REJECTED,
            "ccs",
            {"hp.efficiency", "hp.external_static_pressure"},
            id="000-L25-ccs-needs-the-ptcs-installation-too",
        ),
        pytest.param(
            ashp_job(raw_flow_cfm=1100.0),
            Status.BPA_PENDING,
            "upgrade",
            {"hp.airflow_per_ton"},
            id="000-L29-004-L413-550-cfm-per-ton-manufacturer-may-allow",
        ),
    ],
)
def test_heat_pump_examples(facts, status, category, failing):
    decision = run(facts)

    assert decision.status == status, decision.reasons()
    assert decision.category == category
    assert failed_rules(decision) == failing


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(gshp_job(), id="000-L29-gshp-conversion"),
        pytest.param(
            gshp_job(existing_heating_system="air_source_hp", home_type="new_site_built"),
            id="000-L29-gshp-new-home",
        ),
        pytest.param(gshp_job(hspf=None, seer=None), id="000-L29-gshp-without-ratings"),
    ],
)
def test_ground_source_heat_pump_is_always_bpa_pending(facts):
    decision = run(facts, context_for("gshp", heating_zone=2))

    assert decision.status == Status.BPA_PENDING
    assert "gshp.always_reviewed" in failed_rules(decision)
    assert decision.category is None


@pytest.mark.parametrize(
    ("facts", "context", "status", "failing"),
    [
        pytest.param(
            ashp_job(),
            context_for("ashp", address_verified=False),
            Status.BPA_PENDING,
            {"site.address_verified"},
            id="000-L43-address-cannot-be-verified",
        ),
        pytest.param(
            ashp_job(heated_area_sqft=3000),
            context_for("ashp", other_site_jobs=(SiteJobFact(1234567, "ashp", "bpa_approved"),)),
            Status.BPA_PENDING,
            {"site.one_measure_per_family"},
            id="000-L39-second-heat-pump-3000sqft",
        ),
        pytest.param(
            ashp_job(heated_area_sqft=5200),
            context_for("ashp", other_site_jobs=(SiteJobFact(1234567, "ashp", "bpa_approved"),)),
            Status.BPA_APPROVED,
            set(),
            id="003-L10013-second-heat-pump-5200sqft",
        ),
        pytest.param(
            duct_job(),
            context_for("duct_sealing_ptcs", certifications=()),
            Status.REJECTED,
            {"technician.certified_on_install_date"},
            id="000-L30-004-L446-technician-not-certified",
        ),
        pytest.param(
            ashp_job(install_date=datetime.date(2012, 5, 1)),
            None,
            Status.BPA_PENDING,
            {"ruleset.in_force"},
            id="0-install-before-any-rule-set",
        ),
    ],
)
def test_site_and_technician_examples(facts, context, status, failing):
    decision = run(facts, context)

    assert decision.status == status, decision.reasons()
    assert failed_rules(decision) == failing


def test_saved_progress_is_in_progress_until_completed():
    """000 L28: "the user clicked Save Progress to complete it at a later date"."""
    half_filled = duct_job(post_cfm50=None, meets_specification=None)

    saved = run(half_filled, in_progress=True)
    completed = run(half_filled)

    assert saved.status == Status.IN_PROGRESS
    assert completed.status == Status.REJECTED  # unanswered specification box (004 L378)
    assert {"duct.leakage_readings", "duct.specification_requirements"} <= failed_rules(saved)
