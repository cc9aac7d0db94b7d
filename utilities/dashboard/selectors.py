"""Reads for the territory dashboard: jobs per install month by status and by measure type.

One grouped query over the user's territory (``jobs_visible_to``: a utility user sees their
utility's completed jobs, seed 000 L10), folded into twelve months in Python. Months are
install months, as on the payments page (utilities.payments.selectors).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear

from jobs.models import Job
from jobs.selectors import jobs_visible_to
from registry.lib.charts import Series
from utilities.models import Utility

MONTHS = tuple(calendar.month_abbr[m] for m in range(1, 13))

#: Colours of the status badges (static/css/registry.css), so a chart reads like the lists.
STATUS_COLORS = {
    Job.Status.BPA_APPROVED: "#1e8a47",
    Job.Status.PTCS_CERTIFIED_ONLY: "#1565c0",
    Job.Status.RECORD_ONLY: "#607d8b",
    Job.Status.BPA_PENDING: "#b7791f",
    Job.Status.REJECTED: "#c62828",
    Job.Status.IN_PROGRESS: "#9e9e9e",
}
MEASURE_COLORS = {
    Job.MeasureType.ASHP: "#1565c0",
    Job.MeasureType.VSHP: "#6a1b9a",
    Job.MeasureType.GSHP: "#2e7d32",
    Job.MeasureType.DUCT_SEALING_PTCS: "#ef6c00",
    Job.MeasureType.DUCT_SEALING_PRESCRIPTIVE: "#8d6e63",
}

#: (install year or None, install month or None, status, measure type, number of jobs).
CountRow = tuple[int | None, int | None, str, str, int]


def job_counts(user, *, utility: Utility | None) -> list[CountRow]:
    """Jobs of ``user``'s territory grouped by install year, month, status and measure type
    (one query; ``utility`` narrows to one utility)."""
    qs = jobs_visible_to(user)
    if utility is not None:
        qs = qs.filter(utility=utility)
    grouped = (
        qs.annotate(year=ExtractYear("install_date"), month=ExtractMonth("install_date"))
        .values_list("year", "month", "status", "measure_type")
        # No ordering: Job's default ordering would otherwise join the GROUP BY.
        .order_by()
        .annotate(jobs=Count("pk"))
    )
    return list(grouped)


@dataclass(frozen=True)
class Breakdown:
    """One chart's numbers: a series per status (or measure type) with twelve monthly counts."""

    series: tuple[Series, ...]
    month_totals: tuple[int, ...]

    @property
    def rows(self) -> list[tuple[str, tuple[tuple[str, int], ...], int]]:
        """The table: per month, (series label, count) of each series and the month's total."""
        return [
            (month, tuple((s.label, s.values[i]) for s in self.series), self.month_totals[i])
            for i, month in enumerate(MONTHS)
        ]

    @property
    def series_totals(self) -> tuple[int, ...]:
        return tuple(sum(s.values) for s in self.series)


@dataclass(frozen=True)
class Dashboard:
    year: int
    years: tuple[int, ...]  # years with any job, for the year links
    by_status: Breakdown
    by_measure: Breakdown
    total: int
    undated: int  # jobs without an install date (saved in progress), not charted


def _breakdown(counts: Counter, choices, colors: dict) -> Breakdown:
    series = []
    for value, label in choices:
        values = tuple(counts[(month, value)] for month in range(1, 13))
        if any(values):  # a legend entry for what is there, not for every possible value
            series.append(Series(value, label, values, colors[value]))
    totals = tuple(sum(s.values[i] for s in series) for i in range(12))
    return Breakdown(tuple(series), totals)


def build_dashboard(rows: list[CountRow], *, year: int | None, default_year: int) -> Dashboard:
    """Twelve months of ``year`` (default: the latest year with jobs, else ``default_year``)."""
    years = tuple(sorted({row[0] for row in rows if row[0] is not None}))
    year = year or (years[-1] if years else default_year)
    by_status: Counter = Counter()
    by_measure: Counter = Counter()
    undated = 0
    for row_year, month, status, measure_type, jobs in rows:
        if row_year is None:
            undated += jobs
        elif row_year == year:
            by_status[(month, status)] += jobs
            by_measure[(month, measure_type)] += jobs
    status_breakdown = _breakdown(by_status, Job.Status.choices, STATUS_COLORS)
    return Dashboard(
        year=year,
        years=years,
        by_status=status_breakdown,
        by_measure=_breakdown(by_measure, Job.MeasureType.choices, MEASURE_COLORS),
        total=sum(status_breakdown.month_totals),
        undated=undated,
    )
