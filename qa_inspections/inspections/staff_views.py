"""PTCS staff's remediation pages: every open remediation, and on each one resolve it (note
required) or suspend the technician's certification for the measure (reason required).
Certification decisions are the PTCS program team's (technicians.services), so Energy Trust
staff are refused like everyone else who is not PTCS staff."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import roles
from jobs.rules.types import REQUIRED_CERTIFICATION, MeasureType
from qa_inspections.inspections import selectors, services
from qa_inspections.inspections.forms import ResolveForm, SuspendForm
from qa_inspections.inspections.items import ITEMS_BY_CODE
from technicians.models import CertificationType


@roles.ptcs_staff_required
def remediations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "qa_inspections/staff/remediations.html",
        {"remediations": list(selectors.open_remediations())},
    )


def _render_detail(request, remediation, resolve_form=None, suspend_form=None, status=200):
    inspection = remediation.inspection
    cert_type = REQUIRED_CERTIFICATION[MeasureType(remediation.job.measure_type)]
    return render(
        request,
        "qa_inspections/staff/remediation.html",
        {
            "remediation": remediation,
            "inspection": inspection,
            "failed_items": [
                (ITEMS_BY_CODE.get(row.code), row)
                for row in inspection.items.all()
                if row.passed is False
            ],
            "photos": list(inspection.photos.all()),
            "cert_label": CertificationType(cert_type).label,
            "resolve_form": resolve_form or ResolveForm(),
            "suspend_form": suspend_form or SuspendForm(),
        },
        status=status,
    )


@roles.ptcs_staff_required
def remediation(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.get_remediation_for_staff(pk))


@roles.ptcs_staff_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_remediation_for_staff(pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.remediation_resolve(
                actor=request.user, remediation_id=item.pk, note=form.cleaned_data["note"]
            )
        except services.InspectionError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Remediation of job {item.job.measure_id} resolved.")
            return redirect("qa:remediations")
    return _render_detail(request, item, resolve_form=form, status=400)


@roles.ptcs_staff_required
@require_POST
def suspend(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_remediation_for_staff(pk)
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            cert = services.remediation_escalate_suspend(
                actor=request.user, remediation_id=item.pk, reason=form.cleaned_data["reason"]
            )
        except services.InspectionError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                f"{cert.get_cert_type_display()} of {item.technician} suspended; the "
                "remediation stays open.",
            )
            return redirect("qa:remediation", pk=item.pk)
    return _render_detail(request, item, suspend_form=form, status=400)
