"""What an inspector typed, checked, and what a failed inspection asks of the technician, as
text. Pure functions of plain values: the services call them, tests call them without a
database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from jobs.display import number
from qa_inspections.inspections import items

NOTE_MAX = 4000
Errors = dict[str, list[str]]


def _decimal(raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite():
        raise ValueError
    return value


def clean_measured(
    measure_type: str, raw: Mapping[str, Any] | None, errors: Errors, default_units: str = ""
) -> dict[str, Any]:
    """Re-taken values of the measure (items.MEASURED), as floats within their ranges; blanks
    dropped. A static pressure keeps its units (``static_units``, else ``default_units``: the
    job's, else in. w.c.)."""
    raw = raw or {}
    allowed = {spec.name: spec for spec in items.measured_for(measure_type)}
    cleaned: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "static_units":
            continue
        spec = allowed.get(name)
        if spec is None:
            errors.setdefault("measured", []).append(f"{name} is not measured on this job.")
            continue
        try:
            amount = _decimal(value)
        except ValueError:
            errors[name] = ["Enter a number."]
            continue
        if amount is None:
            continue
        if not spec.min_value <= amount <= spec.max_value:
            errors[name] = [f"Enter a value from {spec.min_value} to {spec.max_value}."]
            continue
        cleaned[name] = float(amount)
    if "external_static" in cleaned:
        units = raw.get("static_units") or default_units or "in_wc"
        if units not in dict(items.STATIC_UNITS):
            errors["static_units"] = ["Choose in. w.c. or Pa."]
        cleaned["static_units"] = units
    return cleaned


_PASSED = {"pass": True, "fail": False, "": None}


def clean_items(
    measure_type: str, raw: Mapping[str, Any] | None, errors: Errors
) -> dict[str, tuple[bool | None, str]]:
    """{code: (passed, notes)} for the measure's items; ``passed`` True / False / None (not
    inspected), or "pass" / "fail" / ""."""
    codes = {item.code for item in items.items_for(measure_type)}
    cleaned = {}
    for code, entry in (raw or {}).items():
        if code not in codes:
            errors.setdefault("items", []).append(f"{code} is not an item of this job.")
            continue
        entry = entry or {}
        passed = entry.get("passed")
        if not (passed is None or isinstance(passed, bool)):
            if str(passed) not in _PASSED:
                errors[f"item:{code}"] = ["Choose pass, fail or not inspected."]
                continue
            passed = _PASSED[str(passed)]
        notes = (entry.get("notes") or "").strip()
        if len(notes) > NOTE_MAX:
            errors[f"item:{code}"] = [f"Keep the note under {NOTE_MAX} characters."]
            continue
        cleaned[code] = (passed, notes)
    return cleaned


def clean_date(raw: Any, errors: Errors, today: datetime.date) -> datetime.date | None:
    """The inspection date: a date or YYYY-MM-DD, not after ``today``; None when blank."""
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date):
        day = raw
    else:
        try:
            day = datetime.date.fromisoformat(str(raw).strip())
        except ValueError:
            errors["inspected_on"] = ["Enter a date (YYYY-MM-DD)."]
            return None
    if day > today:
        errors["inspected_on"] = ["The inspection date cannot be in the future."]
    return day


def failure_summary(
    *,
    measure_type: str,
    marked: Iterable[tuple[str, bool | None, str]],
    measured: Mapping[str, Any],
    computed: Mapping[str, Any],
    notes: str,
) -> str:
    """What failed, for the remediation and the technician's e-mail: the failed items
    (``marked``: code, passed, notes) with their seed clause and the inspector's notes, the
    values re-taken on site beside those reported (``computed``: Job.computed) and allowed,
    and the inspector's overall notes."""
    failed = []
    for code, passed, item_notes in marked:
        if passed is False:
            spec = items.ITEMS_BY_CODE.get(code)
            label = f"{spec.label} ({spec.citation})" if spec else code
            failed.append(f"- {label}" + (f": {item_notes}" if item_notes else ""))
    values = []
    for spec in items.measured_for(measure_type):
        if measured.get(spec.name) is None:
            continue
        unit = spec.unit
        if spec.name == "external_static":
            unit = dict(items.STATIC_UNITS).get(measured.get("static_units"), "")
        text = f"- {spec.label}: {number(measured[spec.name])} {unit}".rstrip()
        extra = []
        if computed.get(spec.reported) is not None:
            extra.append(f"reported {number(computed[spec.reported])}")
        if spec.allowed and computed.get(spec.allowed) is not None:
            extra.append(f"allowed at most {number(computed[spec.allowed], 0)}")
        values.append(text + (f" ({'; '.join(extra)})" if extra else ""))
    parts = []
    if failed:
        parts.append("Items that failed:\n" + "\n".join(failed))
    if values:
        parts.append("Values re-measured by the inspector:\n" + "\n".join(values))
    if notes:
        parts.append(f"Inspector's notes:\n{notes}")
    return "\n\n".join(parts)
