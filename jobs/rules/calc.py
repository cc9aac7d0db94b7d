"""Values the registry computes from what the technician typed (spec §4, seed 004 forms).

Every function is total: missing or unusable inputs give None, never an exception, so the
live preview can call them on a half-filled form.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from jobs.rules.ruleset import RuleSet
from jobs.rules.types import RingCalibrationFact


def num(facts: Mapping[str, Any], name: str) -> float | None:
    value = facts.get(name)
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int beyond float range
        return None
    return result if math.isfinite(result) else None


def external_static(return_static: float | None, supply_static: float | None) -> float | None:
    """ESP = |return| + |supply| — "add values in #1 and #2; ignore the minus sign" (004 L228)."""
    if return_static is None or supply_static is None:
        return None
    # Rounded to 6 places so that e.g. 0.35 + 0.45 is exactly 0.8 at the threshold.
    return round(abs(return_static) + abs(supply_static), 6)


def correction_factor(nsop: float | None, tfsop: float | None) -> float | None:
    """TrueFlow correction factor [C] = √([A] NSOP / [B] TFSOP) (004 L235-236)."""
    if nsop is None or tfsop is None or tfsop == 0:
        return None
    ratio = abs(nsop) / abs(tfsop)
    return math.sqrt(ratio)


def corrected_flow(factor: float | None, raw_flow: float | None) -> float | None:
    """Corrected flow = [C] × [D] raw flow from the TrueFlow tables (004 L237)."""
    if factor is None or raw_flow is None:
        return None
    return factor * raw_flow


def per_ton(flow: float | None, tons: float | None) -> float | None:
    """CFM per ton of rated capacity (12,000 Btu/h; 004 L413, 003 L1851-1852)."""
    if flow is None or not tons:
        return None
    return flow / tons


def difference(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return round(a - b, 6)


def ring_flow(
    calibrations: Iterable[RingCalibrationFact],
    equipment: str | None,
    ring: str | None,
    fan_pressure_pa: float | None,
) -> tuple[float | None, str | None]:
    """Duct blaster CFM = C × P^n for the ring used (spec §4; 004 L368). Returns (cfm, problem)."""
    if not ring or fan_pressure_pa is None:
        return None, None
    # Only the calibration of the equipment used: another make's ring 1 is a different
    # orifice. Without equipment on the form, any calibration of that ring name is used.
    match = [
        c
        for c in calibrations
        if c.ring == str(ring) and (not equipment or c.equipment == equipment)
    ]
    if not match:
        return None, f"no calibration for ring {ring}; enter the CFM reading"
    cal = match[0]
    if fan_pressure_pa <= 0:
        return None, "fan pressure must be above 0 Pa"
    if cal.min_pa is not None and fan_pressure_pa < cal.min_pa:
        return None, f"{fan_pressure_pa:g} Pa is below ring {ring}'s range; use a smaller ring"
    if cal.max_pa is not None and fan_pressure_pa > cal.max_pa:
        return None, f"{fan_pressure_pa:g} Pa is above ring {ring}'s range; use a larger ring"
    return cal.c * fan_pressure_pa**cal.n, None


def duct_system_area(facts: Mapping[str, Any]) -> float | None:
    """The floor area this duct system serves: as entered, else the heated area of a home with
    one duct system. None for a two-system home without it (its second system serves only part
    of the home, 003 L10369-10371), so no limit is guessed."""
    area = num(facts, "duct_system_area_sqft")
    if area is not None:
        return area
    if facts.get("separate_duct_systems"):
        return None
    return num(facts, "heated_area_sqft")


def duct_thresholds(facts: Mapping[str, Any], rs: RuleSet) -> dict[str, Any]:
    """Pre-test minimum and post-test maximum for this home (004 B.2.2, B.3.2, C.1.2-C.3.2),
    of the floor area served by the system (C.1.2 L519, C.2.2 L524)."""
    area = duct_system_area(facts)
    home = facts.get("home_type")
    sections = num(facts, "manufactured_sections")
    if facts.get("duct_type") == "new":
        if area is None:
            return {}
        return {
            "pre_required_cfm50": None,
            "post_allowed_cfm50": max(
                rs.new_duct_post_pct_of_area * area, rs.new_duct_post_min_cfm50
            ),
            "basis": "new_ducts",
        }
    if home == "manufactured":
        key = int(sections) if sections in (1, 2, 3) else None
        if key is None:
            return {}
        return {
            "pre_required_cfm50": rs.mh_pre_min_cfm50[key],
            "post_allowed_cfm50": rs.mh_post_max_cfm50[key],
            "basis": f"manufactured_{key}_section",
        }
    if area is None:
        return {}
    pre = (
        rs.site_pre_pct_of_area * area
        if area < rs.site_pre_area_break_sqft
        else rs.site_pre_min_cfm50
    )
    return {
        "pre_required_cfm50": pre,
        "post_allowed_cfm50": rs.site_post_pct_of_area * area,
        "basis": "site_built_existing_ducts",
    }


def reduction(pre: float | None, post: float | None) -> float | None:
    """Leakage reduction (pre − post) / pre, unrounded (domain-rules §5.2)."""
    if pre is None or post is None or pre <= 0:
        return None
    return (pre - post) / pre


def compute(
    facts: Mapping[str, Any], rs: RuleSet, calibrations: Iterable[RingCalibrationFact] = ()
) -> dict[str, Any]:
    """Every computed value of the data dictionary for the live preview and the engine."""
    calibrations = tuple(calibrations)
    out: dict[str, Any] = {}
    out["external_static"] = external_static(
        num(facts, "return_static"), num(facts, "supply_static")
    )
    factor = correction_factor(num(facts, "nsop"), num(facts, "tfsop"))
    out["correction_factor"] = factor
    out["corrected_flow_cfm"] = corrected_flow(factor, num(facts, "raw_flow_cfm"))
    out["cfm_per_ton"] = per_ton(out["corrected_flow_cfm"], num(facts, "outdoor_capacity_tons"))
    out["temp_split"] = difference(num(facts, "supply_air_f"), num(facts, "return_air_f"))
    out["subcooling"] = difference(num(facts, "discharge_temp_f"), num(facts, "liquid_line_temp_f"))

    equipment = facts.get("test_equipment") or None
    for phase in ("pre", "post"):
        entered = num(facts, f"{phase}_cfm50")
        flow, problem = ring_flow(
            calibrations,
            equipment,
            facts.get(f"{phase}_ring"),
            num(facts, f"{phase}_fan_pressure_pa"),
        )
        out[f"{phase}_cfm50_from_ring"] = flow
        out[f"{phase}_ring_problem"] = problem
        out[f"{phase}_cfm50_used"] = entered if entered is not None else flow
    out.update(duct_thresholds(facts, rs))
    out["reduction"] = reduction(out["pre_cfm50_used"], out["post_cfm50_used"])
    return out
