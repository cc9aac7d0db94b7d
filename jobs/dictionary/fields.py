"""The data dictionary (spec §4): one declaration of every job field, used by the entry
forms, the API serializers, the exports and the bulk upload alike.

Pure Python. ``clean_facts`` turns raw strings/JSON into typed values with field errors;
``completion_errors`` lists what must be filled in before a job can be completed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jobs.rules.types import AIR_SOURCE, DUCT_MEASURES, HEAT_PUMPS, MeasureType
from registry.lib.text import clean_text

HP = AIR_SOURCE
GS = frozenset({MeasureType.GSHP})
ALL_HP = frozenset(HEAT_PUMPS)
DUCTS = frozenset(DUCT_MEASURES)
PTCS_DUCT = frozenset({MeasureType.DUCT_SEALING_PTCS})
EVERY = frozenset(MeasureType)

YES_NO_NA = (("yes", "Yes"), ("no", "No"), ("na", "N/A"))
#: The heat pump's efficiency ratings come in pairs; one complete pair completes a job.
RATING_PAIRS = "SEER and HSPF, or SEER2 and HSPF2"
RATING_PAIR_FIELDS = (("seer", "hspf"), ("seer2", "hspf2"))
RINGS = (
    ("open", "Open"),
    ("1", "Ring 1"),
    ("2", "Ring 2"),
    ("3", "Ring 3"),
    ("h", "H"),
    ("m", "M"),
    ("l", "L"),
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    # decimal | int | bool | choice | text | date | lockout (a choice or a °F value) |
    # ids (Technician IDs, kept as "10002, 10003")
    kind: str
    group: str
    measures: frozenset[MeasureType]
    choices: tuple[tuple[str, str], ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    max_length: int = 100
    help: str = ""
    # Required before "Complete" (on top of the conditional rules in completion_errors).
    required: bool = False
    default: Any = None
    extra: dict = field(default_factory=dict)


F = FieldSpec
# fmt: off
FIELDS: tuple[FieldSpec, ...] = (
    # --- Home (site block; forms 004 L202-208, L348-353) -----------------------------------
    F("home_type", "Home type", "choice", "home", EVERY, required=True, choices=(
        ("existing_site_built", "Existing site built"),
        ("new_site_built", "New construction site built"), ("manufactured", "Manufactured"))),
    F("manufactured_sections", "Manufactured home sections", "int", "home", EVERY,
      min_value=1, max_value=3, help="1 = single wide, 2 = double wide, 3 = triple wide."),
    F("heated_area_sqft", "Heated area (sq ft)", "decimal", "home", EVERY,
      min_value=100, max_value=20000, required=True),
    F("foundation_type", "Foundation type (site built)", "choice", "home", EVERY, choices=(
        ("crawlspace", "Crawlspace"), ("full_basement", "Full basement"),
        ("half_basement", "Half basement"), ("slab", "Slab"))),
    F("existing_heating_system", "Existing heating system (new home: system installed)", "choice",
      "home", EVERY, required=True, choices=(
          ("electric_fa_no_ac", "Electric forced air w/out AC"),
          ("electric_fa_with_ac", "Electric forced air w/ AC"),
          ("electric_zonal", "Electric zonal"), ("air_source_hp", "Air source heat pump"),
          ("ground_source_hp", "Ground source heat pump"), ("gas_furnace", "Natural gas furnace"),
          ("other_non_electric", "Other non-electric space heating"))),
    F("backup_heat", "Back-up heat", "choice", "home", EVERY, required=True, choices=(
        ("none", "None"), ("electric_fa", "Electric forced air"), ("electric_zonal", "Electric zonal"),
        ("gas_furnace", "Natural gas furnace"), ("non_electric", "Non-electric space heating"))),
    F("separate_duct_systems", "Home has two separate duct systems", "bool", "home", EVERY,
      help="Allows a second heat pump or duct sealing measure at this home (IM §10.8.2)."),
    # The post-test limits are a share of "the floor area served by the system" (004 C.1.2
    # L519, C.2.2 L524); a home's second duct system serves only part of it (003
    # L10369-10371). Empty on a one-system home: the heated area is that system's area.
    F("duct_system_area_sqft", "Floor area served by this duct system (sq ft)", "decimal",
      "home", DUCTS, min_value=100, max_value=20000,
      help="Needed when the home has two duct systems; otherwise the heated area is used."),
    # --- Heat pump equipment (004 L210-220) ------------------------------------------------
    F("ahri_number", "AHRI #", "text", "equipment", ALL_HP, required=True, max_length=20),
    # A unit is rated in SEER/HSPF or, under DOE's 2023 test procedure, in SEER2/HSPF2:
    # completing a job needs one complete pair (completion_errors), so none is required alone.
    F("seer", "SEER", "decimal", "equipment", ALL_HP, min_value=5, max_value=45,
      help="Enter SEER and HSPF, or SEER2 and HSPF2 for a unit rated that way."),
    F("hspf", "HSPF", "decimal", "equipment", ALL_HP, min_value=4, max_value=20),
    F("seer2", "SEER2", "decimal", "equipment", ALL_HP, min_value=5, max_value=45,
      help="SEER2 and HSPF2: the ratings of DOE's 2023 test procedure, on AHRI certificates "
      "from 2023."),
    F("hspf2", "HSPF2", "decimal", "equipment", ALL_HP, min_value=3, max_value=20),
    F("outdoor_capacity_tons", "Outdoor HP capacity (tons)", "decimal", "equipment", ALL_HP,
      min_value=0.5, max_value=10, required=True),
    F("make", "Heat pump make", "text", "equipment", ALL_HP, required=True, max_length=60),
    F("outdoor_model", "Outdoor HP model #", "text", "equipment", ALL_HP, required=True,
      max_length=60),
    F("indoor_model", "Indoor HP model #", "text", "equipment", ALL_HP, max_length=60),
    F("variable_speed", "Variable speed compressor", "bool", "equipment", HP),
    F("balance_point_f", "Balance point (°F)", "decimal", "equipment", HP, min_value=-40,
      max_value=70, required=True, help="Provide the balance point documentation to the utility."),
    F("desuperheater", "Desuperheater installed", "bool", "equipment", GS),
    F("loop_type", "Loop type", "choice", "equipment", GS,
      choices=(("closed", "Closed loop"), ("open", "Open loop"))),
    # Several technicians may together hold the PTCS and IGSHPA certifications a ground source
    # installation needs, if all were present (003 L10232-10242).
    F("technicians_present", "Other technicians present (Technician IDs)", "ids", "equipment",
      GS, max_length=100,
      help="When the PTCS and IGSHPA certifications are held by different technicians: the "
      "others who were present at the installation, by Technician ID, separated by commas."),
    F("tests_in_test_mode", "All tests in Test Only / Check Charge mode?", "choice", "equipment",
      HP, choices=YES_NO_NA),
    # --- External static pressure (004 L222-229) ------------------------------------------
    F("static_units", "Pressure units (same for TrueFlow)", "choice", "airflow", HP,
      required=True, choices=(("pa", "Pa"), ("in_wc", "Inches H2O"))),
    F("return_static", "Return static pressure", "decimal", "airflow", HP, min_value=-1000,
      max_value=1000, required=True),
    F("supply_static", "Supply static pressure", "decimal", "airflow", HP, min_value=-1000,
      max_value=1000, required=True),
    # --- TrueFlow (004 L231-238) -----------------------------------------------------------
    F("nsop", "NSOP [A]", "decimal", "airflow", HP, min_value=0.001, max_value=1000, required=True),
    F("tfsop", "TFSOP [B]", "decimal", "airflow", HP, min_value=0.001, max_value=1000,
      required=True),
    F("plate_size", "TrueFlow plate size", "choice", "airflow", HP, required=True,
      choices=(("14", "14"), ("20", "20"))),
    F("plate_location", "Plate location", "choice", "airflow", HP, required=True,
      choices=(("air_handler", "Air handler"), ("return_grille", "Return grille"))),
    F("plate_pressure_pa", "Plate pressure (Pa)", "decimal", "airflow", HP, min_value=0,
      max_value=1000),
    F("raw_flow_cfm", "Raw flow CFM from tables [D]", "decimal", "airflow", HP, min_value=1,
      max_value=10000, required=True),
    # --- Refrigerant charge (004 L240-254) -------------------------------------------------
    F("outdoor_temp_f", "Outside air temperature (°F)", "decimal", "charge", HP, min_value=-40,
      max_value=130, required=True),
    F("test_mode", "Mode unit tested in", "choice", "charge", HP, required=True,
      choices=(("heating", "Heating (≤ 65 °F)"), ("cooling", "Cooling (> 65 °F)"))),
    F("supply_air_f", "Supply air temperature (°F)", "decimal", "charge", HP, min_value=-40,
      max_value=200),
    F("return_air_f", "Return air temperature (°F)", "decimal", "charge", HP, min_value=-40,
      max_value=200),
    F("expected_temp_split", "Expected temperature split from table (°F)", "decimal", "charge",
      HP, min_value=0, max_value=100),
    F("discharge_pressure", "Discharge pressure (psig)", "decimal", "charge", HP, min_value=0,
      max_value=1000),
    F("discharge_temp_f", "Discharge (saturation) temperature [A] (°F)", "decimal", "charge", HP,
      min_value=-40, max_value=250),
    F("liquid_line_temp_f", "Liquid line temperature [B] (°F)", "decimal", "charge", HP,
      min_value=-40, max_value=250),
    F("target_subcooling", "Manufacturer's target subcooling (°F)", "decimal", "charge", HP,
      min_value=0, max_value=60),
    F("alt_method", "Alternative method used", "text", "charge", HP, max_length=100),
    F("alt_target", "Alternative method target", "text", "charge", HP, max_length=60),
    F("alt_result", "Alternative method result", "text", "charge", HP, max_length=60),
    F("alt_meets_spec", "Alternative method meets specification", "bool", "charge", HP),
    # --- Controls (004 L256-262) -----------------------------------------------------------
    F("low_ambient_lockout", "Compressor low ambient lockout (LAL) at 5 °F or less?", "choice",
      "controls", HP, required=True, choices=(
          ("yes_5f_or_less", "Yes (5 °F or less)"), ("not_installed", "Not installed / disabled"),
          ("non_electric_backup", "Non-electric backup"), ("no", "No"))),
    F("aux_heat_lockout", "Auxiliary (strip) heat lockout set to", "lockout", "controls", HP,
      required=True, help="35 °F, below 35 °F, or the temperature in °F.",
      choices=(("35f", "35 °F"), ("below_35f", "Below 35 °F"))),
    F("thermostat_make", "HP thermostat make", "text", "controls", HP, max_length=60),
    F("thermostat_model", "HP thermostat model", "text", "controls", HP, max_length=60),
    F("multi_capacity", "Multiple capacity compressor system?", "choice", "controls", HP,
      required=True, choices=(
          ("discharge_sensor_85f", "Yes; discharge air sensor controls aux heat, set ≤ 85 °F"),
          ("staging_thermostat", "Yes; staging thermostat > 85 °F, no resistance heat above 35 °F"),
          ("not_applicable", "No, this does not apply"))),
    # --- Duct sealing (004 L354-392) -------------------------------------------------------
    F("ducts_30pct_unconditioned", "At least 30 % of supply ducts in unconditioned space and "
      "accessible", "bool", "ducts", DUCTS,
      help="Basements are conditioned; vented crawlspaces, attics and unheated garages are not."),
    F("high_pressure_leak_exception", "High operating pressure leak within 15 ft of the furnace",
      "bool", "ducts", DUCTS),
    F("duct_type", "Type of ducts sealed", "choice", "ducts", DUCTS, required=True,
      choices=(("existing", "Seal existing ducts"), ("new", "New ducts"))),
    F("supply_count", "# supplies", "int", "ducts", DUCTS, min_value=0, max_value=100),
    F("return_count", "# returns", "int", "ducts", DUCTS, min_value=0, max_value=100),
    F("condition", "Do either of these conditions apply?", "choice", "ducts", DUCTS,
      default="none", choices=(
          ("none", "Neither"), ("record_only_no_sealing", "Record Only (no duct sealing done)"),
          ("certification_only", "PTCS Certification ONLY (pre-test leakage below requirement)"))),
    F("test_equipment", "Testing equipment", "choice", "ducts", DUCTS, choices=(
        ("energy_conservatory", "Energy Conservatory"), ("retrotec", "RetroTec"),
        ("other", "Other"))),
    F("duct_insulation", "Duct insulation", "choice", "ducts", DUCTS, choices=(
        ("not_insulated", "Ducts were not insulated"),
        ("reinstalled", "Existing insulation re-installed"), ("new", "New insulation installed"))),
    F("house_pressure_pa", "House pressurized to (Pa)", "decimal", "ducts", PTCS_DUCT,
      min_value=1, max_value=100, default=50),
    F("blaster_location", "Duct blaster location", "text", "ducts", PTCS_DUCT, max_length=60),
    F("pre_ring", "Pre-test ring", "choice", "leakage", PTCS_DUCT, choices=RINGS),
    F("pre_fan_pressure_pa", "Pre-test fan pressure (Pa)", "decimal", "leakage", PTCS_DUCT,
      min_value=0, max_value=2000),
    F("pre_cfm50", "Pre-test duct blaster CFM", "decimal", "leakage", PTCS_DUCT, min_value=0,
      max_value=5000, help="Leave empty to compute it from the ring and fan pressure."),
    F("post_ring", "Post-test ring", "choice", "leakage", PTCS_DUCT, choices=RINGS),
    F("post_fan_pressure_pa", "Post-test fan pressure (Pa)", "decimal", "leakage", PTCS_DUCT,
      min_value=0, max_value=2000),
    F("post_cfm50", "Post-test duct blaster CFM", "decimal", "leakage", PTCS_DUCT, min_value=0,
      max_value=5000, help="Leave empty to compute it from the ring and fan pressure."),
    F("meets_specification", "Sealing meets specification requirements (sections 1–9)", "bool",
      "safety", DUCTS),
    F("combustion_appliance", "Combustion appliances in the home", "bool", "safety", DUCTS),
    F("co_detector", "UL-approved, working CO detector installed", "bool", "safety", DUCTS),
)
# fmt: on
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
GROUP_LABELS = {
    "home": "Home",
    "equipment": "New heat pump equipment",
    "airflow": "External static pressure and TrueFlow",
    "charge": "Refrigerant charge check",
    "controls": "Controls",
    "ducts": "Ducts",
    "leakage": "House pressurization and duct blaster tests",
    "safety": "Specification and combustion safety",
}


def fields_for(measure: MeasureType | str) -> tuple[FieldSpec, ...]:
    measure = MeasureType(measure)
    return tuple(f for f in FIELDS if measure in f.measures)


_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


def clean_value(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    """One raw value (form string, JSON, CSV cell) → (typed value or None, error or None)."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None, None
    if spec.kind == "ids" and isinstance(raw, list | tuple):  # the API may send a JSON list
        raw = ", ".join(str(item) for item in raw if not isinstance(item, dict | list | bool))
    if isinstance(raw, dict | list | tuple | set):  # JSON objects/arrays are never one value
        return None, "Enter a single value, not a list or object."
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True, None
        if text in _FALSE:
            return False, None
        return None, "Answer yes or no."
    if spec.kind in ("decimal", "int"):
        if isinstance(raw, bool):
            return None, "Enter a number."
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            return None, "Enter a number."
        if not value.is_finite():
            return None, "Enter a number."
        # Range before int(): int(Decimal("1e99999999")) would build a huge number first.
        if spec.min_value is not None and value < Decimal(str(spec.min_value)):
            return None, f"Enter a value of at least {spec.min_value:g}."
        if spec.max_value is not None and value > Decimal(str(spec.max_value)):
            return None, f"Enter a value of at most {spec.max_value:g}."
        if spec.kind == "int":
            if value != value.to_integral_value():
                return None, "Enter a whole number."
            return int(value), None
        return float(value), None
    if spec.kind == "choice":
        text = str(raw).strip()
        code = choice_code(spec, text)
        if code is None:
            return None, f"Choose one of: {choice_labels(spec)}."
        return code, None
    if spec.kind == "lockout":
        text = str(raw).strip().lower()
        if text in {c for c, _ in spec.choices}:
            return text, None
        try:
            # "30", "30F", "30 °F": technicians write the degree sign as the label does.
            degrees = float(text.removesuffix("f").strip().removesuffix("°").strip())
        except ValueError:
            code = choice_code(spec, text)
            if code is not None:  # "Below 35 °F", as the form's suggestion reads
                return code, None
            return None, f"Choose {choice_labels(spec, 'or')}, or enter the temperature in °F."
        if not (-40 <= degrees <= 80):
            return None, "Enter a lockout temperature between -40 and 80 °F."
        return f"{degrees:g}", None
    if spec.kind == "ids":
        ids = technician_ids(raw)
        if ids is None:
            return None, "Enter Technician IDs (numbers), separated by commas."
        return ", ".join(str(i) for i in ids) or None, None
    if spec.kind == "date":
        if isinstance(raw, datetime.date):
            return raw, None
        try:
            return datetime.date.fromisoformat(str(raw).strip()), None
        except ValueError:
            return None, "Enter a date as YYYY-MM-DD."
    text = str(raw).strip()
    if len(text) > spec.max_length:
        return None, f"At most {spec.max_length} characters."
    text, error = clean_text(text)  # NUL, lone surrogates: no database stores them
    return (None, error) if error else (text, None)


