"""Complete, passing jobs for the status engine's tests (no database).

``ashp_job()`` is an air source heat pump job and ``duct_job()`` a PTCS duct sealing job that
are BPA Approved as built; a test overrides ONE field and looks at the check that field feeds.
``context_for()`` gives the installing technician the certification the measure needs, active
on the install date. ``assert_check()`` asserts a decision's status and one check's outcome.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from jobs.rules import CertificationFact, Check, Context, Decision, Status, evaluate
from jobs.rules.types import REQUIRED_CERTIFICATION, MeasureType, RingCalibrationFact

#: Short names for the statuses the threshold tests expect.
APPROVED = Status.BPA_APPROVED
CERT_ONLY = Status.PTCS_CERTIFIED_ONLY
RECORD_ONLY = Status.RECORD_ONLY
PENDING = Status.BPA_PENDING
REJECTED = Status.REJECTED

#: Inside rule set ptcs-2017 (2015-04-01 … 2019-09-30).
INSTALL_2017_SET = datetime.date(2018, 6, 15)
#: Inside rule set ptcs-2019-10 (from 2019-10-01).
INSTALL_2019_SET = datetime.date(2020, 6, 15)

#: Seed 004 L368: "Ring 1, 78 Pa Fan Pressure, 364 CFM". With n = 0.5 the example fixes
#: C = 364 / √78 (domain-rules §10); a regression point, not a real calibration.
RING_1_EXAMPLE = RingCalibrationFact(
    equipment="energy_conservatory",
    ring="1",
    c=364 / math.sqrt(78),
    n=0.5,
    min_pa=25.0,
    max_pa=1500.0,
    source="seed 004 L368 example point",
)


def ashp_job(**overrides: Any) -> dict[str, Any]:
    """An ASHP upgrade (replacing an air source heat pump) that passes every check.

    Both the heating-mode and the cooling-mode charge readings are filled, so moving the
    outdoor temperature across 65 °F changes only which one is used.
    """
    facts: dict[str, Any] = {
        "measure_type": "ashp",
        "tech_id": "T-1001",
        "install_date": INSTALL_2017_SET,
        "electric_utility": "Benton REA",
        "street_address": "1200 Example Rd",
        "street_address_2": "",
        "city": "Kennewick",
        "state": "WA",
        "zip_code": "99350",
        "home_type": "existing_site_built",
        "manufactured_sections": None,
        "heated_area_sqft": 2000,
        "foundation_type": "crawlspace",
        "existing_heating_system": "air_source_hp",
        "backup_heat": "electric_fa",
        "separate_duct_systems": False,
        # Equipment (004 L216-218)
        "ahri_number": "201234567",
        "seer": 16.0,
        "hspf": 9.5,
        "outdoor_capacity_tons": 2.0,
        "make": "Acme",
        "outdoor_model": "HP-24",
        "indoor_model": "AH-24",
        "variable_speed": False,
        "balance_point_f": 25.0,
        "tests_in_test_mode": "yes",
        # External static pressure (004 L222-229): |−0.30| + |0.20| = 0.50 in. w.c.
        "static_units": "in_wc",
        "return_static": -0.30,
        "supply_static": 0.20,
        # TrueFlow (004 L231-238): factor √(0.2/0.2) = 1, 800 CFM / 2 tons = 400 CFM/ton
        "nsop": 0.20,
        "tfsop": 0.20,
        "plate_size": 20,
        "plate_location": "air_handler",
        "plate_pressure_pa": 100.0,
        "raw_flow_cfm": 800.0,
        # Refrigerant charge (004 L240-254): 40 °F outdoors → heating mode
        "outdoor_temp_f": 40.0,
        "test_mode": "heating",
        "supply_air_f": 95.0,
        "return_air_f": 70.0,  # split 25 °F
        "expected_temp_split": 20.0,
        "discharge_pressure": 400.0,
        "discharge_temp_f": 110.0,
        "liquid_line_temp_f": 100.0,  # subcooling 10 °F
        "target_subcooling": 10.0,
        "alt_method": None,
        "alt_target": None,
        "alt_result": None,
        "alt_meets_spec": None,
        # Controls (004 L256-262)
        "low_ambient_lockout": "yes_5f_or_less",
        "aux_heat_lockout": "35f",
        "thermostat_make": "Acme",
        "thermostat_model": "T-1",
        "multi_capacity": "not_applicable",
    }
    facts.update(overrides)
    return facts


def duct_job(**overrides: Any) -> dict[str, Any]:
    """A PTCS duct sealing job, existing ducts in a 1,500 sq ft existing site-built home.

    Pre-test requirement 15 % × 1,500 = 225 CFM50 (004 B.2.2); post-test allowed
    10 % × 1,500 = 150 CFM50 (C.2.2). Pre 400 / post 100 pass both.
    """
    facts: dict[str, Any] = {
        "measure_type": "duct_sealing_ptcs",
        "tech_id": "T-1001",
        "install_date": INSTALL_2017_SET,
        "electric_utility": "Benton REA",
        "street_address": "1200 Example Rd",
        "city": "Kennewick",
        "state": "WA",
        "zip_code": "99350",
        "home_type": "existing_site_built",
        "manufactured_sections": None,
        "heated_area_sqft": 1500,
        "foundation_type": "crawlspace",
        "existing_heating_system": "electric_fa_no_ac",
        "backup_heat": "none",
        "separate_duct_systems": False,
        "ducts_30pct_unconditioned": True,
        "high_pressure_leak_exception": False,
        "duct_type": "existing",
        "supply_count": 8,
        "return_count": 2,
        "condition": "none",
        "test_equipment": "energy_conservatory",
        "duct_insulation": "existing_reinstalled",
        "house_pressure_pa": 50,
        "blaster_location": "return_grille",
        "pre_ring": None,
        "pre_fan_pressure_pa": None,
        "pre_cfm50": 400.0,
        "post_ring": None,
        "post_fan_pressure_pa": None,
        "post_cfm50": 100.0,
        "meets_specification": True,
        "combustion_appliance": False,
        "co_detector": False,
    }
    facts.update(overrides)
    return facts


def prescriptive_job(**overrides: Any) -> dict[str, Any]:
    """A prescriptive duct sealing job: §1–9 only, no leakage numbers (domain-rules §2.6)."""
    facts = duct_job(
        measure_type="duct_sealing_prescriptive",
        pre_cfm50=None,
        post_cfm50=None,
    )
    facts.update(overrides)
    return facts


def gshp_job(**overrides: Any) -> dict[str, Any]:
    facts = ashp_job(measure_type="gshp", existing_heating_system="electric_fa_no_ac")
    facts.update(overrides)
    return facts


def passing_job(measure: str | MeasureType) -> dict[str, Any]:
    """A BPA Approved job of any measure (ground source: Pending, as it always is)."""
    return {
        MeasureType.ASHP: ashp_job,
        MeasureType.VSHP: lambda: ashp_job(measure_type="vshp", variable_speed=True),
        MeasureType.GSHP: gshp_job,
        MeasureType.DUCT_SEALING_PTCS: duct_job,
        MeasureType.DUCT_SEALING_PRESCRIPTIVE: prescriptive_job,
    }[MeasureType(measure)]()


def certification(
    cert_type: str,
    start: datetime.date = datetime.date(2009, 1, 1),
    end: datetime.date | None = None,
) -> CertificationFact:
    return CertificationFact(cert_type=cert_type, active_periods=((start, end),))


def context_for(measure: str | MeasureType, **overrides: Any) -> Context:
    """The certification the measure needs, active since 2009 with no end (covers every
    install date the tests use), and a verified address."""
    values: dict[str, Any] = {
        "certifications": (certification(REQUIRED_CERTIFICATION[MeasureType(measure)]),),
        "heating_zone": 2,
    }
    values.update(overrides)
    return Context(**values)


def run(facts: dict[str, Any], context: Context | None = None, **kwargs: Any) -> Decision:
    """Evaluate with the right certification unless a context is given."""
    return evaluate(facts, context or context_for(facts["measure_type"]), **kwargs)


def check(decision: Decision, rule: str) -> Check:
    """The one check with this rule id (fails the test if it is missing or duplicated)."""
    found = [c for c in decision.checks if c.rule == rule]
    assert len(found) == 1, f"expected one {rule!r} check, got {[c.rule for c in decision.checks]}"
    return found[0]


def rules(decision: Decision) -> set[str]:
    return {c.rule for c in decision.checks}


def failed_rules(decision: Decision) -> set[str]:
    return {c.rule for c in decision.failed}


def assert_check(decision, rule, passed, status):
    """The job got ``status`` and the check ``rule`` passed or failed as expected."""
    found = check(decision, rule)
    assert found.passed is passed, found.message
    assert decision.status == status, decision.reasons()
    if not passed:
        assert rule in failed_rules(decision)
