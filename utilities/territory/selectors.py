"""Reads of the utilities app: the territory a user may search (spec §1, §6).

Scoping is never decided here: every job comes from ``jobs.selectors.jobs_visible_to``, so a
utility user searches exactly the jobs of its territory, and the utilities offered as a filter
are the ones of those jobs.
"""

from __future__ import annotations

from django.db.models import QuerySet

from jobs.models import Job
from jobs.selectors import jobs_visible_to
from utilities.models import Utility


def territory_jobs(user) -> QuerySet[Job]:
    """The jobs of the territory search and its exports: exactly ``jobs_visible_to(user)``
    (utility users: their utility's completed jobs; PTCS staff: every job; Energy Trust staff:
    Energy Trust territory), with the rows a result line shows joined in one query."""
    return jobs_visible_to(user).select_related("site", "technician__user", "company", "utility")


def territory_utilities(user) -> QuerySet[Utility]:
    """The utilities a staff user may narrow the search to: those of the jobs they may see,
    so the filter's choices never name a utility outside their territory."""
    visible = jobs_visible_to(user).filter(utility__isnull=False).values("utility_id")
    return Utility.objects.filter(pk__in=visible).order_by("name")