def choice_code(spec: FieldSpec, text: str) -> str | None:
    """The code of the choice ``text`` names: its code (what programs and files send) or its
    label, in any case (what a person reads on the form and in the messages); None otherwise."""
    codes = dict(spec.choices)
    if text in codes:
        return text
    folded = text.casefold()
    return next((code for code, label in spec.choices if label.casefold() == folded), None)


def choice_labels(spec: FieldSpec, last: str = "") -> str:
    """The choices of ``spec`` as a person reads them, quoted (labels may hold commas)."""
    quoted = [f"“{label}”" for _, label in spec.choices]
    if last and len(quoted) > 1:
        return f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"
    return ", ".join(quoted)


def clean_facts(
    measure: MeasureType | str, raw: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Type every data-dictionary field of ``measure`` found in ``raw``.

    Returns (facts, errors). Unknown keys are ignored here; callers that must refuse them
    (the API) check ``unknown_fields`` first.
    """
    facts: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in fields_for(measure):
        value, error = clean_value(spec, raw.get(spec.name))
        if error:
            errors[spec.name] = [error]
        elif value is None and spec.default is not None and spec.name not in raw:
            facts[spec.name] = spec.default
        else:
            facts[spec.name] = value
    return facts, errors


def completion_errors(measure: MeasureType | str, facts: dict[str, Any]) -> dict[str, list[str]]:
    """What must be filled in before Complete (Save Progress accepts a partial job)."""
    measure = MeasureType(measure)
    missing = [
        s.name for s in fields_for(measure) if s.required and facts.get(s.name) in (None, "")
    ]
    if facts.get("home_type") == "manufactured" and facts.get("manufactured_sections") is None:
        missing.append("manufactured_sections")
    pair_errors = rating_pair_errors(facts) if measure in ALL_HP else {}
    if measure in HP:
        if facts.get("alt_method"):
            missing += [
                n
                for n in ("alt_target", "alt_result", "alt_meets_spec")
                if facts.get(n) in (None, "")
            ]
        elif facts.get("test_mode") == "heating":
            missing += [
                n
                for n in ("supply_air_f", "return_air_f", "expected_temp_split")
                if facts.get(n) is None
            ]
        elif facts.get("test_mode") == "cooling":
            missing += [
                n
                for n in ("discharge_temp_f", "liquid_line_temp_f", "target_subcooling")
                if facts.get(n) is None
            ]
    if measure in DUCTS:
        asked = ["ducts_30pct_unconditioned", "combustion_appliance"]
        if sealing_done(facts):
            asked.insert(1, "meets_specification")
        for name in asked:
            if facts.get(name) is None:
                missing.append(name)
        if facts.get("combustion_appliance") and facts.get("co_detector") is None:
            missing.append("co_detector")
    if measure == MeasureType.DUCT_SEALING_PTCS:
        phases = ["post"]
        if facts.get("condition") != "record_only_no_sealing" and facts.get("duct_type") != "new":
            phases.insert(0, "pre")
        for phase in phases:
            has_cfm = facts.get(f"{phase}_cfm50") is not None
            has_ring = (
                facts.get(f"{phase}_ring") and facts.get(f"{phase}_fan_pressure_pa") is not None
            )
            if not (has_cfm or has_ring):
                missing.append(f"{phase}_cfm50")
    errors = {
        name: ["This field is required to complete the job."] for name in dict.fromkeys(missing)
    }
    return {**pair_errors, **errors}


def rating_pair_errors(facts: dict[str, Any]) -> dict[str, list[str]]:
    """A heat pump needs one complete pair of efficiency ratings (the engine compares a unit in
    the metric it was rated in, jobs.rules.efficiency). When neither pair is complete, each
    missing half of a pair begun is named; with no rating at all, SEER and HSPF are."""
    given = [[facts.get(name) is not None for name in pair] for pair in RATING_PAIR_FIELDS]
    if any(all(pair) for pair in given):
        return {}
    begun = [pair for pair, has in zip(RATING_PAIR_FIELDS, given, strict=True) if any(has)]
    names = [
        name for pair in begun or RATING_PAIR_FIELDS[:1] for name in pair if facts.get(name) is None
    ]
    message = f"Enter both ratings of one pair to complete the job: {RATING_PAIRS}."
    return {name: [message] for name in names}


def technician_ids(raw: Any) -> tuple[int, ...] | None:
    """Technician IDs as typed ("10002, 10003", "10002 10003" or one number), each once, in
    the order given; None when something else was typed."""
    if raw is None:
        return ()
    parts = [p for p in re.split(r"[\s,;]+", str(raw).strip()) if p]
    # ASCII digits of a sane length: int("²") raises, and a 30-digit ID is no Technician ID.
    if not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in parts):
        return None
    return tuple(dict.fromkeys(int(p) for p in parts))


def sealing_done(facts: dict[str, Any]) -> bool:
    """Whether the ducts were sealed: not for "Record Only (no duct sealing done)" (004 L364,
    seed 000 L27). The specification statement (004 L378) attests to sealing work, so it is
    asked only when there was some."""
    return facts.get("condition") != "record_only_no_sealing"


def unknown_fields(
    measure: MeasureType | str, data: dict[str, Any], allowed_extra: set[str]
) -> list[str]:
    known = {f.name for f in fields_for(measure)} | allowed_extra
    return sorted(k for k in data if k not in known)
