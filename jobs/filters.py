"""Job search filters: "My jobs" (seed 000: "search for the measure, then select Complete Job")
and the jobs API list."""

import django_filters
from django import forms
from django.db.models import Q

from jobs.models import Job
from registry.lib import text_fields


class MyJobsFilter(text_fields.TextFilterSetMixin, django_filters.FilterSet):
    """Measure ID, address text, status, measure type and an install date range."""

    measure_id = django_filters.CharFilter(
        label="Measure ID",
        method="filter_measure_id",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "7 digits"}),
    )
    # Capped: a search of thousands of words would build a query too large for SQLite.
    address = django_filters.CharFilter(
        label="Address",
        method="filter_address",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Job.Status.choices, empty_label="Any status"
    )
    measure_type = django_filters.ChoiceFilter(
        label="Measure type", choices=Job.MeasureType.choices, empty_label="Any measure"
    )
    installed_from = django_filters.DateFilter(
        label="Installed from",
        field_name="install_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    installed_to = django_filters.DateFilter(
        label="Installed to",
        field_name="install_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Job
        fields = ["measure_id", "address", "status", "measure_type"]

    def filter_measure_id(self, queryset, name, value):
        value = value.strip()
        # Anything but a measure ID (7 digits, seed 000 L49-50) matches nothing.
        if not (value.isascii() and value.isdigit() and len(value) <= 7):
            return queryset.none()
        return queryset.filter(measure_id=int(value))

    def filter_address(self, queryset, name, value):
        query = Q()
        for word in value.split():  # text the database refuses never gets here (registry.lib.text)
            query &= (
                Q(site__street_address__icontains=word)
                | Q(site__street_address_2__icontains=word)
                | Q(site__city__icontains=word)
                | Q(site__zip_code__startswith=word)
            )
        return queryset.filter(query)


class JobApiFilter(text_fields.TextFilterSetMixin, django_filters.FilterSet):
    """Filters of the jobs API list (/api/v1/jobs/). They only narrow the queryset that
    ``selectors.jobs_visible_to`` already scoped to the caller: no filter widens it."""

    status = django_filters.ChoiceFilter(choices=Job.Status.choices)
    measure_type = django_filters.ChoiceFilter(choices=Job.MeasureType.choices)
    zip_code = django_filters.CharFilter(
        field_name="site__zip_code", max_length=5, label="Site ZIP code (5 digits)"
    )
    install_date_after = django_filters.DateFilter(
        field_name="install_date", lookup_expr="gte", label="Installed on or after (YYYY-MM-DD)"
    )
    install_date_before = django_filters.DateFilter(
        field_name="install_date", lookup_expr="lte", label="Installed on or before (YYYY-MM-DD)"
    )
    q = django_filters.CharFilter(
        method="search", max_length=200, label="Measure ID (digits) or part of the street address"
    )

    class Meta:
        model = Job
        fields = ["status", "measure_type", "zip_code", "install_date_after", "install_date_before"]

    def search(self, queryset, name, value):
        """Digits: that measure ID exactly (7 digits, seed 000 L49-50; longer ones match
        nothing rather than overflow the column). Anything else: part of the street address."""
        value = value.strip()
        if value.isascii() and value.isdigit():
            if len(value) > 7:
                return queryset.none()
            return queryset.filter(measure_id=int(value))
        return queryset.filter(site__street_address__icontains=value)
