"""Example job payloads: one realistic, passing payload per measure type (without site,
utility and install date), plus variants that fail one check each.

Used by ``generate_jobs`` (sampledata.generate: evaluated once by the real engine, their data,
computed values and checks reused for thousands of generated rows, every status reached by the
variants), the bulk upload template's example row (jobs.bulk.parse) and the benchmark. The tests keep
their own payloads (tests/jobs/factories.py), so a change here cannot hide a rule change.
"""

from __future__ import annotations

from typing import Any

_HOME = {
    "home_type": "existing_site_built",
    "heated_area_sqft": "1800",
    "foundation_type": "crawlspace",
    "existing_heating_system": "electric_fa_no_ac",
    "backup_heat": "electric_fa",
}

_HEAT_PUMP = {
    **_HOME,
    "ahri_number": "201234567",
    "seer": "16",
    "hspf": "9.5",
    "outdoor_capacity_tons": "3",
    "make": "Acme",
    "outdoor_model": "HP-36",
    "indoor_model": "AH-36",
    "variable_speed": "no",
    "balance_point_f": "28",
    "tests_in_test_mode": "yes",
    "static_units": "in_wc",
    "return_static": "-0.3",
    "supply_static": "0.4",
    "nsop": "0.4",
    "tfsop": "0.36",
    "plate_size": "20",
    "plate_location": "air_handler",
    "raw_flow_cfm": "1100",
    "outdoor_temp_f": "45",
    "test_mode": "heating",
    "supply_air_f": "95",
    "return_air_f": "70",
    "expected_temp_split": "20",
    "low_ambient_lockout": "yes_5f_or_less",
    "aux_heat_lockout": "35f",
    "thermostat_make": "Acme",
    "thermostat_model": "T-1",
    "multi_capacity": "not_applicable",
}

_DUCTS = {
    **_HOME,
    "heated_area_sqft": "1500",
    "ducts_30pct_unconditioned": "yes",
    "high_pressure_leak_exception": "no",
    "duct_type": "existing",
    "supply_count": "8",
    "return_count": "2",
    "condition": "none",
    "test_equipment": "energy_conservatory",
    "duct_insulation": "reinstalled",
    "house_pressure_pa": "50",
    "blaster_location": "return grille",
    "pre_cfm50": "400",
    "post_cfm50": "100",
    "meets_specification": "yes",
    "combustion_appliance": "no",
}

#: measure type → its passing payload (without site, utility and install date).
BASE: dict[str, dict[str, Any]] = {
    "ashp": {"measure_type": "ashp", **_HEAT_PUMP},
    "vshp": {"measure_type": "vshp", **_HEAT_PUMP, "variable_speed": "yes", "hspf": "10"},
    "gshp": {
        "measure_type": "gshp",
        **_HOME,
        "ahri_number": "301234567",
        "seer": "20",
        "hspf": "11",
        "outdoor_capacity_tons": "3",
        "make": "Acme Geo",
        "outdoor_model": "GEO-36",
        "desuperheater": "yes",
        "loop_type": "closed",
    },
    "duct_sealing_ptcs": {"measure_type": "duct_sealing_ptcs", **_DUCTS},
    "duct_sealing_prescriptive": {
        "measure_type": "duct_sealing_prescriptive",
        **{k: v for k, v in _DUCTS.items() if k not in ("pre_cfm50", "post_cfm50")},
    },
}

#: Variants: overrides that fail one check each (the engine decides the resulting status).
VARIANTS: tuple[dict[str, Any], ...] = (
    {},
    {"hspf": "7.5", "seer": "13"},
    {"balance_point_f": "45"},
    {"raw_flow_cfm": "700"},
    {"pre_cfm50": "180", "post_cfm50": "300"},
    {"condition": "record_only_no_sealing", "post_cfm50": "400"},
    {"pre_cfm50": "180", "condition": "certification_only"},
    {"post_cfm50": "300"},
    {"home_type": "manufactured", "manufactured_sections": "2"},
)
