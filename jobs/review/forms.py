"""Forms of the staff review pages (seed 000 L29-34): the queue's filters and bulk decision,
the single decision and the staff correction.

They check only the shape of the request (which jobs, which decision). Whether a reason is
required, whether the job is still pending, and every job field, is decided by the services
of jobs.review.services; their JobError is shown on these forms.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.http import QueryDict

from jobs.forms import JobForm, payload_from
from jobs.models import Job
from jobs.review import selectors as review_selectors
from registry.lib import errors, text_fields

#: A decision's text is read by a person; a novel is a mistake (or an attack).
MAX_TEXT = 4000
#: More than a page of the queue in one request is not a person ticking boxes.
MAX_BULK = 200

DECISIONS = (
    ("approve", "Approve"),
    ("reject", "Reject"),
    ("send_back", "Send back to the technician"),
)


def _decision_text(label: str, *, rows: int, help_text: str = "") -> forms.CharField:
    """A reviewer's free text: optional here (the service says when it is required) and not
    stripped, so what was typed comes back exactly on an error (the service strips)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ReviewQueueFilter(text_fields.TextFilterSetMixin, django_filters.FilterSet):
    """Measure type, utility (of the reviewer's territory) and "assigned to me" (the
    reviewer of the job's latest review batch)."""

    measure_type = django_filters.ChoiceFilter(
        label="Measure type", choices=Job.MeasureType.choices, empty_label="Any measure"
    )
    utility = django_filters.ModelChoiceFilter(
        label="Utility",
        queryset=lambda request: review_selectors.review_utilities(request.user),
        empty_label="Any utility",
    )
    mine = django_filters.BooleanFilter(
        label="Assigned to me", method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Job
        fields = ["measure_type", "utility"]

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(assigned_reviewer_id=self.request.user.pk)


class MeasureIdsField(forms.Field):
    """The ticked jobs: measure IDs (seed 000 L49-50: 7 digits), in the order ticked, once
    each. Not limited to the jobs on the page: a job decided meanwhile by someone else must
    come back with its own error, not make the whole request invalid."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Tick at least one job.",
        "invalid": "“%(value)s” is not a measure ID.",
        "too_many": f"Decide at most {MAX_BULK} jobs at a time.",
    }

    def to_python(self, value: Any) -> list[int]:
        ids: list[int] = []
        for raw in value or []:
            text = str(raw).strip()
            if not (text.isascii() and text.isdigit() and len(text) == 7):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": text[:20]}
                )
            if int(text) not in ids:
                ids.append(int(text))
        if len(ids) > MAX_BULK:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        return ids


class BulkDecisionForm(text_fields.Form):
    """One decision for every ticked job; applied job by job through the services."""

    measure_ids = MeasureIdsField()
    action = forms.ChoiceField(
        label="Decision",
        choices=(("", "— choose —"), *DECISIONS),
        error_messages={"required": "Choose a decision."},
    )
    text = _decision_text(
        "Reason or message to the technician",
        rows=2,
        help_text="Required to reject (the reason) or send back (what to correct); an "
        "optional note when approving. The technician reads it in the e-mail and on the job.",
    )
    override_reason = _decision_text(
        "Override reason (required to approve over a rejecting rule)",
        rows=2,
        help_text="Only when approving: used for the ticked jobs that fail a rule that rejects "
        "them, and kept with each of those decisions. Without it such a job is not approved.",
    )

    def selected(self) -> list[str]:
        """The ticked measure IDs as typed, to tick them again when the form comes back."""
        return self.data.getlist("measure_ids") if isinstance(self.data, QueryDict) else []


class DecisionForm(text_fields.Form):
    """The review page's three forms (approve, reject, send back) in one: the button pressed
    names the decision and only its text is used (approving: the note and, for a job failing
    a rule that rejects it, the override reason)."""

    decision = forms.ChoiceField(
        choices=DECISIONS, error_messages={"required": "Choose approve, reject or send back."}
    )
    note = _decision_text("Note to the technician (optional)", rows=2)
    override_reason = _decision_text(
        "Override reason (required to approve over a rejecting rule)",
        rows=3,
        help_text="Why this job is approved although it fails the rule listed above. Kept "
        "with the decision, shown on the job and its history, and e-mailed to the technician.",
    )
    reason = _decision_text("Reason for the rejection", rows=3)
    message = _decision_text("What the technician should correct", rows=3)

    def apply_job_error(self, exc: forms.ValidationError) -> None:
        errors.add_to_form(self, exc)


#: Keys of the staff edit POST that are not job data.
_NOT_JOB_DATA = {"reason"}


class StaffEditForm(JobForm):
    """The measure form, pre-filled with the job, plus the reason for the correction (kept
    with the status change and in the job's history: spec §1 "who/when/why")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label="Reason for the correction",
            required=True,  # the "required" label mark; the service decides
            widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT}),
            help_text="Kept in the job's history with your name and the time.",
        )


def staff_edit_payload(data: QueryDict) -> dict[str, str]:
    """The job's flat payload from the staff edit POST (the reason travels separately)."""
    return {k: v for k, v in payload_from(data).items() if k not in _NOT_JOB_DATA}
