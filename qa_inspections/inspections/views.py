"""The inspector's pages (my assignments, the inspection form on a phone, photos) and the
technician's remediation page. Thin: lookups through inspection_selectors, changes through
inspection_services, whose errors come back on the form with a 400."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import Role, role_required
from qa_inspections.inspections import selectors, services
from qa_inspections.inspections.forms import InspectionForm, RemediationResponseForm

inspector_only = role_required(Role.QA_INSPECTOR)
technician_only = role_required(Role.TECHNICIAN)


@inspector_only
def assignments(request: HttpRequest) -> HttpResponse:
    """My assignments: open jobs to inspect (mine, then anyone's), and what I submitted."""
    return render(
        request,
        "qa_inspections/assignments.html",
        {
            "assignments": list(selectors.inspector_assignments(request.user)),
            "submitted": selectors.inspector_submitted(request.user),
        },
    )


@inspector_only
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or resume) the inspection of an assignment; an unassigned one becomes mine."""
    try:
        inspection = services.inspection_start(actor=request.user, assignment_id=pk)
    except services.InspectionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("qa:assignments")
    return redirect("qa:inspect", pk=inspection.pk)


def _render_inspection(request, inspection, form, status=200) -> HttpResponse:
    return render(
        request,
        "qa_inspections/inspect.html",
        {
            "inspection": inspection,
            "job": inspection.job,
            "form": form,
            "photos": list(inspection.photos.all()),
            "is_draft": inspection.status == inspection.Status.DRAFT,
        },
        status=status,
    )


def _save(request, inspection, form) -> None:
    """Draft, photos and (for "Submit") the result in one transaction: an error anywhere
    leaves the inspection as it was, and the page shows what was typed."""
    added = []
    try:
        with transaction.atomic():
            services.inspection_save_draft(
                actor=request.user, inspection_id=inspection.pk, data=form.service_data()
            )
            for upload in form.cleaned_data.get("photos") or []:
                added.append(
                    services.inspection_add_photo(
                        actor=request.user, inspection_id=inspection.pk, upload=upload
                    )
                )
            if form.action == "submit":
                services.inspection_submit(
                    actor=request.user,
                    inspection_id=inspection.pk,
                    result=form.cleaned_data.get("result") or "",
                )
    except services.InspectionError:
        for photo in added:  # rolled back: their files would be unreachable
            photo.file.delete(save=False)
        raise


@inspector_only
def inspect(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection form: re-taken values beside the reported ones, pass/fail per item,
    photos, notes; "Save draft" or "Submit" with a result. A submitted one reads only."""
    inspection = selectors.get_inspection_for_inspector(request.user, pk)
    if request.method != "POST":
        form = InspectionForm(inspection=inspection)
        if inspection.status != inspection.Status.DRAFT:
            for field in form.fields.values():
                field.disabled = True
        return _render_inspection(request, inspection, form)
    form = InspectionForm(request.POST, request.FILES, inspection=inspection)
    if form.is_valid():
        try:
            _save(request, inspection, form)
        except services.InspectionError as exc:
            form.add_service_errors(exc)
        else:
            if form.action == "submit":
                inspection.refresh_from_db()
                messages.success(
                    request,
                    f"Inspection of job {inspection.job.measure_id} submitted: "
                    f"{inspection.get_result_display()}.",
                )
                return redirect("qa:assignments")
            messages.success(request, "Draft saved.")
            return redirect("qa:inspect", pk=inspection.pk)
    return _render_inspection(request, inspection, form, status=400)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """Stream an inspection photo to its inspector or PTCS staff; 404 for everyone else. The
    file lives in private storage, never under a public URL."""
    item = selectors.get_photo_for_user(request.user, pk)
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, filename=item.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- The technician's remediations -------------------------------------------------------------


def _render_remediations(request, forms_by_pk=None, status=200) -> HttpResponse:
    remediations = list(selectors.technician_remediations(request.user))
    forms_by_pk = forms_by_pk or {}
    for remediation in remediations:
        remediation.form = forms_by_pk.get(remediation.pk) or RemediationResponseForm(
            initial={"response": remediation.technician_response},
            prefix=f"r{remediation.pk}",
        )
    return render(
        request,
        "qa_inspections/my_remediations.html",
        {"remediations": remediations},
        status=status,
    )


@technician_only
def my_remediations(request: HttpRequest) -> HttpResponse:
    """What failed QA inspections ask of me, by when, and my responses."""
    return _render_remediations(request)


@technician_only
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    remediation = selectors.get_remediation_for_technician(request.user, pk)
    form = RemediationResponseForm(request.POST, prefix=f"r{remediation.pk}")
    if form.is_valid():
        try:
            services.remediation_respond(
                actor=request.user,
                remediation_id=remediation.pk,
                response=form.cleaned_data["response"],
            )
        except services.InspectionError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, f"Your response on job {remediation.job.measure_id} was recorded."
            )
            return redirect("qa:my-remediations")
    return _render_remediations(request, {remediation.pk: form}, status=400)
