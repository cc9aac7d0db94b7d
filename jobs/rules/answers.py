"""Which questions each check reads, so that a check whose question is not answered yet says
so instead of failing.

A job saved in progress, or a form still being typed, leaves questions empty. A check that
reads one of them cannot have failed: it has not been answered. Such a check is marked
``answered=False``, keeps no effect and blocks nothing, and its message names the questions
it waits for. Only a completed job, which answers every question, has checks that all pass
or fail (jobs.dictionary.fields.completion_errors says which questions Complete requires).

The names are those of the data dictionary (jobs.dictionary.fields) and of the job's site
block (install date, address); the caller says which of them are unanswered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping

from jobs.rules.types import Check

_SITE = ("street_address", "city", "state", "zip_code")
#: What a duct test reads: the CFM50 typed, or the ring and fan pressure it is computed from.
_PRE = ("pre_cfm50", "pre_ring", "pre_fan_pressure_pa")
_POST = ("post_cfm50", "post_ring", "post_fan_pressure_pa")
#: What the leakage limits of a home are a share of (jobs.rules.calc.duct_thresholds).
_HOME_SIZE = (
    "home_type",
    "heated_area_sqft",
    "manufactured_sections",
    "duct_type",
    "separate_duct_systems",
    "duct_system_area_sqft",
)

#: Rule → the questions it reads. Every rule the engine emits is here; a rule that reads no
#: question of the job (ground source heat pumps are always reviewed) has an empty tuple.
READS: dict[str, tuple[str, ...]] = {
    # Every measure (jobs.rules.common)
    "technician.certified_on_install_date": ("install_date",),
    "ruleset.in_force": ("install_date",),
    "site.address_verified": _SITE,
    "site.one_measure_per_family": ("heated_area_sqft", "separate_duct_systems"),
    # Air source heat pumps (jobs.rules.heat_pump)
    "hp.ahri_certified": ("ahri_number",),
    "hp.compressor_matches_measure": ("variable_speed",),
    "hp.federal_minimum": ("hspf", "seer"),
    "hp.efficiency": ("hspf", "seer"),
    "hp.balance_point": ("balance_point_f",),
    "hp.external_static_pressure": ("static_units", "return_static", "supply_static"),
    "hp.airflow_per_ton": ("nsop", "tfsop", "raw_flow_cfm", "outdoor_capacity_tons"),
    "hp.charge_test_mode": ("outdoor_temp_f", "test_mode", "alt_method"),
    "hp.charge_alternative_method": ("alt_method", "alt_target", "alt_result", "alt_meets_spec"),
    # The mode tested in decides which readings Complete asks for, so the readings of a mode
    # not chosen yet are not asked yet either.
    "hp.charge_temperature_split": (
        "test_mode",
        "supply_air_f",
        "return_air_f",
        "expected_temp_split",
    ),
    "hp.charge_subcooling": (
        "test_mode",
        "discharge_temp_f",
        "liquid_line_temp_f",
        "target_subcooling",
    ),
    "hp.compressor_low_ambient_lockout": ("low_ambient_lockout",),
    "hp.aux_heat_lockout": ("aux_heat_lockout",),
    "hp.multi_capacity_aux_control": ("multi_capacity",),
    # Ground source heat pumps
    "gshp.always_reviewed": (),
    "gshp.home_type": ("home_type",),
    "gshp.heating_zone": ("zip_code",),
    # Duct sealing (jobs.rules.duct)
    "duct.existing_home": ("home_type",),
    "duct.electric_heat": ("existing_heating_system",),
    "duct.unconditioned_supply_30pct": (
        "ducts_30pct_unconditioned",
        "high_pressure_leak_exception",
    ),
    "duct.co_detector": ("combustion_appliance", "co_detector"),
    "duct.specification_requirements": ("meets_specification",),
    "duct.prescriptive_no_record_only": ("condition",),
    "duct.house_pressure": ("house_pressure_pa",),
    "duct.pre_reading": (*_PRE, "test_equipment"),
    "duct.post_reading": (*_POST, "test_equipment"),
    "duct.record_only_no_sealing": ("condition",),
    "duct.area_served": ("home_type", "separate_duct_systems", "duct_system_area_sqft"),
    "duct.leakage_readings": (*_PRE, *_POST, *_HOME_SIZE),
    "duct.post_new_ducts": (*_POST, *_HOME_SIZE),
    "duct.pre_test_leakage": (*_PRE, *_HOME_SIZE),
    # The post-test also passes on its reduction from the pre-test.
    "duct.post_test_leakage": (*_PRE, *_POST, *_HOME_SIZE),
    "duct.leakage_outcome": (*_PRE, *_POST, *_HOME_SIZE),
    "duct.declared_certification_only": ("condition", *_PRE, *_HOME_SIZE),
}


def waiting_for(check: Check, unanswered: Collection[str]) -> tuple[str, ...]:
    """The unanswered questions among those ``check`` reads, in the order it reads them."""
    return tuple(name for name in READS.get(check.rule, ()) if name in unanswered)


def mark_unanswered(
    checks: Iterable[Check], unanswered: Collection[str], labels: Mapping[str, str]
) -> list[Check]:
    """The checks, each one that did not pass while a question it reads is unanswered
    turned into "not answered yet": no effect, not blocking, a message naming the questions
    by ``labels`` (the form's labels; the field name where none is given). A check that
    passed stays passed: what is answered already decides it."""
    unanswered = frozenset(unanswered)
    out = []
    for check in checks:
        waiting = () if check.passed else waiting_for(check, unanswered)
        if waiting:
            questions = _and([labels.get(name, name.replace("_", " ")) for name in waiting])
            check = dataclasses.replace(
                check,
                answered=False,
                effect=None,
                blocking=False,
                message=f"Not answered yet: {questions}.",
            )
        out.append(check)
    return out


def _and(items: list[str]) -> str:
    """["A"] → "A"; ["A", "B", "C"] → "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
