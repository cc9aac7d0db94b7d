"""Territory search filters (spec §1: utility users "search, view, export" their territory).

The filters only narrow the queryset that ``utilities.territory.selectors.territory_jobs`` already scoped
to the user: no filter can widen it. The same FilterSet drives the page and both exports, so an
export holds exactly the rows of the search it was started from.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import F, Q

from jobs.filters import MyJobsFilter
from jobs.models import Job

#: PositiveIntegerField holds at most 2,147,483,647: a longer number matches nothing rather than
#: overflowing the column on PostgreSQL.
MAX_ID_DIGITS = 9


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    field: str


#: The sortable columns: the only sort keys accepted (anything else is a form error, not SQL).
SORT_COLUMNS = (
    SortColumn("measure_id", "Measure ID", "measure_id"),
    SortColumn("measure_type", "Measure", "measure_type"),
    SortColumn("install_date", "Installed", "install_date"),
    SortColumn("completed", "Completed", "completed_at"),
    SortColumn("status", "Status", "status"),
)
SORT_FIELDS = {c.key: c.field for c in SORT_COLUMNS}
#: Newest completed first: what a utility checks for new jobs in its territory.
DEFAULT_SORT = "-completed"
SORT_CHOICES = [
    choice
    for column in SORT_COLUMNS
    for choice in (
        (column.key, f"{column.label} (ascending)"),
        (f"-{column.key}", f"{column.label} (descending)"),
    )
]


def ordering(sort: str) -> list:
    """``sort`` (a whitelisted key, "-" for descending) as order_by() arguments. Empty dates
    (In Progress jobs of staff searches) go last either way, and the measure ID breaks ties so
    pages never repeat or skip a row."""
    descending = sort.startswith("-")
    field = SORT_FIELDS[sort.removeprefix("-")]
    tie = "-measure_id" if descending else "measure_id"
    if field == "measure_id":
        return [tie]
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return [expression, tie]


class SortFilter(django_filters.ChoiceFilter):
    """Orders the result by a whitelisted key; no key → DEFAULT_SORT."""

    def filter(self, qs, value):
        return qs.order_by(*ordering(value or DEFAULT_SORT))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class TerritoryFilter(MyJobsFilter):
    """My jobs' filters (measure ID, address, status, measure type, install dates), plus the
    technician (name or Technician ID), the company, the completion dates, the utility (staff
    only: pass ``utilities``) and the sort order."""

    # Bounded: every word is one more AND in the query (SQLite refuses a tree 1,000 deep).
    address = django_filters.CharFilter(
        label="Address or ZIP code",
        method="filter_address",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    technician = django_filters.CharFilter(
        label="Technician (name or Technician ID)",
        method="filter_technician",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    company = django_filters.CharFilter(
        label="Company",
        method="filter_company",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    completed_from = django_filters.DateFilter(
        label="Completed from",
        field_name="completed_at",
        lookup_expr="date__gte",
        widget=_date_input(),
    )
    completed_to = django_filters.DateFilter(
        label="Completed to",
        field_name="completed_at",
        lookup_expr="date__lte",
        widget=_date_input(),
    )
    utility = django_filters.ModelChoiceFilter(
        label="Utility", queryset=None, empty_label="Every utility"
    )
    sort = SortFilter(label="Sort by", choices=SORT_CHOICES, empty_label="Newest completed first")

    class Meta:
        model = Job
        fields = ["measure_id", "address", "status", "measure_type"]

    def __init__(self, *args, utilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if utilities is None:
            # Utility users: one utility; the selector scopes them, the filter would be noise.
            del self.filters["utility"]
        else:
            self.filters["utility"].queryset = utilities

    @staticmethod
    def _words(value: str) -> list[str]:
        # Text the database refuses is a field error before any filter runs (registry.lib.text).
        return value.split()

    def filter_technician(self, queryset, name, value):
        value = value.strip()
        if value.isascii() and value.isdigit():
            if len(value) > MAX_ID_DIGITS:
                return queryset.none()
            return queryset.filter(technician__technician_id=int(value))
        query = Q()
        for word in self._words(value):
            query &= (
                Q(technician__user__first_name__icontains=word)
                | Q(technician__user__last_name__icontains=word)
                | Q(technician__user__username__icontains=word)
            )
        return queryset.filter(query)

    def filter_company(self, queryset, name, value):
        query = Q()
        for word in self._words(value):
            query &= Q(company__name__icontains=word)
        return queryset.filter(query)

    def current_sort(self) -> str:
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return sort or DEFAULT_SORT

    def sort_columns(self) -> dict[str, dict[str, str]]:
        """Per sortable column: the sort key its header link sets (the current column flips
        direction, another starts ascending), its aria-sort state and the arrow shown."""
        current = self.current_sort()
        columns = {}
        for column in SORT_COLUMNS:
            if current == column.key:
                state = {"next": f"-{column.key}", "aria": "ascending", "arrow": " ▲"}
            elif current == f"-{column.key}":
                state = {"next": column.key, "aria": "descending", "arrow": " ▼"}
            else:
                state = {"next": column.key, "aria": "none", "arrow": ""}
            columns[column.key] = state
        return columns
