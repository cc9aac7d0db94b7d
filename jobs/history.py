"""A job's field-level history as the history page shows it (spec §1: every staff edit is kept
with who, when and why). Presentation only: the versions are django-simple-history's rows;
status transitions stay in JobStatusChange and are never inferred from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from jobs import display
from jobs.models import Job, Site
from technicians.models import Company, TechnicianProfile
from utilities.models import Utility

#: Bookkeeping that changes on every save and tells the reader nothing.
_NOT_SHOWN = {"id", "created_at", "updated_at"}
#: Foreign keys shown by name, fetched once per page for every version (no N+1).
_RELATED: dict[str, type[Model]] = {
    "site": Site,
    "utility": Utility,
    "company": Company,
    "technician": TechnicianProfile,
    "entered_by": User,
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Version:
    """One historical row: who saved the job, when, why, and what differs from the row
    before it (empty for the first)."""

    at: Any
    who: str
    why: str
    created: bool
    changes: list[FieldChange] = field(default_factory=list)


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _name(obj: Model | None) -> str:
    if obj is None:
        return display.NO_VALUE
    if isinstance(obj, User):
        return _user_name(obj)
    if isinstance(obj, TechnicianProfile):
        return f"{_user_name(obj.user)} (Technician ID {obj.technician_id or display.NO_VALUE})"
    return str(obj)


def _value(name: str, value: Any, related: Mapping[str, Mapping[Any, Model]]) -> str:
    if value is None or value == "":
        return display.NO_VALUE
    if name in _RELATED:
        return _name(related[name].get(value)) if value in related[name] else f"#{value}"
    if name == "status":
        return display.status_label(value)
    if name == "measure_type":
        return dict(Job.MeasureType.choices).get(value, value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return display.value_text(value)


def _data_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The keys of the JSON ``data`` (the form's fields) that were added, removed or changed."""
    old, new = old or {}, new or {}
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return [
        FieldChange(
            label=display.value_label(key),
            old=display.value_text(old.get(key)),
            new=display.value_text(new.get(key)),
        )
        for key in keys
    ]


def _label(name: str) -> str:
    return str(Job._meta.get_field(name).verbose_name).capitalize()


def versions(job: Job) -> list[Version]:
    """Every historical version of ``job``, newest first, each compared with the one before.

    Queries: the history rows with their users, then one per kind of related object that
    appears in a change — the same number whatever the number of versions.
    """
    records = list(job.history.select_related("history_user").order_by("-history_date", "-pk"))
    if not records:
        return []
    # diff_against compares the editable fields (the form's and the status); the
    # registry's own bookkeeping (pending clock, corrected_at/by) shows as who/when instead.
    deltas = [
        newer.diff_against(older, excluded_fields=_NOT_SHOWN)
        for newer, older in zip(records, records[1:], strict=False)
    ]
    wanted: dict[str, set] = {name: set() for name in _RELATED}
    for delta in deltas:
        for change in delta.changes:
            if change.field in _RELATED:
                wanted[change.field].update(v for v in (change.old, change.new) if v is not None)
    related = _fetch_related(wanted)

    result = []
    for index, record in enumerate(records):
        version = Version(
            at=record.history_date,
            who=_user_name(record.history_user),
            why=record.history_change_reason or "",
            created=record.history_type == "+",
        )
        if index < len(deltas):
            for change in deltas[index].changes:
                if change.field == "data":
                    version.changes += _data_changes(change.old, change.new)
                else:
                    version.changes.append(
                        FieldChange(
                            label=_label(change.field),
                            old=_value(change.field, change.old, related),
                            new=_value(change.field, change.new, related),
                        )
                    )
        result.append(version)
    return result


def _fetch_related(wanted: Mapping[str, set]) -> dict[str, dict[Any, Model]]:
    """One query per model."""
    by_model: dict[type[Model], set] = {}
    for name, ids in wanted.items():
        by_model.setdefault(_RELATED[name], set()).update(ids)
    fetched: dict[type[Model], dict[Any, Model]] = {}
    for model, ids in by_model.items():
        if not ids:
            fetched[model] = {}
            continue
        qs = model._default_manager.all()
        if model is TechnicianProfile:
            qs = qs.select_related("user")
        fetched[model] = qs.in_bulk(ids)
    return {name: fetched[model] for name, model in _RELATED.items()}
