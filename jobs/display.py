"""How job values read on screen: labels, units and rounding for the computed values, the
checks and the entered data. Presentation only — every value comes from the engine
(jobs.rules) or the data dictionary (jobs.dictionary.fields); nothing is decided here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jobs.dictionary import fields as dd
from jobs.rules import registry_choices
from jobs.rules.types import AIR_SOURCE, STATUS_LABELS, Check, MeasureType, Status

NO_VALUE = "—"


def number(value: Any, places: int = 2) -> str:
    """1159.4999 → "1159.5" (places=1), 0.400000 → "0.4": rounded, trailing zeros dropped."""
    if value is None or isinstance(value, bool):
        return NO_VALUE
    try:
        text = f"{float(value):.{places}f}"
    except (TypeError, ValueError, OverflowError):
        return str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _static(value: float, facts: Mapping[str, Any]) -> str:
    if facts.get("static_units") == "pa":
        return f"{number(value, 0)} Pa"
    if facts.get("static_units") == "in_wc":
        return f"{number(value, 2)} in. w.c."
    return number(value, 2)


@dataclass(frozen=True)
class ComputedSpec:
    key: str
    label: str
    measures: frozenset[MeasureType]
    places: int = 1
    unit: str = ""


_HP = AIR_SOURCE
_PTCS_DUCT = frozenset({MeasureType.DUCT_SEALING_PTCS})
COMPUTED: tuple[ComputedSpec, ...] = (
    ComputedSpec("external_static", "External static pressure (|return| + |supply|)", _HP),
    ComputedSpec("correction_factor", "TrueFlow correction factor √(NSOP / TFSOP) [C]", _HP, 3),
    ComputedSpec("corrected_flow_cfm", "Corrected flow [C] × [D]", _HP, 0, "CFM"),
    ComputedSpec("cfm_per_ton", "Airflow per ton", _HP, 0, "CFM/ton"),
    ComputedSpec("temp_split", "Temperature split (supply − return)", _HP, 1, "°F"),
    ComputedSpec("subcooling", "Subcooling [A] − [B]", _HP, 1, "°F"),
    ComputedSpec("pre_cfm50_from_ring", "Pre-test CFM from ring and fan pressure", _PTCS_DUCT, 0),
    ComputedSpec("pre_cfm50_used", "Pre-test duct leakage used", _PTCS_DUCT, 0, "CFM50"),
    ComputedSpec("post_cfm50_from_ring", "Post-test CFM from ring and fan pressure", _PTCS_DUCT, 0),
    ComputedSpec("post_cfm50_used", "Post-test duct leakage used", _PTCS_DUCT, 0, "CFM50"),
    ComputedSpec(
        "pre_required_cfm50",
        "Pre-test leakage required for this home (at least)",
        _PTCS_DUCT,
        0,
        "CFM50",
    ),
    ComputedSpec(
        "post_allowed_cfm50",
        "Post-test leakage allowed for this home (at most)",
        _PTCS_DUCT,
        0,
        "CFM50",
    ),
    ComputedSpec("reduction", "Leakage reduction (pre − post) / pre", _PTCS_DUCT, 1, "%"),
)
COMPUTED_LABELS = {c.key: c.label for c in COMPUTED}
BASIS_LABELS = {
    "new_ducts": "new ducts",
    "site_built_existing_ducts": "site-built home, existing ducts",
    "manufactured_1_section": "manufactured home, 1 section",
    "manufactured_2_section": "manufactured home, 2 sections",
    "manufactured_3_section": "manufactured home, 3 sections",
}


#: Heat pump categories (jobs.rules.heat_pump.category; seed 003 §10.8.2.1).
CATEGORY_LABELS = {
    "conversion": "Conversion (replaces an electric forced-air furnace)",
    "upgrade": "Upgrade",
    "ccs": "Commissioning, controls & sizing only",
}


def computed_rows(
    measure: str | None, computed: Mapping[str, Any], facts: Mapping[str, Any]
) -> list[dict[str, str]]:
    """The computed values that belong to ``measure``, formatted; "—" until computable."""
    try:
        measure = MeasureType(measure)
    except ValueError:
        return []
    rows = []
    for spec in COMPUTED:
        if measure not in spec.measures:
            continue
        value = computed.get(spec.key)
        note = ""
        if value is None:
            text = NO_VALUE
        elif spec.key == "external_static":
            text = _static(value, facts)
        elif spec.unit == "%":
            text = f"{number(value * 100, spec.places)} %"
        else:
            text = " ".join(p for p in (number(value, spec.places), spec.unit) if p)
        if spec.key.endswith("_from_ring"):
            note = computed.get(spec.key.replace("_cfm50_from_ring", "_ring_problem")) or ""
        if spec.key == "pre_required_cfm50" and computed.get("basis"):
            note = BASIS_LABELS.get(computed["basis"], computed["basis"])
        rows.append({"key": spec.key, "label": spec.label, "value": text, "note": note})
    return rows


def value_text(value: Any) -> str:
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return number(value, 4)
    return str(value)


def value_label(name: str) -> str:
    spec = dd.FIELDS_BY_NAME.get(name)
    if spec is not None:
        return spec.label
    return COMPUTED_LABELS.get(name, name.replace("_", " "))


#: A check's result as its badge reads; a check not answered yet neither passed nor failed.
RESULT_LABELS = {"fail": "Fail", "unanswered": "Not answered yet", "pass": "Pass"}
_RESULT_ORDER = {result: i for i, result in enumerate(RESULT_LABELS)}


def check_result(check: Mapping[str, Any]) -> str:
    """Whether a check (its stored dict) passed, failed or is not answered yet: "pass",
    "fail" or "unanswered". A check stored without ``answered`` was answered."""
    if check.get("passed"):
        return "pass"
    return "unanswered" if check.get("answered", True) is False else "fail"


def check_rows(checks: Iterable[Check | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Checks (engine objects or their stored dicts) as table rows: failures first, then
    those not answered yet, then the passes."""
    rows = []
    for check in checks:
        data = check.as_dict() if isinstance(check, Check) else dict(check)
        values = data.get("values") or {}
        data["values_text"] = "; ".join(
            f"{value_label(k)} = {value_text(v)}" for k, v in values.items()
        )
        data["effect_label"] = status_label(data.get("effect")) if data.get("effect") else ""
        data["result"] = check_result(data)
        data["result_label"] = RESULT_LABELS[data["result"]]
        rows.append(data)
    return sorted(rows, key=lambda r: _RESULT_ORDER[r["result"]])


