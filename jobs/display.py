"""How job values read on screen: labels, units and rounding for the computed values, the
checks and the entered data. Presentation only — every value comes from the engine
(jobs.rules) or the data dictionary (jobs.dictionary.fields); nothing is decided here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jobs.dictionary import fields as dd
from jobs.models import Job
from jobs.rules import registry_choices
from jobs.rules.types import (
    AIR_SOURCE,
    GSHP_QUALIFICATIONS,
    STATUS_LABELS,
    Check,
    MeasureType,
    Status,
)
from technicians.models import CertificationType

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


COMPUTED_BY_KEY = {c.key: c for c in COMPUTED}


_STATIC_UNITS = {"pa": ("Pa", 0), "in_wc": ("in. w.c.", 2)}


def computed_number(key: str, value: Any, facts: Mapping[str, Any]) -> str:
    """A computed value rounded as the paper form rounds it, without its unit (the stored
    value keeps its full precision): a share in percent, an external static pressure to the
    places of its units (``facts["static_units"]``), a value of no known key to 2 places."""
    spec = COMPUTED_BY_KEY.get(key)
    if value is None:
        return NO_VALUE
    if spec is None:
        return number(value, 2)
    if key == "external_static":
        return number(value, _STATIC_UNITS.get(facts.get("static_units"), ("", 2))[1])
    if spec.unit == "%" and isinstance(value, int | float):
        return number(value * 100, spec.places)
    return number(value, spec.places)


def computed_text(key: str, value: Any, facts: Mapping[str, Any]) -> str:
    """A computed value as the paper form shows it: rounded, with its unit ("246 CFM/ton",
    "75 %", "0.5 in. w.c.")."""
    text = computed_number(key, value, facts)
    if text == NO_VALUE:
        return text
    unit = COMPUTED_BY_KEY[key].unit if key in COMPUTED_BY_KEY else ""
    if key == "external_static":
        unit = _STATIC_UNITS.get(facts.get("static_units"), ("", 2))[0]
    return f"{text} {unit}" if unit else text


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
        note = ""
        if spec.key.endswith("_from_ring"):
            note = computed.get(spec.key.replace("_cfm50_from_ring", "_ring_problem")) or ""
        if spec.key == "pre_required_cfm50" and computed.get("basis"):
            note = BASIS_LABELS.get(computed["basis"], computed["basis"])
        text = computed_text(spec.key, computed.get(spec.key), facts)
        rows.append({"key": spec.key, "label": spec.label, "value": text, "note": note})
    return rows


#: Certification types, measure types and statuses by label: the codes stay in the data.
CERTIFICATION_LABELS: dict[str, str] = dict(CertificationType.choices)
MEASURE_TYPE_LABELS: dict[str, str] = dict(Job.MeasureType.choices)
_STATUSES: dict[str, str] = {status.value: label for status, label in STATUS_LABELS.items()}
#: Every stored code a person may read, by the name it is stored under: the data dictionary's
#: choices, then the registry's own codes. Whatever is not listed reads as stored.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    **{spec.name: dict(spec.choices) for spec in dd.FIELDS if spec.choices},
    "status": _STATUSES,
    "from_status": _STATUSES,
    "to_status": _STATUSES,
    "effect": _STATUSES,
    "measure_type": MEASURE_TYPE_LABELS,
    "category": CATEGORY_LABELS,
    "basis": BASIS_LABELS,
    "certification": CERTIFICATION_LABELS,
    "cert_type": CERTIFICATION_LABELS,
}


def choice_label(name: str, value: Any) -> Any:
    """The label of the code ``value`` stored under ``name`` ("electric_fa_no_ac" →
    "Electric forced air w/out AC"); any other value unchanged."""
    labels = CHOICE_LABELS.get(name)
    if labels is not None and isinstance(value, str):
        return labels.get(value, value)
    return value


def value_text(value: Any, name: str | None = None) -> str:
    """A stored value as a person reads it: "—" when empty, Yes/No, and, given the ``name`` it
    is stored under, a choice by its label and a lockout temperature with its unit."""
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name is not None:
        labelled = choice_label(name, value)
        if labelled is not value:
            return str(labelled)
        spec = dd.FIELDS_BY_NAME.get(name)
        if spec is not None and spec.kind == "lockout" and _is_number(value):
            return f"{value} °F"  # a lockout typed as a temperature (clean_value keeps "30")
    if isinstance(value, float):
        return number(value, 4)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v, name) for v in value) or NO_VALUE
    return str(value)


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def value_label(name: str) -> str:
    spec = dd.FIELDS_BY_NAME.get(name)
    if spec is not None:
        return spec.label
    return COMPUTED_LABELS.get(name, name.replace("_", " "))


@dataclass(frozen=True)
class CheckValue:
    """How a value a check records reads when it is neither a data-dictionary field nor a
    computed value under its own name: its label, and the computed value whose rounding and
    unit it shares (a leakage figure is whole CFM50, as on the paper form)."""

    label: str
    like: str | None = None


CHECK_VALUES: dict[str, CheckValue] = {
    "certification": CheckValue("Certification needed"),
    "install_date": CheckValue("Install date"),
    "federal_minimum_from": CheckValue("Federal minimum in force from"),
    "measure_type": CheckValue("Measure type"),
    "other_jobs": CheckValue("Other jobs of the same kind at this site"),
    "heating_zone": CheckValue("Heating zone"),
    "zip_code": CheckValue("ZIP code"),
    # The leakage checks record the leakage used (entered, or from the ring and fan pressure).
    "pre_cfm50": CheckValue(COMPUTED_LABELS["pre_cfm50_used"], "pre_cfm50_used"),
    "post_cfm50": CheckValue(COMPUTED_LABELS["post_cfm50_used"], "post_cfm50_used"),
    "required": CheckValue(COMPUTED_LABELS["pre_required_cfm50"], "pre_required_cfm50"),
    "allowed": CheckValue(COMPUTED_LABELS["post_allowed_cfm50"], "post_allowed_cfm50"),
    "entered": CheckValue("Duct blaster CFM entered", "pre_cfm50_used"),
    "from_ring": CheckValue("CFM from ring and fan pressure", "pre_cfm50_from_ring"),
    "pre_ok": CheckValue("Pre-test leakage meets the requirement"),
    "post_ok": CheckValue("Post-test leakage meets the requirement"),
    **{f"held_{key}": CheckValue(f"{label} held by") for key, label, _ in GSHP_QUALIFICATIONS},
}


def check_value_label(name: str) -> str:
    """The label of a value a check records (its ``values`` key)."""
    if name in CHECK_VALUES:
        return CHECK_VALUES[name].label
    return value_label(name)


def check_value_text(name: str, value: Any, values: Mapping[str, Any]) -> str:
    """A value a check records, as the job page shows the same value elsewhere: a computed
    value rounded like its computed display (cfm_per_ton 245.9549 → "246 CFM/ton"), a choice
    by its label, Yes/No. ``values`` are the check's other values (the pressure units)."""
    like = CHECK_VALUES[name].like if name in CHECK_VALUES else name
    if like in COMPUTED_BY_KEY and isinstance(value, int | float) and not isinstance(value, bool):
        return computed_text(like, value, values)
    return value_text(value, name)


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
            f"{check_value_label(k)} = {check_value_text(k, v, values)}" for k, v in values.items()
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
        groups.setdefault(spec.group, []).append((spec.label, value_text(value, spec.name)))
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
