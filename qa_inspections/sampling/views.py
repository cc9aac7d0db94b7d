"""Staff's QA sampling page: the open assignments of their territory with why each job was
selected, the latest sample run, "Run the sample now" (besides the monthly run), and adding or
removing a job by hand with a reason. The rules are qa_inspections.sampling.services'."""

from __future__ import annotations

from itertools import combinations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import roles
from jobs.models import Job
from jobs.review.selectors import review_scope
from jobs.selectors import jobs_visible_to
from qa_inspections.models import InspectionAssignment, SampleRun
from qa_inspections.sampling import services
from registry.lib import text_fields
from utilities import administrators

PER_PAGE = 50


class AddForm(text_fields.Form):
    measure_id = forms.IntegerField(label="Measure ID", min_value=1)
    reason = forms.CharField(
        label="Reason", max_length=500, widget=forms.TextInput(attrs={"maxlength": 500})
    )


class RemoveForm(text_fields.Form):
    reason = forms.CharField(
        label="Reason", max_length=500, widget=forms.TextInput(attrs={"maxlength": 500})
    )


def open_assignments(user):
    """Open assignments of the jobs of ``user``'s review territory (PTCS staff: BPA; Energy
    Trust staff: theirs, as services.assignment_remove checks), newest first."""
    territory = Job.objects.filter(review_scope(user)).values("pk")
    return (
        InspectionAssignment.objects.filter(
            status=InspectionAssignment.Status.OPEN, job__in=territory
        )
        .select_related("job__site", "job__technician__user", "job__utility", "inspector")
        .order_by("-created_at", "-pk")
    )


def latest_run(user) -> tuple[SampleRun | None, int]:
    """The newest sample run that drew from ``user``'s territory (a run of the other
    territory's staff is theirs), and how many jobs of that territory it selected (the
    scheduled run draws from both territories)."""
    decided = administrators.administrators_decided_by(user)
    # Runs from before runs were limited to a territory drew from every job.
    drew_from_theirs = Q(parameters__territories__isnull=True)
    everyone = sorted(administrators.ADMINISTRATORS)
    for size in range(1, len(everyone) + 1):
        for territories in combinations(everyone, size):
            if decided & set(territories):
                drew_from_theirs |= Q(parameters__territories=list(territories))
    run = SampleRun.objects.filter(drew_from_theirs).defer("parameters").first()
    if run is None:
        return None, 0
    selected = run.assignments.filter(
        job__in=Job.objects.filter(review_scope(user)).values("pk")
    ).count()
    return run, selected


def _render(request, *, add_form=None, remove_form=None, remove_pk=None, status=200):
    page = Paginator(open_assignments(request.user), PER_PAGE).get_page(request.GET.get("page"))
    run, selected = latest_run(request.user)
    return render(
        request,
        "qa_inspections/staff/sampling.html",
        {
            "page": page,
            "latest_run": run,
            "latest_selected": selected,
            "add_form": add_form or AddForm(),
            "remove_form": remove_form,
            "remove_pk": remove_pk,
        },
        status=status,
    )


@roles.program_staff_required
def sampling(request: HttpRequest) -> HttpResponse:
    return _render(request)


@roles.program_staff_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    try:
        sample = services.sample_run(actor=request.user)
    except services.SamplingError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        count = sample.selected_count
        where = " and ".join(
            administrators.TERRITORY_NAME[t] for t in sample.parameters["territories"]
        )
        messages.success(
            request,
            f"QA sample drawn from the jobs of {where}: {count} job{'s' if count != 1 else ''} "
            f"selected (seed {sample.seed}).",
        )
    return redirect("qa:sampling")


@roles.program_staff_required
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    form = AddForm(request.POST)
    if form.is_valid():
        job = (
            jobs_visible_to(request.user).filter(measure_id=form.cleaned_data["measure_id"]).first()
        )
        if job is None:
            raise Http404("No such job.")
        try:
            services.assignment_add(
                actor=request.user, job_id=job.pk, reason=form.cleaned_data["reason"]
            )
        except services.SamplingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Job {job.measure_id} added to the inspection list.")
            return redirect("qa:sampling")
    return _render(request, add_form=form, status=400)


@roles.program_staff_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            assignment = services.assignment_remove(
                actor=request.user, assignment_id=pk, reason=form.cleaned_data["reason"]
            )
        except services.SamplingError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Job {assignment.job.measure_id} removed from the inspection list."
            )
            return redirect("qa:sampling")
    elif not InspectionAssignment.objects.filter(
        pk=pk, job__in=Job.objects.filter(review_scope(request.user)).values("pk")
    ).exists():
        raise Http404("No such assignment.")
    return _render(request, remove_form=form, remove_pk=pk, status=400)
