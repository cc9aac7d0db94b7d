"""Forms of the inspection and remediation pages. Field checks only: the services decide, so
the same rules hold whichever page submits, and their errors come back onto these forms.

The inspection form is built per job: one re-taken value per
qa_inspections.inspections.items.MEASURED of the job's measure, beside what the technician
reported, and one pass / fail / not inspected choice with a note per specification item.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.dictionary import fields as dd
from jobs.display import NO_VALUE, computed_number, number, value_text
from qa_inspections.inspections import items
from qa_inspections.inspections.photos import ACCEPT
from qa_inspections.models import Inspection
from registry.lib import text_fields

ITEM_CHOICES = (("pass", "Pass"), ("fail", "Fail"), ("", "Not inspected"))
_PASSED_TO_CHOICE = {True: "pass", False: "fail", None: ""}


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultiplePhotoField(forms.FileField):
    """Several photos in one input; their content is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(_MultiplePhotoField, self).clean(f, initial) for f in files]


def _safe(code: str) -> str:
    return code.replace(".", "_")


def reported_text(job, name: str) -> str:
    """A value the technician reported (Job.computed, else Job.data), as the job page shows it."""
    if name in job.computed:  # rounded as on the job page and the paper form
        return computed_number(name, job.computed[name], job.data)
    return value_text(job.data.get(name), name)


class InspectionForm(text_fields.Form):
    """The inspection of one job; ``action`` is "save" or "submit" (the button pressed)."""

    kind = forms.ChoiceField(
        choices=Inspection.Kind.choices, widget=forms.RadioSelect, label="Kind of inspection"
    )
    inspected_on = forms.DateField(
        label="Date inspected",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photos = _MultiplePhotoField(label="Add photos (PNG or JPEG)", required=False)
    result = forms.ChoiceField(
        label="Result",
        choices=Inspection.Result.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        self.inspection = inspection
        self.job = inspection.job
        self.item_specs = items.items_for(self.job.measure_type)
        self.measured_specs = items.measured_for(self.job.measure_type)
        kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        for spec in self.measured_specs:
            self.fields[f"m_{spec.name}"] = forms.DecimalField(
                label=spec.label,
                required=False,
                min_value=spec.min_value,
                max_value=spec.max_value,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )
            if spec.name == "external_static":
                self.fields["m_static_units"] = forms.ChoiceField(
                    label="Units", choices=items.STATIC_UNITS, required=False
                )
        for spec in self.item_specs:
            self.fields[f"item_{_safe(spec.code)}"] = forms.ChoiceField(
                label=spec.label, choices=ITEM_CHOICES, widget=forms.RadioSelect, required=False
            )
            self.fields[f"note_{_safe(spec.code)}"] = forms.CharField(
                label=f"Notes on: {spec.label}",  # read aloud: the item, not its code
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def _initial(self) -> dict[str, Any]:
        inspection = self.inspection
        measured = inspection.measured or {}
        initial: dict[str, Any] = {
            "kind": inspection.kind,
            "inspected_on": inspection.inspected_on or timezone.localdate(),
            "notes": inspection.notes,
            "m_static_units": measured.get("static_units")
            or self.job.data.get("static_units")
            or "in_wc",
        }
        for spec in items.measured_for(self.job.measure_type):
            if spec.name in measured:
                initial[f"m_{spec.name}"] = measured[spec.name]
        for row in inspection.items.all():
            initial[f"item_{_safe(row.code)}"] = _PASSED_TO_CHOICE[row.passed]
            initial[f"note_{_safe(row.code)}"] = row.notes
        return initial

    @property
    def action(self) -> str:
        return "submit" if self.data.get("action") == "submit" else "save"

    def service_data(self) -> dict[str, Any]:
        """The cleaned form as inspection_services.inspection_save_draft takes it."""
        data = self.cleaned_data
        measured = {
            spec.name: data.get(f"m_{spec.name}")
            for spec in self.measured_specs
            if data.get(f"m_{spec.name}") is not None
        }
        if "m_static_units" in self.fields:
            measured["static_units"] = data.get("m_static_units") or ""
        return {
            "kind": data["kind"],
            "inspected_on": data.get("inspected_on"),
            "notes": data.get("notes", ""),
            "measured": measured,
            "items": {
                spec.code: {
                    "passed": data.get(f"item_{_safe(spec.code)}") or "",
                    "notes": data.get(f"note_{_safe(spec.code)}", ""),
                }
                for spec in self.item_specs
            },
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's errors on the fields they name (the rest above the form)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            if key.startswith("item:"):
                field = f"item_{_safe(key[5:])}"
            elif key == "static_units":
                field = "m_static_units"
            elif key in items.MEASURED_BY_NAME:
                field = f"m_{key}"
            else:
                field = key
            self.add_error(field if field in self.fields else None, messages)

    # --- For the template ---------------------------------------------------------------

    def measured_rows(self) -> list[dict[str, Any]]:
        rows = []
        for spec in self.measured_specs:
            reported = reported_text(self.job, spec.reported)
            unit = spec.unit
            if spec.name == "external_static":
                unit = dict(items.STATIC_UNITS).get(self.job.data.get("static_units"), "")
            allowed = self.job.computed.get(spec.allowed) if spec.allowed else None
            rows.append(
                {
                    "spec": spec,
                    "field": self[f"m_{spec.name}"],
                    "units_field": self["m_static_units"]
                    if spec.name == "external_static"
                    else None,
                    "reported": f"{reported} {unit}".strip() if reported != NO_VALUE else NO_VALUE,
                    "allowed": f"{number(allowed, 0)} {spec.unit}" if allowed is not None else "",
                }
            )
        return rows

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "spec": spec,
                "field": self[f"item_{_safe(spec.code)}"],
                "note": self[f"note_{_safe(spec.code)}"],
                "reported": [
                    (dd.FIELDS_BY_NAME[name].label, reported_text(self.job, name))
                    for name in spec.reported
                    if name in dd.FIELDS_BY_NAME and self.job.data.get(name) not in (None, "")
                ],
            }
            for spec in self.item_specs
        ]


class RemediationResponseForm(text_fields.Form):
    response = forms.CharField(
        label="What you corrected, or will correct, and when",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class ResolveForm(text_fields.Form):
    note = forms.CharField(
        label="How it was resolved",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class SuspendForm(text_fields.Form):
    reason = forms.CharField(
        label="Reason for suspending the certification (the technician will read it)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
