"""The QA dashboard (qa:dashboard): inspection rate against the 10 % goal (seed 001 L27) per
technician, company and utility, with pass rates and open remediations, and a server-side SVG
chart of the rate by utility (registry.lib.charts) with the goal as a line.

Thin view: ``qa_inspections.selectors.territory_rates`` counts the jobs of the user's territory
(``jobs_visible_to``: a utility user counts their own utility's jobs only).
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from accounts import roles
from qa_inspections import selectors
from registry.lib import text_fields
from registry.lib.charts import Series, stacked_bar_chart
from utilities.models import Utility
from utilities.scope import utilities_in_scope

TEMPLATE = "qa_inspections/dashboard.html"
RATE_COLOR = "#1565c0"


class UtilityChoiceForm(text_fields.Form):
    """``?utility=``: one utility of the user's territory (a list in memory, so no number from
    the request reaches the database); anything else is a 400 with the form's error."""

    utility = forms.ChoiceField(label="Utility", required=False)

    def __init__(self, *args, utilities: list[Utility], **kwargs):
        super().__init__(*args, **kwargs)
        self.utilities = {str(u.pk): u for u in utilities}
        self.fields["utility"].choices = [("", "Every utility in your territory")] + [
            (key, u.name) for key, u in self.utilities.items()
        ]

    @property
    def chosen(self) -> Utility | None:
        if len(self.utilities) == 1:  # a utility user: always their own
            return next(iter(self.utilities.values()))
        return self.utilities.get(self.cleaned_data.get("utility") or "") if self.is_bound else None


def rate_chart(rates: selectors.QaRates) -> SafeString:
    goal = rates.target_percent
    return stacked_bar_chart(
        chart_id="qa-rate-by-utility",
        title=f"Inspection rate by utility since {rates.window_start:%Y-%m-%d}",
        description=f"One bar per utility: the percentage of its completed jobs inspected; the "
        f"dashed line is the {goal:g} % goal. The table below gives the same numbers.",
        labels=[row.label for row in rates.by_utility],
        series=[
            Series(
                "rate",
                "Inspection rate",
                tuple(row.rate_percent or 0.0 for row in rates.by_utility),
                RATE_COLOR,
            )
        ],
        unit="%",
        goal=goal,
        goal_label=f"Goal {goal:g}%",
    )


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = UtilityChoiceForm(request.GET or None, utilities=utilities_in_scope(request.user))
    context: dict = {"form": form, "can_choose_utility": len(form.utilities) > 1}
    if form.is_bound and not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    rates = selectors.territory_rates(request.user, utility=form.chosen)
    context |= {
        "rates": rates,
        "utility": form.chosen,
        "window_days": selectors.window_days(),
        "chart": rate_chart(rates) if rates.by_utility else None,
    }
    return render(request, TEMPLATE, context)
