"""Reads behind the inspector's, the technician's and staff's inspection and remediation pages:
each page looks its rows up here, scoped to the user, and an id from the request that is not
theirs is a 404 — its existence is not disclosed.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404

from accounts import roles
from accounts.models import User
from qa_inspections.models import (
    Inspection,
    InspectionAssignment,
    InspectionPhoto,
    Remediation,
)

Role = User.Role

_JOB = ("job__site", "job__technician__user", "job__utility")


def _get(qs: QuerySet, pk, what: str):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {what}.") from None


def inspector_assignments(user) -> QuerySet[InspectionAssignment]:
    """Open assignments the inspector may work on: theirs, then nobody's (the first inspector
    to start one takes it), oldest first so nothing waits for ever. Not their own jobs."""
    return (
        InspectionAssignment.objects.filter(status=InspectionAssignment.Status.OPEN)
        .filter(Q(inspector_id=user.pk) | Q(inspector__isnull=True))
        .exclude(job__technician__user_id=user.pk)
        .select_related(*_JOB, "inspection")
        .order_by(F("inspector_id").desc(nulls_last=True), "created_at", "pk")
    )


def inspector_submitted(user, limit: int = 20) -> list[Inspection]:
    """The inspector's most recent submitted inspections."""
    return list(
        Inspection.objects.filter(inspector_id=user.pk, status=Inspection.Status.SUBMITTED)
        .select_related(*_JOB)
        .order_by("-submitted_at")[:limit]
    )


def get_inspection_for_inspector(user, pk) -> Inspection:
    """The inspector's own inspection (draft or submitted); 404 for anyone else's."""
    qs = Inspection.objects.filter(inspector_id=user.pk).select_related(*_JOB, "assignment")
    return _get(qs, pk, "inspection")


def get_photo_for_user(user, pk) -> InspectionPhoto:
    """A photo for the inspector who took it or for PTCS staff; 404 for everyone else (the
    job's technician, utilities and other inspectors included)."""
    qs = InspectionPhoto.objects.select_related("inspection")
    if not roles.has_role(user, Role.PTCS_STAFF):
        qs = qs.filter(inspection__inspector_id=user.pk)
    return _get(qs, pk, "photo")


def technician_remediations(user) -> QuerySet[Remediation]:
    """The technician's remediations: open ones first, soonest due first."""
    return (
        Remediation.objects.filter(technician__user_id=user.pk)
        .select_related(*_JOB, "inspection")
        .order_by("-status", "due_date", "pk")
    )


def get_remediation_for_technician(user, pk) -> Remediation:
    return _get(technician_remediations(user), pk, "remediation")


def open_remediations() -> QuerySet[Remediation]:
    """Every open remediation (PTCS staff), the most overdue first."""
    return (
        Remediation.objects.filter(status=Remediation.Status.OPEN)
        .select_related(*_JOB, "technician__user", "inspection__inspector")
        .order_by("due_date", "pk")
    )


def get_remediation_for_staff(pk) -> Remediation:
    qs = Remediation.objects.select_related(
        *_JOB, "technician__user", "inspection__inspector", "resolved_by"
    )
    return _get(qs, pk, "remediation")


def job_open_remediations(user, job) -> list[Remediation]:
    """Open remediations of ``job`` for its job page: shown to its technician and PTCS staff
    only (one query, and none for anyone else)."""
    if job.technician.user_id != user.pk and not roles.has_role(user, Role.PTCS_STAFF):
        return []
    return list(Remediation.objects.filter(job=job, status=Remediation.Status.OPEN))
