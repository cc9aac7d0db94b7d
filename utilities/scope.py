"""Whose territory a report covers and which year: the ``?utility=`` and ``?year=`` filters of
the payments page and the dashboard.

A utility user always sees their own utility (spec §6); PTCS staff may pick any utility and
Energy Trust staff any utility of their territory (spec §1). A bad parameter makes the page a
400 that shows the form's error and no numbers (as the territory search does): never a 500, and
never numbers for something other than what was asked. The choices are a list in memory, so
no number from the request reaches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest

from accounts import roles
from accounts.models import User
from registry.lib import text_fields
from utilities import administrators
from utilities.models import Utility

Role = User.Role

#: Years a report may ask for: the registry's measures start with the 2007-era tables (seed 002)
#: and nothing is installed far in the future.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def utilities_in_scope(user) -> list[Utility]:
    """The utilities whose jobs ``user`` may report on (one query, name order)."""
    user_roles = roles.roles_of(user)
    qs = Utility.objects.order_by("name")
    if Role.PTCS_STAFF in user_roles:
        return list(qs)
    scope = []
    if Role.UTILITY in user_roles and user.utility_id:
        scope.append(user.utility_id)
    if Role.PROGRAM_ADMIN in user_roles:
        scope += qs.filter(administrators.utilities_of({administrators.ENERGY_TRUST})).values_list(
            "pk", flat=True
        )
    return list(qs.filter(pk__in=scope)) if scope else []


class ScopeForm(text_fields.Form):
    utility = forms.ChoiceField(label="Utility", required=False)
    year = forms.IntegerField(
        label="Year installed", required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, utilities: list[Utility], all_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.utilities = {str(u.pk): u for u in utilities}
        self.fields["utility"].choices = [("", all_label)] + [
            (key, u.name) for key, u in self.utilities.items()
        ]


@dataclass(frozen=True)
class Scope:
    """The report's filters once read: ``utility`` None means "every utility in scope"."""

    form: ScopeForm
    utility: Utility | None
    year: int | None
    utilities: tuple[Utility, ...]
    valid: bool = True

    @property
    def can_choose_utility(self) -> bool:
        return len(self.utilities) > 1


def read_scope(request: HttpRequest, *, all_label: str) -> Scope:
    """The filters of ``request.GET`` (``valid`` False: the form holds the errors)."""
    utilities = utilities_in_scope(request.user)
    form = ScopeForm(request.GET or None, utilities=utilities, all_label=all_label)
    utility = year = None
    valid = True
    if form.is_bound:
        valid = form.is_valid()
        data = form.cleaned_data
        utility = form.utilities.get(data.get("utility") or "")
        year = data.get("year")
    if len(utilities) == 1:
        utility = utilities[0]
    return Scope(form, utility, year, tuple(utilities), valid)
