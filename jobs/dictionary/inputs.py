"""Turning a flat job payload (form POST, API JSON, CSV row) into typed input with field
errors. Pure: no ORM; the service resolves the utility and the technician."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from jobs.dictionary import fields as dd
from jobs.rules.types import MEASURE_TYPE_LABELS, MeasureType
from registry.lib.text import clean_text

SITE_FIELDS = ("street_address", "street_address_2", "city", "state", "zip_code")
#: The longest text each site field takes as typed, in the form, the API and a bulk row (a ZIP
#: code may come as ZIP+4; the site keeps its first five digits).
SITE_LIMITS = {
    "street_address": 200,
    "street_address_2": 100,
    "city": 100,
    "state": 2,
    "zip_code": 10,
}
#: Keys a payload may carry besides the measure's data-dictionary fields.
ENVELOPE = {"measure_type", "action", "install_date", "electric_utility", "tech_id", *SITE_FIELDS}
EARLIEST_INSTALL = datetime.date(2000, 1, 1)
#: The envelope's questions as the form labels them.
ENVELOPE_LABELS = {
    "measure_type": "Measure type",
    "street_address": "Street address",
    "street_address_2": "Street Address 2",
    "city": "City",
    "state": "State",
    "zip_code": "ZIP code",
    "install_date": "Install date",
    "electric_utility": "Electric utility",
    "tech_id": "PTCS Technician ID",
}
#: Every question of a job, envelope and data dictionary, by its label.
LABELS = {**ENVELOPE_LABELS, **{spec.name: spec.label for spec in dd.FIELDS}}
#: The order the questions come in on the form: the site, the utility, then the measure's.
_FORM_ORDER = {name: i for i, name in enumerate(LABELS)}


@dataclass
class JobInput:
    measure_type: MeasureType | None
    install_date: datetime.date | None
    electric_utility: str | None
    tech_id: int | None
    site: dict[str, str]
    facts: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)
    #: What Complete would still ask about, in form order: each question left empty that
    #: Complete requires, and each answered with a value that is not usable. Empty for a
    #: payload that can be completed as it is.
    questions_left: tuple[str, ...] = ()

    def engine_facts(self) -> dict[str, Any]:
        return {**self.facts, "measure_type": self.measure_type, "install_date": self.install_date}


def _text(payload: dict[str, Any], name: str, max_length: int) -> tuple[str, str | None]:
    value = payload.get(name)
    if value is None:
        return "", None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return "", "Enter text."
    text = str(value).strip()
    if len(text) > max_length:
        return "", f"At most {max_length} characters."
    return clean_text(text)  # NUL, lone surrogates: no database stores them


def _measure_code(raw: Any) -> Any:
    """A measure type's code, given as the code ("ashp", what programs send) or as the label
    people read ("Air source heat pump", as the error message names them)."""
    if isinstance(raw, str):
        for code, label in MEASURE_TYPE_LABELS.items():
            if raw.strip().casefold() == label.casefold():
                return code.value
    return raw


def parse(
    payload: dict[str, Any], *, completing: bool, today: datetime.date, strict: bool = False
) -> JobInput:
    """Parse a payload. ``completing``: also require what Complete needs. ``strict`` (API):
    unknown keys are errors rather than ignored."""
    errors: dict[str, list[str]] = {}
    raw_type = payload.get("measure_type")
    try:
        measure = MeasureType(_measure_code(raw_type))
    except ValueError:
        measure = None
        labels = list(MEASURE_TYPE_LABELS.values())
        errors["measure_type"] = [
            f"Choose a measure type: {', '.join(labels[:-1])} or {labels[-1]}."
        ]

    install_date = None
    raw_date = payload.get("install_date")
    if raw_date is None or (isinstance(raw_date, str) and not raw_date.strip()):
        errors["install_date"] = ["Enter the install date."]
    else:
        install_date, error = dd.clean_value(
            dd.FieldSpec("install_date", "Install date", "date", "site", frozenset()), raw_date
        )
        if error:
            errors["install_date"] = [error]
        elif install_date > today:
            errors["install_date"] = ["The install date cannot be in the future."]
            install_date = None
        elif install_date < EARLIEST_INSTALL:
            errors["install_date"] = [f"The install date cannot be before {EARLIEST_INSTALL:%Y}."]
            install_date = None

    site = {}
    for name in SITE_FIELDS:
        value, error = _text(payload, name, SITE_LIMITS[name])
        if error:
            errors[name] = [error]
        site[name] = value
    for name in ("street_address", "city", "state", "zip_code"):
        if not site.get(name) and name not in errors:
            errors[name] = ["This field is required."]

    # What Complete needs on top of what Save Progress does.
    to_complete: dict[str, list[str]] = {}
    utility, error = _text(payload, "electric_utility", 120)
    if error:
        errors["electric_utility"] = [error]
    elif not utility:
        to_complete["electric_utility"] = ["Choose the electric utility serving this site."]
        if completing:
            errors["electric_utility"] = to_complete["electric_utility"]

    tech_id = None
    raw_tech = payload.get("tech_id")
    if raw_tech not in (None, ""):
        try:
            tech_id = int(str(raw_tech))
        except ValueError:
            errors["tech_id"] = ["Enter a PTCS Technician ID (a number)."]

    facts: dict[str, Any] = {}
    if measure is not None:
        raw = {k: v for k, v in payload.items() if k not in ENVELOPE}
        if strict:
            for name in dd.unknown_fields(measure, raw, set()):
                errors[name] = [f"Unknown field for a {measure.value} job."]
        facts, field_errors = dd.clean_facts(measure, raw)
        errors.update(field_errors)
        to_complete |= dd.completion_errors(measure, facts)
        if completing:
            for name, messages in to_complete.items():
                errors.setdefault(name, messages)
    left = sorted(
        {*errors, *to_complete}, key=lambda name: (_FORM_ORDER.get(name, len(LABELS)), name)
    )
    return JobInput(
        measure, install_date, utility or None, tech_id, site, facts, errors, tuple(left)
    )


def label(name: str) -> str:
    """The label a question has on the form, for messages shown away from the field."""
    return LABELS.get(name, name.replace("_", " ").capitalize())
