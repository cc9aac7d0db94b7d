"""Technician-facing pages: apply, my certification, proof download, public look-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from accounts import roles
from accounts.roles import role_required
from registry.lib import errors
from technicians import selectors, services
from technicians.forms import ApplicationForm, LookupForm
from technicians.models import Application

_KIND_BY_SLUG = {
    "technician": Application.Kind.TECHNICIAN,
    "inspector": Application.Kind.QA_INSPECTOR,
    "trainer": Application.Kind.TRAINER,
}


def _apply_form_errors(form, exc: services.ApplicationError) -> None:
    errors.add_to_form(form, exc)


@login_required
def apply(request, kind_slug: str):
    kind = _KIND_BY_SLUG.get(kind_slug)
    if kind is None:
        raise Http404
    if not roles.can_apply(request.user):
        raise PermissionDenied(
            "Certification applications are for technicians, QA inspectors and trainers, who "
            "apply as individuals; utility, program staff and company office accounts do not."
        )
    form = ApplicationForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                actor=request.user,
                kind=kind,
                data=form.cleaned_data,
                proof=form.cleaned_data["proof_of_training"],
            )
        except services.ApplicationError as exc:
            _apply_form_errors(form, exc)
        else:
            messages.success(
                request,
                f"Your {application.get_kind_display()} was received. PTCS staff will review it "
                "and e-mail you the decision.",
            )
            return redirect("technicians:me")
    status = 400 if form.errors else 200
    return render(
        request,
        "technicians/apply.html",
        {"form": form, "kind": kind, "kind_label": Application.Kind(kind).label},
        status=status,
    )


@role_required(*roles.PARTICIPANT_ROLES)
def me(request):
    """The signed-in person's certification page: Technician ID, company, certifications."""
    return render(
        request,
        "technicians/me.html",
        {
            "profile": selectors.profile_for(request.user),
            "applications": selectors.applications_of(request.user),
        },
    )


@login_required
def application_proof(request, pk: int):
    """Stream an uploaded proof of training to its applicant or to PTCS staff only."""
    application = selectors.get_application_for_user(request.user, pk)
    handle = application.proof_of_training.open("rb")
    response = FileResponse(
        handle,
        content_type=application.proof_content_type,
        as_attachment=True,
        filename=application.proof_original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def lookup(request):
    """Public look-up of active certified technicians (spec §1). A query that cannot be
    searched for (a NUL character) is a 400 with the reason, and no list."""
    form = LookupForm(request.GET)
    template = "technicians/_lookup_results.html" if request.htmx else "technicians/lookup.html"
    if not form.is_valid():
        context = {"page": None, "query": request.GET.get("q", ""), "form": form}
        return render(request, template, context, status=400)
    query = form.cleaned_data["q"]
    page = Paginator(selectors.technician_lookup(query), 25).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "query": query, "form": form})
