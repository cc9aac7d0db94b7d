"""Duct sealing checks: PTCS Duct Sealing Specification of 1 Apr 2015 (seed 004 L440-530,
form L333-392) and IM §10.8.2.3 (seed 003 L10339-10371)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.rules.calc import num
from jobs.rules.documents import cite, cite_all
from jobs.rules.ruleset import RuleSet
from jobs.rules.types import Check, MeasureType, Status

#: "heated with an electric forced air furnace or a heat pump" (004 L444; 003 L10339-10341).
ELECTRIC_DUCTED = {"electric_fa_no_ac", "electric_fa_with_ac", "air_source_hp", "ground_source_hp"}


#: "Record Only (No duct sealing done)" on the form (004 L364).
NO_SEALING = "record_only_no_sealing"
#: The reading check of each test, spelled out so that every rule name is written once as it
#: is (jobs.rules.answers lists what each rule reads).
READING_RULES = {"pre": "duct.pre_reading", "post": "duct.post_reading"}


def _specification_statement(facts: Mapping[str, Any]) -> Check:
    meets = facts.get("meets_specification")
    return Check(
        rule="duct.specification_requirements",
        source=cite("duct_spec", "§§1–9"),  # seed 004 L467-510; form L378
        passed=bool(meets),
        message=(
            "The technician confirms the sealing meets specification sections 1–9."
            if meets
            else "The sealing does not meet the specification requirements (repairs, screws, "
            "straps, support, mastic)."
        ),
        values={"meets_specification": meets},
        effect=Status.REJECTED,
    )


def eligibility(measure: MeasureType, facts: Mapping[str, Any], rs: RuleSet) -> list[Check]:
    checks = []
    home = facts.get("home_type")
    home_ok = home in ("existing_site_built", "manufactured")
    checks.append(
        Check(
            rule="duct.existing_home",
            # Seed 003 §10.8.2.3 (L10339-10353); 004 L444.
            source=cite_all(cite("im", "§10.8.2.3"), cite("duct_spec", "Applicability")),
            passed=home_ok,
            message=(
                "Existing single-family or manufactured home."
                if home_ok
                else "Duct sealing is a measure for existing homes only (not new construction)."
            ),
            values={"home_type": home},
            effect=Status.REJECTED,
        )
    )
    heating = facts.get("existing_heating_system")
    electric = heating in ELECTRIC_DUCTED
    checks.append(
        Check(
            rule="duct.electric_heat",
            # Seed 003 §10.8.2.3 (L10339-10341); 004 L444; outcome [INF, domain-rules §6.2].
            source=cite_all(cite("im", "§10.8.2.3"), cite("duct_spec", "Applicability")),
            passed=electric,
            message=(
                "Ducts serve an electric forced-air furnace or a heat pump."
                if electric
                else "BPA pays for duct sealing only where the ducts serve electric heat "
                "(electric furnace or heat pump); PTCS staff will review this job."
            ),
            values={"existing_heating_system": heating},
            effect=rs.non_electric_duct_effect,
        )
    )
    unconditioned = bool(facts.get("ducts_30pct_unconditioned"))
    exception = bool(facts.get("high_pressure_leak_exception"))
    ok = unconditioned or exception
    checks.append(
        Check(
            rule="duct.unconditioned_supply_30pct",
            source=cite("duct_spec", "§1"),  # seed 004 L469; form L355
            passed=ok,
            message=(
                f"At least {rs.min_unconditioned_supply_pct:g} % of supply ducts are in unconditioned space."
                if unconditioned
                else "Fewer than 30 % of supply ducts are unconditioned, but a high operating pressure "
                "leak within 15 ft of the furnace makes the system eligible."
                if exception
                else f"Fewer than {rs.min_unconditioned_supply_pct:g} % of supply ducts are in unconditioned "
                "space and accessible, and there is no high-pressure-leak exception: the home "
                "does not qualify for duct sealing."
            ),
            values={
                "ducts_30pct_unconditioned": unconditioned,
                "high_pressure_leak_exception": exception,
            },
            threshold=f"≥ {rs.min_unconditioned_supply_pct:g} % of supply ducts unconditioned, or a high-pressure leak",
            effect=Status.REJECTED,
        )
    )
    combustion = bool(facts.get("combustion_appliance"))
    co_ok = not combustion or bool(facts.get("co_detector"))
    checks.append(
        Check(
            rule="duct.co_detector",
            source=cite("duct_spec", "§9"),  # seed 004 L508-510; form L380-390
            passed=co_ok,
            message=(
                "No combustion appliance, or a working CO detector is installed."
                if co_ok
                else "There is a combustion appliance and no working CO detector: a UL-listed CO "
                "detector must be installed."
            ),
            values={
                "combustion_appliance": combustion,
                "co_detector": bool(facts.get("co_detector")),
            },
            effect=Status.REJECTED,
        )
    )
    # "The duct sealing at this site meets program requirements" (004 L378) attests to sealing
    # work: with "Record Only (no duct sealing done)" (004 L364) there is none, so it is not
    # asked and its answer cannot reject the job (Record Only, seed 000 L27).
    if facts.get("condition") != NO_SEALING:
        checks.append(_specification_statement(facts))
    if measure == MeasureType.DUCT_SEALING_PRESCRIPTIVE and facts.get("condition") not in (
        None,
        "",
        "none",
    ):
        checks.append(
            Check(
                rule="duct.prescriptive_no_record_only",
                # Seed 000 L27: Record Only is an option for PTCS duct sealing only.
                source=cite("registry_help", "Measure Status Definitions"),
                passed=False,
                message="Record Only and Certification Only apply to PTCS duct sealing jobs only; "
                "PTCS staff will review this prescriptive job.",
                values={"condition": facts.get("condition")},
                effect=Status.BPA_PENDING,
            )
        )
    return checks


def _measurement(
    phase: str, computed: Mapping[str, Any], facts: Mapping[str, Any], rs: RuleSet
) -> list[Check]:
    """Entered CFM vs ring × fan pressure: flag disagreements and unusable readings."""
    checks = []
    entered = num(facts, f"{phase}_cfm50")
    from_ring = computed.get(f"{phase}_cfm50_from_ring")
    problem = computed.get(f"{phase}_ring_problem")
    if entered is None and problem:
        checks.append(
            Check(
                rule=READING_RULES[phase],
                # Seed 004 L368 (CFM from ring and fan pressure).
                source=cite("duct_form", "duct leakage test"),
                passed=False,
                message=f"{phase.title()}-test CFM could not be computed: {problem}.",
                effect=Status.BPA_PENDING,
            )
        )
    elif entered is not None and from_ring:
        gap = abs(entered - from_ring) / from_ring
        ok = gap <= rs.entered_cfm_tolerance
        checks.append(
            Check(
                rule=READING_RULES[phase],
                # Seed 004 L368; the tolerance is the registry's [INF, domain-rules §10].
                source=cite_all(
                    cite("duct_form", "duct leakage test"),
                    cite("registry_rule_set", "entered CFM tolerance"),
                ),
                passed=ok,
                message=(
                    f"{phase.title()}-test CFM {entered:g} agrees with ring and fan pressure ({from_ring:.0f})."
                    if ok
                    else f"{phase.title()}-test CFM {entered:g} differs from ring and fan pressure "
                    f"({from_ring:.0f} CFM) by more than {rs.entered_cfm_tolerance:.0%}; PTCS staff will review it."
                ),
                values={"entered": entered, "from_ring": from_ring},
                effect=Status.BPA_PENDING,
            )
        )
    return checks


def _area_served_missing(facts: Mapping[str, Any]) -> bool:
    """A site-built home with two duct systems and no floor area for this one (the limits of
    a manufactured home go by its sections, not its area)."""
    return (
        bool(facts.get("separate_duct_systems"))
        and facts.get("home_type") != "manufactured"
        and num(facts, "duct_system_area_sqft") is None
    )


def leakage(facts: Mapping[str, Any], computed: Mapping[str, Any], rs: RuleSet) -> list[Check]:
    """Pre/post leakage (004 B.1-B.3, C.1-C.3) and the status matrix of seed 000 L26-27."""
    checks: list[Check] = []
    condition = facts.get("condition") or "none"
    pre = computed.get("pre_cfm50_used")
    post = computed.get("post_cfm50_used")
    pre_req = computed.get("pre_required_cfm50")
    post_max = computed.get("post_allowed_cfm50")
    red = computed.get("reduction")
    basis = computed.get("basis")
    pressure = num(facts, "house_pressure_pa")
    if pressure is not None and pressure != rs.test_house_pressure_pa:
        checks.append(
            Check(
                rule="duct.house_pressure",
                source=cite("duct_spec", "Appendix A"),  # seed 004 L548; form L366
                passed=False,
                message=f"House pressurized to {pressure:g} Pa instead of +{rs.test_house_pressure_pa:g} Pa; "
                "the readings are not CFM50, so PTCS staff will review them.",
                values={"house_pressure_pa": pressure},
                effect=Status.BPA_PENDING,
            )
        )
    checks += _measurement("post", computed, facts, rs)

    if condition == NO_SEALING:
        checks.append(
            Check(
                rule="duct.record_only_no_sealing",
                # Seed 000 L27; form 004 L364.
                source=cite_all(
                    cite("registry_help", "Measure Status Definitions"), cite("duct_form")
                ),
                passed=False,
                message="No duct sealing was done: the job is recorded only (Record Only).",
                values={"post_cfm50": post},
                effect=Status.RECORD_ONLY,
            )
        )
        return checks

    if not basis and _area_served_missing(facts):
        checks.append(
            Check(
                rule="duct.area_served",
                # Seed 004 L519, L524; IM §10.8.2.3 (003 L10369-10371).
                source=cite_all(cite("duct_spec", "C.1.2", "C.2.2"), cite("im", "§10.8.2.3")),
                passed=False,
                message="The home has two duct systems: the leakage limits are a share of the "
                "floor area this system serves, which was not entered. PTCS staff will review the "
                "job; enter the area served to have it checked.",
                values={"separate_duct_systems": True, "duct_system_area_sqft": None},
                effect=Status.BPA_PENDING,
            )
        )
        return checks

    if not basis or post is None:
        checks.append(
            Check(
                rule="duct.leakage_readings",
                source=cite("duct_spec", "B", "C"),  # seed 004 L450-530
                passed=False,
                message="Leakage readings or the home size are missing; PTCS staff will review the job.",
                effect=Status.BPA_PENDING,
            )
        )
        return checks

    if basis == "new_ducts":
        ok = post <= post_max
        checks.append(
            Check(
                rule="duct.post_new_ducts",
                source=cite("duct_spec", "C.1.2"),  # seed 004 L519
                passed=ok,
                message=(
                    f"Post-test {post:.0f} CFM50 is at or below {post_max:.0f} CFM50."
                    if ok
                    else f"Post-test {post:.0f} CFM50 exceeds {post_max:.0f} CFM50 allowed for new ducts."
                ),
                values={"post_cfm50": post, "allowed": post_max},
                threshold="≤ max(10 % of floor area, 75) CFM50",
                effect=Status.REJECTED,
            )
        )
        return checks

    checks += _measurement("pre", computed, facts, rs)
    # Manufactured homes: B.3.2 (seed 004 L465), C.3.2 (L529); site built: B.2.2 (L461), C.2.2 (L524).
    manufactured = basis.startswith("manufactured")
    cite_pre = cite("duct_spec", "B.3.2" if manufactured else "B.2.2")
    cite_post = cite("duct_spec", "C.3.2" if manufactured else "C.2.2")
    pre_ok = pre is not None and pre >= pre_req
    post_abs_ok = post <= post_max
    red_ok = red is not None and red >= rs.min_reduction
    post_ok = post_abs_ok or red_ok
    checks.append(
        Check(
            rule="duct.pre_test_leakage",
            source=cite_pre,
            passed=pre_ok,
            message=(
                f"Pre-test {pre:.0f} CFM50 is at or above the {pre_req:.0f} CFM50 required."
                if pre_ok
                else f"Pre-test leakage {'missing' if pre is None else f'{pre:.0f} CFM50'} is below the "
                f"{pre_req:.0f} CFM50 this home needs to qualify for sealing."
            ),
            values={"pre_cfm50": pre, "required": pre_req},
            threshold=f"≥ {pre_req:.0f} CFM50",
        )
    )
    checks.append(
        Check(
            rule="duct.post_test_leakage",
            source=cite_post,
            passed=post_ok,
            message=(
                f"Post-test {post:.0f} CFM50 meets the requirement "
                + (
                    f"(≤ {post_max:.0f} CFM50)."
                    if post_abs_ok
                    else f"({red:.0%} reduction ≥ {rs.min_reduction:.0%})."
                )
                if post_ok
                else f"Post-test {post:.0f} CFM50 is above {post_max:.0f} CFM50 and the reduction "
                f"{'cannot be computed' if red is None else f'{red:.0%}'} is under {rs.min_reduction:.0%}."
            ),
            values={"post_cfm50": post, "allowed": post_max, "reduction": red},
            threshold=f"≤ {post_max:.0f} CFM50 or ≥ {rs.min_reduction:.0%} reduction",
        )
    )
    # Status matrix (domain-rules §5.3): pre ok & post ok → approved; pre low & post ok →
    # PTCS-Certified Only (000 L26); pre low & post high → Record Only (000 L27);
    # pre ok & post high → seed-silent, rule set decides (default Rejected).
    if pre_ok and not post_ok:
        effect, message = (
            rs.pre_ok_post_fail_effect,
            "Pre-test qualified but the post-test does not meet the tightness requirement.",
        )
    elif not pre_ok and post_ok:
        effect, message = (
            Status.PTCS_CERTIFIED_ONLY,
            "Leakage reduction meets requirements but the pre-test leakage is too low: PTCS-Certified Only.",
        )
    elif not pre_ok and not post_ok:
        effect, message = (
            Status.RECORD_ONLY,
            "Pre-test leakage too low and post-test too high: Record Only.",
        )
    else:
        effect, message = None, "Pre- and post-test leakage meet the specification."
    checks.append(
        Check(
            rule="duct.leakage_outcome",
            # Seed 000 L26-27 (status definitions); 004 B and C.
            source=cite_all(
                cite("registry_help", "Measure Status Definitions"), cite("duct_spec", "B", "C")
            ),
            passed=effect is None,
            message=message,
            values={"pre_ok": pre_ok, "post_ok": post_ok},
            effect=effect,
        )
    )
    declared_cert_only = condition == "certification_only"
    if declared_cert_only and pre_ok:
        checks.append(
            Check(
                rule="duct.declared_certification_only",
                source=cite("duct_form"),  # form 004 L364
                passed=False,
                message="“PTCS Certification ONLY” was ticked but the pre-test meets the requirement; "
                "PTCS staff will review which applies.",
                effect=Status.BPA_PENDING,
            )
        )
    return checks
