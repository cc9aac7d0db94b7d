"""Filters of the QA API lists (/api/v1/inspections/, /api/v1/qa-assignments/). They only
narrow the querysets ``qa_inspections.selectors`` already scoped to the caller: no filter widens
them. A value that does not parse is a 400 naming the parameter (DjangoFilterBackend)."""

from __future__ import annotations

import django_filters
from django import forms

from jobs.models import MEASURE_ID_OFFSET
from qa_inspections.models import Inspection, InspectionAssignment
from registry.lib import text_fields

#: Measure IDs are 7 digits (seed 000 L49-50); a longer number would overflow the column.
MEASURE_ID_MIN, MEASURE_ID_MAX = MEASURE_ID_OFFSET, 9_999_999


class MeasureIdFilter(django_filters.NumberFilter):
    """A whole 7-digit measure ID (a decimal such as 1000001.5 is refused, not rounded)."""

    field_class = forms.IntegerField


def _measure_id() -> MeasureIdFilter:
    return MeasureIdFilter(
        field_name="job__measure_id",
        min_value=MEASURE_ID_MIN,
        max_value=MEASURE_ID_MAX,
        label="The job's 7-digit measure ID",
    )


class InspectionApiFilter(text_fields.TextFilterSetMixin, django_filters.FilterSet):
    measure_id = _measure_id()
    status = django_filters.ChoiceFilter(choices=Inspection.Status.choices)
    result = django_filters.ChoiceFilter(choices=Inspection.Result.choices)
    inspected_on_after = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="gte", label="Inspected on or after (YYYY-MM-DD)"
    )
    inspected_on_before = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="lte", label="Inspected on or before (YYYY-MM-DD)"
    )

    class Meta:
        model = Inspection
        fields = ["measure_id", "status", "result", "inspected_on_after", "inspected_on_before"]


class AssignmentApiFilter(text_fields.TextFilterSetMixin, django_filters.FilterSet):
    measure_id = _measure_id()
    status = django_filters.ChoiceFilter(choices=InspectionAssignment.Status.choices)

    class Meta:
        model = InspectionAssignment
        fields = ["measure_id", "status"]
