"""The territory dashboard (spec §6): jobs per install month by status and by measure type,
drawn on the server as inline SVG (registry.lib.charts) with the same numbers as tables.

Thin view: ``utilities.scope`` reads the filters, ``utilities.dashboard.selectors`` counts the
jobs of the user's territory (through ``jobs_visible_to``) and folds them into months; the QA
rate line comes from ``qa_inspections.selectors.territory_rates`` (the QA dashboard's numbers).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import roles
from qa_inspections.selectors import territory_rates
from registry.lib.charts import stacked_bar_chart
from utilities.dashboard import selectors as selectors_dashboard
from utilities.scope import read_scope

TEMPLATE = "utilities/dashboard.html"


def _chart(chart_id: str, title: str, breakdown: selectors_dashboard.Breakdown, year: int):
    return stacked_bar_chart(
        chart_id=chart_id,
        title=f"{title}, {year}",
        description=f"Stacked bars, one per install month of {year}; the table below the "
        "chart gives the same numbers.",
        labels=selectors_dashboard.MONTHS,
        series=breakdown.series,
    )


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = read_scope(request, all_label="Every utility in your territory")
    context = {"scope": scope}
    if not scope.valid:
        return render(request, TEMPLATE, context, status=400)
    rows = selectors_dashboard.job_counts(request.user, utility=scope.utility)
    dash = selectors_dashboard.build_dashboard(
        rows, year=scope.year, default_year=timezone.localdate().year
    )
    context |= {
        "dash": dash,
        "year": dash.year,
        # The QA rate of the same territory over the rolling window (not the chosen year): the
        # goal is measured on the last QA_WINDOW_DAYS of completed jobs (seed 001 L27).
        "qa": territory_rates(request.user, utility=scope.utility),
        "status_chart": _chart("jobs-by-status", "Jobs by status", dash.by_status, dash.year),
        "measure_chart": _chart(
            "jobs-by-measure", "Jobs by measure type", dash.by_measure, dash.year
        ),
    }
    return render(request, TEMPLATE, context)