def incomplete_label(questions_left: int) -> str:
    """The live status of a form with questions left: "Incomplete: 3 questions left"."""
    noun = "question" if questions_left == 1 else "questions"
    return f"Incomplete: {questions_left} {noun} left"


def status_label(status: str | None) -> str:
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return status or ""


def entered_groups(measure: str, data: Mapping[str, Any]) -> list[tuple[str, list[tuple]]]:
    """The entered data-dictionary values by group, with choice labels, for the status page."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for spec in dd.fields_for(measure):
        value = data.get(spec.name)
        if value is None or value == "":
            continue
        text = dict(spec.choices).get(value, value) if spec.choices else value
        groups.setdefault(spec.group, []).append((spec.label, value_text(text)))
    return [(dd.GROUP_LABELS.get(g, g), rows) for g, rows in groups.items()]


@dataclass(frozen=True)
class ReviewContact:
    name: str
    phone: str


#: Whom a technician calls about a pending job or a correction, by the program administrator
#: reviewing the job (seed 000 L45-48, L51-53). Seed 000 L59 prints Energy Trust's number as
#: 1-866-356-3526 once; L48 and L53 agree on 1-866-365-3526, used here.
REVIEW_CONTACTS = {
    "bpa": ReviewContact("the PTCS team", "1-800-941-3867"),
    "energy_trust": ReviewContact("Energy Trust of Oregon", "1-866-365-3526"),
}


def why_pending(checks: Iterable[Mapping[str, Any]]) -> list[str]:
    """Why a job waits for review: the messages of the failed checks that send it to BPA
    Pending, then those of the other failed checks (stored check dicts)."""
    failed = [c for c in checks if check_result(c) == "fail"]
    pending = [c for c in failed if c.get("effect") == Status.BPA_PENDING.value]
    return [c["message"] for c in pending] + [c["message"] for c in failed if c not in pending]


def ruleset_value(value: Any) -> str:
    """A rule-set value as staff read it: statuses by label, yes/no, lists joined, a per-section
    table as "1: 100, 2: 150", none for an empty value."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        try:
            return STATUS_LABELS[Status(value)]
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(ruleset_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {ruleset_value(v)}" for k, v in value.items()) or "none"
    if isinstance(value, float):
        return number(value, 4)
    return str(value)


def registry_choices_of(checks: Iterable[Check | Mapping[str, Any]]) -> list[dict[str, str]]:
    """The registry choices (rule-set values the program documents are silent on) that a job's
    checks rest on, once each, with the check that rests on it: shown to the reviewer and on
    the job page so nobody mistakes such an outcome for one the program documents give."""
    seen: dict[str, dict[str, str]] = {}
    for check in checks:
        data = check.as_dict() if isinstance(check, Check) else check
        if data.get("answered") is False:
            continue
        for name in data.get("rests_on") or ():
            if name not in seen:
                seen[name] = {
                    "name": name,
                    "label": registry_choices.label(name),
                    "rationale": registry_choices.rationale(name),
                    "check": data.get("message", ""),
                }
    return list(seen.values())
