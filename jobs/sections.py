"""The measure form in sections: the site, then the data dictionary's groups in their order
(jobs.dictionary.fields.GROUP_LABELS), each with the computed values and the checks that its
fields feed. A technician on a phone enters one section at a time and sees, beside the
fields being typed, what they compute (the airflow per ton while the raw flow is typed) and
the checks they decide.

Presentation only: which section shows what. The values and the checks come from the engine
(jobs.rules) through the live preview; nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobs.dictionary import fields as dd
from jobs.dictionary import inputs

SITE = "site"
SITE_LABEL = "Site"
#: The site section's questions: the address, the install date, the electric utility and,
#: for a company administrator, the installing technician.
SITE_QUESTIONS = (*inputs.SITE_FIELDS, "install_date", "electric_utility", "tech_id")

#: Each computed value, by the section whose readings it is computed from.
COMPUTED_SECTIONS: dict[str, str] = {
    "external_static": "airflow",
    "correction_factor": "airflow",
    "corrected_flow_cfm": "airflow",
    "cfm_per_ton": "airflow",
    "temp_split": "charge",
    "subcooling": "charge",
    "pre_cfm50_from_ring": "leakage",
    "pre_cfm50_used": "leakage",
    "post_cfm50_from_ring": "leakage",
    "post_cfm50_used": "leakage",
    "pre_required_cfm50": "leakage",
    "post_allowed_cfm50": "leakage",
    "reduction": "leakage",
}

#: Each check, by the section holding the questions that decide it (jobs.rules.answers.READS
#: names them): the site and the install date decide the technician's certification, the rule
#: set in force and the heating zone; the leakage limits read the home's size but are decided
#: by the duct blaster readings, so they show beside those.
CHECK_SECTIONS: dict[str, str] = {
    "technician.certified_on_install_date": SITE,
    "ruleset.in_force": SITE,
    "site.address_verified": SITE,
    "site.one_measure_per_family": "home",
    "hp.ahri_certified": "equipment",
    "hp.compressor_matches_measure": "equipment",
    "hp.federal_minimum": "equipment",
    "hp.efficiency": "equipment",
    "hp.balance_point": "equipment",
    "hp.external_static_pressure": "airflow",
    "hp.airflow_per_ton": "airflow",
    "hp.charge_test_mode": "charge",
    "hp.charge_alternative_method": "charge",
    "hp.charge_temperature_split": "charge",
    "hp.charge_subcooling": "charge",
    "hp.compressor_low_ambient_lockout": "controls",
    "hp.aux_heat_lockout": "controls",
    "hp.multi_capacity_aux_control": "controls",
    "gshp.always_reviewed": "equipment",
    "gshp.home_type": "home",
    "gshp.heating_zone": SITE,
    "duct.existing_home": "home",
    "duct.electric_heat": "home",
    "duct.area_served": "home",
    "duct.unconditioned_supply_30pct": "ducts",
    "duct.prescriptive_no_record_only": "ducts",
    "duct.record_only_no_sealing": "ducts",
    "duct.house_pressure": "ducts",
    "duct.co_detector": "safety",
    "duct.specification_requirements": "safety",
    "duct.pre_reading": "leakage",
    "duct.post_reading": "leakage",
    "duct.leakage_readings": "leakage",
    "duct.post_new_ducts": "leakage",
    "duct.pre_test_leakage": "leakage",
    "duct.post_test_leakage": "leakage",
    "duct.leakage_outcome": "leakage",
    "duct.declared_certification_only": "leakage",
}


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    questions: tuple[str, ...]


def sections_for(measure: str) -> tuple[Section, ...]:
    """The site section, then the measure's data-dictionary groups in their order."""
    groups: dict[str, list[str]] = {}
    for spec in dd.fields_for(measure):
        groups.setdefault(spec.group, []).append(spec.name)
    return (
        Section(SITE, SITE_LABEL, SITE_QUESTIONS),
        *(Section(g, dd.GROUP_LABELS.get(g, g), tuple(names)) for g, names in groups.items()),
    )


def section_of_question(measure: str, name: str) -> str:
    """The section a question is asked in; the site section for anything else (the form's
    own non-field errors)."""
    for section in sections_for(measure):
        if name in section.questions:
            return section.key
    return SITE


def _placed(measure: str, key: str | None) -> str:
    """``key`` when the measure has that section, else the site section (the first one)."""
    keys = {s.key for s in sections_for(measure)}
    return key if key in keys else SITE


def section_of_check(measure: str, rule: str) -> str:
    return _placed(measure, CHECK_SECTIONS.get(rule))


def section_of_computed(measure: str, key: str) -> str:
    return _placed(measure, COMPUTED_SECTIONS.get(key))


@dataclass
class SectionCheck:
    """What the live check shows in one section."""

    key: str
    label: str
    computed: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # labels of the questions left to Complete
    errors: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(c["result"] == "fail" for c in self.checks)

    @property
    def has_computed(self) -> bool:
        return bool(self.computed)


def by_section(
    measure: str,
    *,
    computed: Iterable[Mapping[str, Any]] = (),
    checks: Iterable[Mapping[str, Any]] = (),
    questions_left: Iterable[str] = (),
    errors: Mapping[str, list[str]] | None = None,
) -> list[SectionCheck]:
    """The live check split by section: the computed rows (jobs.display.computed_rows), the
    check rows (jobs.display.check_rows, order kept), the questions left and the field errors
    of each section, in the form's order."""
    out = {s.key: SectionCheck(s.key, s.label) for s in sections_for(measure)}
    for row in computed:
        out[section_of_computed(measure, row["key"])].computed.append(dict(row))
    for row in checks:
        out[section_of_check(measure, row["rule"])].checks.append(dict(row))
    for name in questions_left:
        out[section_of_question(measure, name)].left.append(inputs.label(name))
    for name, messages in (errors or {}).items():
        out[section_of_question(measure, name)].errors.append((inputs.label(name), messages))
    return list(out.values())
