"""The PTCS staff application review queue (a real page, not the admin)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import roles
from technicians import selectors, services
from technicians.forms import RejectForm


@roles.ptcs_staff_required
def application_queue(request):
    applications = list(selectors.applications_pending())
    return render(request, "technicians/staff/queue.html", {"applications": applications})


def _render_detail(request, application, reject_form=None, status=200):
    return render(
        request,
        "technicians/staff/detail.html",
        {"application": application, "reject_form": reject_form or RejectForm()},
        status=status,
    )


@roles.ptcs_staff_required
def application_detail(request, pk: int):
    return _render_detail(request, selectors.get_application_for_user(request.user, pk))


@roles.ptcs_staff_required
@require_POST
def application_approve(request, pk: int):
    application = selectors.get_application_for_user(request.user, pk)
    try:
        services.application_approve(application_id=application.pk, actor=request.user)
    except services.ApplicationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff:application", pk=application.pk)
    messages.success(request, f"Approved: {application}. The applicant has been e-mailed.")
    return redirect("staff:applications")


@roles.ptcs_staff_required
@require_POST
def application_reject(request, pk: int):
    application = selectors.get_application_for_user(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, application, reject_form=form, status=400)
    try:
        services.application_reject(
            application_id=application.pk, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except services.ApplicationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff:application", pk=application.pk)
    messages.success(request, f"Rejected: {application}. The applicant has been e-mailed.")
    return redirect("staff:applications")
