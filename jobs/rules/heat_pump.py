"""ASHP/VSHP checks: PTCS ASHP Installation Specification (seed 004 L394-427, the form
L189-262), and the efficiency rule of IM §10.8.2.1 (seed 003 L9981-9998) from
jobs.rules.efficiency."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from jobs.rules.calc import num
from jobs.rules.documents import cite, cite_all
from jobs.rules.efficiency import efficiency
from jobs.rules.ruleset import RuleSet
from jobs.rules.types import Check, MeasureType, Status

ELECTRIC_FURNACE = {"electric_fa_no_ac", "electric_fa_with_ac"}


def _missing(rule: str, source: str, what: str) -> Check:
    return Check(
        rule=rule,
        source=source,
        passed=False,
        message=f"{what} is missing; PTCS staff will review the job.",
        effect=Status.BPA_PENDING,
    )


def category(facts: Mapping[str, Any], efficient: bool) -> str:
    """Conversion, upgrade or CC&S only (003 L9938-9998; domain-rules §2.2 table)."""
    if not efficient:
        return "ccs"
    if facts.get("existing_heating_system") in ELECTRIC_FURNACE:
        return "conversion"
    return "upgrade"


def balance_point(facts: Mapping[str, Any], rs: RuleSet) -> Check:
    source = cite("ashp_spec", "§1")  # seed 004 L398
    bp = num(facts, "balance_point_f")
    if bp is None:
        return _missing("hp.balance_point", source, "The balance point")
    if bp <= rs.max_balance_point_f:
        effect, passed = None, True
        message = f"Balance point {bp:g} °F is at or below {rs.max_balance_point_f:g} °F."
    elif rs.balance_point_review_max_f is not None and bp <= rs.balance_point_review_max_f:
        effect, passed = Status.BPA_PENDING, False
        message = (
            f"Balance point {bp:g} °F is above {rs.max_balance_point_f:g} °F; under rule set "
            f"{rs.key} values up to {rs.balance_point_review_max_f:g} °F go to staff review."
        )
    else:
        effect, passed = Status.REJECTED, False
        message = f"Balance point {bp:g} °F is above the {rs.max_balance_point_f:g} °F maximum."
    return Check(
        rule="hp.balance_point",
        source=source,
        passed=passed,
        message=message,
        values={"balance_point_f": bp},
        threshold=f"≤ {rs.max_balance_point_f:g} °F",
        effect=effect or Status.REJECTED,
    )


def static_pressure(facts: Mapping[str, Any], computed: Mapping[str, Any], rs: RuleSet) -> Check:
    source = cite("ashp_spec", "§2")  # seed 004 L409; form L222-229
    esp = computed.get("external_static")
    units = facts.get("static_units")
    if esp is None or units not in ("pa", "in_wc"):
        return _missing(
            "hp.external_static_pressure", source, "The static pressure readings or their units"
        )
    limit = rs.max_esp_pa if units == "pa" else rs.max_esp_in_wc
    unit_label = "Pa" if units == "pa" else "in. w.c."
    ok = esp <= limit
    return Check(
        rule="hp.external_static_pressure",
        source=source,
        passed=ok,
        message=(
            f"External static pressure {esp:g} {unit_label} is within {limit:g} {unit_label}"
            + ("" if unit_label.endswith(".") else ".")
            if ok
            else f"External static pressure {esp:g} {unit_label} exceeds {limit:g} {unit_label}."
        ),
        values={"external_static": esp, "static_units": units},
        threshold=f"≤ {rs.max_esp_in_wc:g} in. w.c. (≤ {rs.max_esp_pa:g} Pa)",
        effect=Status.REJECTED,
    )


def airflow(computed: Mapping[str, Any], rs: RuleSet) -> Check:
    source = cite("ashp_spec", "§3")  # seed 004 L413; form L231-238
    cpt = computed.get("cfm_per_ton")
    if cpt is None:
        return _missing("hp.airflow_per_ton", source, "The TrueFlow readings or the capacity")
    ok = rs.min_cfm_per_ton <= cpt <= rs.max_cfm_per_ton
    return Check(
        rule="hp.airflow_per_ton",
        source=source,
        passed=ok,
        message=(
            f"Airflow {cpt:.0f} CFM/ton is within {rs.min_cfm_per_ton:g}–{rs.max_cfm_per_ton:g}."
            if ok
            else f"Airflow {cpt:.0f} CFM/ton is outside {rs.min_cfm_per_ton:g}–{rs.max_cfm_per_ton:g}; "
            "that is acceptable only where the manufacturer's documentation specifies it, so "
            "PTCS staff will review it."
        ),
        values={"cfm_per_ton": cpt, "corrected_flow_cfm": computed.get("corrected_flow_cfm")},
        threshold=(
            f"{rs.min_cfm_per_ton:g}–{rs.max_cfm_per_ton:g} CFM per ton "
            "unless the manufacturer specifies otherwise"
        ),
        effect=Status.BPA_PENDING,
    )


def refrigerant_charge(
    facts: Mapping[str, Any], computed: Mapping[str, Any], rs: RuleSet
) -> list[Check]:
    source = cite("ashp_spec", "§4")  # seed 004 L415-420; form L240-254
    outdoor = num(facts, "outdoor_temp_f")
    mode = facts.get("test_mode")
    checks: list[Check] = []
    if outdoor is None:
        return [_missing("hp.charge_test_mode", source, "The outdoor temperature")]
    expected_mode = "heating" if outdoor <= rs.charge_heating_max_outdoor_f else "cooling"
    mode_ok = mode == expected_mode or bool(facts.get("alt_method"))
    checks.append(
        Check(
            rule="hp.charge_test_mode",
            source=source,
            passed=mode_ok,
            message=(
                f"Tested in {expected_mode} mode at {outdoor:g} °F outdoors."
                if mode_ok
                else f"At {outdoor:g} °F outdoors the charge is tested in {expected_mode} mode "
                f"(heating at or below {rs.charge_heating_max_outdoor_f:g} °F), but {mode or 'no mode'} "
                "was recorded; PTCS staff will review it."
            ),
            values={"outdoor_temp_f": outdoor, "test_mode": mode},
            threshold=f"heating ≤ {rs.charge_heating_max_outdoor_f:g} °F < cooling",
            effect=Status.BPA_PENDING,
        )
    )
    if facts.get("alt_method"):
        meets = facts.get("alt_meets_spec")
        checks.append(
            Check(
                rule="hp.charge_alternative_method",
                source=source,
                passed=False,
                message=(
                    f"Charge checked by an alternative method ({facts.get('alt_method')}): "
                    + (
                        "reported as meeting the manufacturer's specification; PTCS staff confirm "
                        "the method is manufacturer-approved."
                        if meets
                        else "reported as NOT meeting specification."
                    )
                ),
                values={
                    "alt_method": facts.get("alt_method"),
                    "alt_target": facts.get("alt_target"),
                    "alt_result": facts.get("alt_result"),
                    "alt_meets_spec": meets,
                },
                threshold="manufacturer-approved method, meets specification",
                effect=Status.BPA_PENDING if meets else Status.REJECTED,
            )
        )
        return checks
    if expected_mode == "heating":
        split, expected = computed.get("temp_split"), num(facts, "expected_temp_split")
        if split is None or expected is None:
            checks.append(
                _missing(
                    "hp.charge_temperature_split",
                    source,
                    "The temperature split or its table value",
                )
            )
            return checks
        ok = split >= expected
        checks.append(
            Check(
                rule="hp.charge_temperature_split",
                source=source,
                passed=ok,
                message=(
                    f"Temperature split {split:g} °F is at or above the table minimum {expected:g} °F."
                    if ok
                    else f"Temperature split {split:g} °F is below the table minimum {expected:g} °F."
                ),
                values={"temp_split": split, "expected_temp_split": expected},
                threshold="≥ the R-410A Temperature Split Table minimum",
                effect=Status.REJECTED,
            )
        )
    else:
        sub, target = computed.get("subcooling"), num(facts, "target_subcooling")
        if sub is None or target is None:
            checks.append(
                _missing(
                    "hp.charge_subcooling", source, "The subcooling or the manufacturer's target"
                )
            )
            return checks
        ok = abs(sub - target) <= rs.subcooling_tolerance_f
        checks.append(
            Check(
                rule="hp.charge_subcooling",
                # The tolerance is the registry's choice [INF, domain-rules §9.9].
                source=cite_all(source, cite("registry_rule_set", "subcooling tolerance")),
                passed=ok,
                message=(
                    f"Subcooling {sub:g} °F is within {rs.subcooling_tolerance_f:g} °F of the target {target:g} °F."
                    if ok
                    else f"Subcooling {sub:g} °F is more than {rs.subcooling_tolerance_f:g} °F from the "
                    f"manufacturer's target {target:g} °F; PTCS staff will review it."
                ),
                values={"subcooling": sub, "target_subcooling": target},
                threshold=f"target ± {rs.subcooling_tolerance_f:g} °F",
                effect=Status.BPA_PENDING,
                # Off target at all: the outcome rests on the registry's tolerance.
                rests_on=("subcooling_tolerance_f",) if sub != target else (),
            )
        )
    return checks


def controls(facts: Mapping[str, Any], rs: RuleSet) -> list[Check]:
    checks = []
    lal = facts.get("low_ambient_lockout")
    lal_ok = lal in ("yes_5f_or_less", "not_installed") or (
        lal == "non_electric_backup" and rs.lal_non_electric_backup_passes
    )
    checks.append(
        Check(
            rule="hp.compressor_low_ambient_lockout",
            # Seed 004 L424; form L260; non-electric backup [INF domain-rules §9.11].
            source=cite("ashp_spec", "§5"),
            passed=lal_ok,
            message=(
                "Compressor low-ambient cut-out is at or below 5 °F, or not installed."
                if lal_ok
                else f"The compressor low-ambient cut-out must not be above {rs.lal_max_f:g} °F."
                if lal
                else "The compressor low-ambient lockout answer is missing."
            ),
            values={"low_ambient_lockout": lal},
            threshold=f"cut-out ≤ {rs.lal_max_f:g} °F or not installed",
            effect=Status.REJECTED if lal else Status.BPA_PENDING,
        )
    )
    aux = facts.get("aux_heat_lockout")
    aux_temp = None
    if aux in ("35f", "below_35f"):
        aux_ok = True
    else:
        aux_temp = num(facts, "aux_heat_lockout")
        aux_ok = aux_temp is not None and aux_temp <= rs.aux_lockout_max_f
    checks.append(
        Check(
            rule="hp.aux_heat_lockout",
            source=cite("ashp_spec", "§5"),  # seed 004 L425; form L260
            passed=aux_ok,
            message=(
                f"Auxiliary heat is locked out above {rs.aux_lockout_max_f:g} °F outdoors."
                if aux_ok
                else f"Auxiliary heat must not engage above {rs.aux_lockout_max_f:g} °F outdoors"
                + (
                    f" (set to {aux_temp:g} °F)."
                    if aux_temp is not None
                    else "; the setting is missing."
                )
            ),
            values={"aux_heat_lockout": aux},
            threshold=f"≤ {rs.aux_lockout_max_f:g} °F",
            effect=Status.REJECTED if aux else Status.BPA_PENDING,
        )
    )
    multi = facts.get("multi_capacity")
    multi_ok = multi in ("discharge_sensor_85f", "staging_thermostat", "not_applicable")
    checks.append(
        Check(
            rule="hp.multi_capacity_aux_control",
            source=cite("ashp_spec", "§5"),  # seed 004 L427; form L262
            passed=multi_ok,
            message=(
                "Multi-capacity auxiliary heat control answered."
                if multi_ok
                else "Answer whether this is a multiple-capacity compressor system and how "
                f"auxiliary heat is controlled (supply air ≤ {rs.multistage_supply_air_max_f:g} °F)."
            ),
            values={"multi_capacity": multi},
            threshold=f"aux heat off while supply air > {rs.multistage_supply_air_max_f:g} °F",
            effect=Status.BPA_PENDING,
        )
    )
    return checks


def compressor_type(measure: MeasureType, facts: Mapping[str, Any]) -> Check:
    """The measure type and the form's compressor box agree (003 L1883-1884; 004 L217)."""
    variable = facts.get("variable_speed")
    ok = variable is None or bool(variable) == (measure == MeasureType.VSHP)
    return Check(
        rule="hp.compressor_matches_measure",
        # Seed 003 L1883-1884 (VSHP definition); form 004 L217.
        source=cite_all(cite("im", "glossary: Variable Speed Heat Pump"), cite("ashp_form")),
        passed=ok,
        message=(
            "Compressor type matches the measure."
            if ok
            else "The compressor type on the form does not match the measure type "
            "(variable speed ↔ VSHP); PTCS staff will review it."
        ),
        values={"measure_type": measure.value, "variable_speed": variable},
        effect=Status.BPA_PENDING,
    )


