"""A job's history as people read it (spec §1: every staff edit is kept with who, when and
why). Presentation only: the field-level versions are django-simple-history's rows; the status
changes are JobStatusChange rows, each with the decision's reason, note or override and the
failing checks at the time, and are never inferred from the versions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from jobs import display
from jobs.models import Job, JobStatusChange, Site
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
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    # The status, measure type and category by label, like every other code.
    return display.value_text(value, name)


def _data_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The keys of the JSON ``data`` (the form's fields) that were added, removed or changed."""
    old, new = old or {}, new or {}
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return [
        FieldChange(
            label=display.value_label(key),
            old=display.value_text(old.get(key), key),
            new=display.value_text(new.get(key), key),
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


@dataclass(frozen=True)
class StatusChange:
    """One status change as people read it: who, when, from and to by label, the reviewer's
    or corrector's words under the heading their decision gives them, an override's reason
    with the rules it overrode, and the messages of the checks that failed at the time."""

    at: datetime.datetime
    who: str
    from_label: str
    to_label: str
    to_status: str
    note_label: str
    note: str
    override_reason: str
    overridden: list[str]
    reasons: list[Mapping[str, str]]


_PENDING, _REJECTED, _IN_PROGRESS = (
    Job.Status.BPA_PENDING,
    Job.Status.REJECTED,
    Job.Status.IN_PROGRESS,
)


def note_label(change: JobStatusChange) -> str:
    """What a status change's note is. A review decision takes a job out of BPA Pending: a
    rejection's reason, a send-back's message to the technician, an approval's note. Staff
    correcting a job that is not pending give the correction's reason."""
    if change.from_status == _PENDING and change.to_status == _REJECTED:
        return "Reason for the rejection"
    if change.to_status == _IN_PROGRESS and change.from_status not in ("", _IN_PROGRESS):
        return "Sent back to the technician to correct"
    if change.from_status == _PENDING:
        return "Note from the reviewer"
    return "Reason for the correction"


def status_changes(changes: Iterable[JobStatusChange]) -> list[StatusChange]:
    """The job's status changes (oldest first, their actors fetched with them), as read."""
    return [
        StatusChange(
            at=change.at,
            who=_user_name(change.actor),
            from_label=display.status_label(change.from_status) or display.NO_VALUE,
            to_label=display.status_label(change.to_status),
            to_status=change.to_status,
            note_label=note_label(change),
            note=change.note,
            override_reason=change.override_reason,
            overridden=change.overridden_messages,
            reasons=[r for r in change.reasons if r.get("message")],
        )
        for change in changes
    ]
