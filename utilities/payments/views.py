"""The BPA payments page (spec §6): what a utility may claim for its territory's jobs, with
the measure category and the rate in force on each install date (seed 003 §10.8.2).

Thin view: ``utilities.scope`` reads the filters, ``utilities.payments.selectors`` scopes the
jobs (through ``jobs_visible_to``) and prices them with the pure rules of
``utilities.payments.rules``. Energy Trust territory gets a page saying BPA payments do not apply.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import roles
from accounts.models import User
from utilities import administrators
from utilities.payments import selectors as selectors_payments
from utilities.scope import read_scope

Role = User.Role

#: Utility users (their utility), PTCS staff (any utility) and Energy Trust staff, who are told
#: that BPA payments do not apply to their territory (spec §1; seed 000 L59).
TEMPLATE = "utilities/payments.html"


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def payments(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not roles.has_role(user, Role.PTCS_STAFF, Role.UTILITY):
        # Energy Trust staff: "Energy Trust customers are not served by BPA" (seed 000 L59).
        return render(request, TEMPLATE, {"not_bpa": True, "scope": None})
    scope = read_scope(request, all_label="All BPA utilities")
    context = {"scope": scope, "not_bpa": False}
    if not scope.valid:
        return render(request, TEMPLATE, context, status=400)
    utility = scope.utility
    if utility and administrators.administrator_of_utility(utility) == administrators.ENERGY_TRUST:
        return render(request, TEMPLATE, {**context, "not_bpa": True})
    year = (
        scope.year
        or selectors_payments.latest_install_year(
            selectors_payments.payable_jobs(user, utility=utility, year=None)
        )
        or timezone.localdate().year
    )
    report = selectors_payments.payment_report(user, utility=utility, year=year)
    context |= {"report": report, "year": year, "show_utility": utility is None}
    return render(request, TEMPLATE, context)