def ahri(facts: Mapping[str, Any], known: bool | None) -> Check:
    number = (
        (facts.get("ahri_number") or "").strip()
        if isinstance(facts.get("ahri_number"), str)
        else facts.get("ahri_number")
    )
    ok = bool(number) and known is not False
    if not number:
        message = "The AHRI certificate number is missing; PTCS staff will review the job."
    elif known is False:
        message = (
            f"AHRI number {number} is not in the equipment directory; PTCS staff will verify it."
        )
    else:
        message = f"AHRI number {number} recorded."
    return Check(
        rule="hp.ahri_certified",
        # Seed 003 L9981-9984 (AHRI tested and certified), L639-653.
        source=cite("im", "§10.8.2.1"),
        passed=ok,
        message=message,
        values={"ahri_number": number},
        effect=Status.BPA_PENDING,
    )


def heat_pump_checks(
    measure: MeasureType,
    facts: Mapping[str, Any],
    computed: Mapping[str, Any],
    rs: RuleSet,
    ahri_known: bool | None,
    install_date: datetime.date | None = None,
) -> list[Check]:
    """``install_date``: picks the federal minimum in force (jobs.rules.efficiency)."""
    checks = [ahri(facts, ahri_known), compressor_type(measure, facts)]
    checks += efficiency(facts, rs, install_date)
    checks.append(balance_point(facts, rs))
    checks.append(static_pressure(facts, computed, rs))
    checks.append(airflow(computed, rs))
    checks += refrigerant_charge(facts, computed, rs)
    checks += controls(facts, rs)
    return checks


def gshp_checks(
    facts: Mapping[str, Any], rs: RuleSet, heating_zone: int | None, zip_code: str = ""
) -> list[Check]:
    """Ground source: always BPA Pending (seed 000 L29); the zone and home-type rules of
    003 §10.8.2.2 are shown for the reviewer.

    ``heating_zone``: the site's zone from the registry's zone map, None when the map does not
    have ``zip_code`` (the site's ZIP code, named in the message so staff know which ZIP code
    to look up and add to the map)."""
    home_ok = facts.get("home_type") in ("existing_site_built", "new_site_built")
    zone_ok = heating_zone in rs.gshp_heating_zones if heating_zone is not None else None
    zones = " or ".join(str(zone) for zone in rs.gshp_heating_zones)
    if zone_ok:
        zone_message = f"Heating zone {heating_zone} qualifies."
    elif heating_zone is not None:
        only = " and ".join(str(zone) for zone in rs.gshp_heating_zones)
        zone_message = f"Heating zone {heating_zone} does not qualify (zones {only} only)."
    elif zip_code:
        zone_message = (
            f"ZIP {zip_code} is not in the registry's zone map; "
            f"staff verify the site is in heating zone {zones}."
        )
    else:
        zone_message = f"The site's heating zone is not known to the registry; staff verify it is zone {zones}."
    return [
        Check(
            rule="gshp.always_reviewed",
            # Seed 000 L29: ground source heat pumps are always BPA Pending.
            source=cite("registry_help", "Measure Status Definitions"),
            passed=False,
            message="Ground source heat pumps are always reviewed by PTCS staff for eligibility.",
            effect=Status.BPA_PENDING,
        ),
        Check(
            rule="gshp.home_type",
            # Seed 003 §10.8.2.2 (L10177-10178): new and existing single-family homes.
            source=cite("im", "§10.8.2.2"),
            passed=home_ok,
            message=(
                "Single-family home."
                if home_ok
                else "Ground source heat pumps qualify in single-family homes only."
            ),
            values={"home_type": facts.get("home_type")},
            effect=Status.REJECTED,
        ),
        Check(
            rule="gshp.heating_zone",
            # Seed 003 §10.8.2.2 (L10177-10178): heating zones 2 and 3 only.
            source=cite("im", "§10.8.2.2"),
            passed=bool(zone_ok),
            message=zone_message,
            values={"heating_zone": heating_zone, "zip_code": zip_code or None},
            threshold=f"heating zone {zones}",
            effect=Status.BPA_PENDING if zone_ok is None else Status.REJECTED,
        ),
    ]
