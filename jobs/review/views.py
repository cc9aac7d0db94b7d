"""Staff review of BPA Pending jobs and staff corrections (seed 000 L29-34; spec §1, §7).

PTCS staff review BPA territory, Energy Trust staff their own (seed 000 L45-48); a job of the
other territory is a 404. Thin views: every decision and correction is a service of
jobs.review.services; a view only picks the template and shows the service's JobError on the form.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import roles
from accounts.models import User
from jobs import display, facts, selectors, services
from jobs.forms import initial_from_payload
from jobs.models import Job
from jobs.review import selectors as review_selectors
from jobs.review import services as review
from jobs.review.forms import (
    BulkDecisionForm,
    DecisionForm,
    ReviewQueueFilter,
    StaffEditForm,
    staff_edit_payload,
)
from jobs.rules.engine import rejecting_checks
from utilities import administrators

QUEUE_PER_PAGE = 100

#: Decision → (service, the name of its text argument, past tense for the messages).
SERVICES: dict[str, tuple[Callable[..., Job], str, str]] = {
    "approve": (review.job_approve, "note", "approved"),
    "reject": (review.job_reject, "reason", "rejected"),
    "send_back": (review.job_send_back, "message", "sent back to the technician"),
}


def _decide(
    request: HttpRequest, decision: str, measure_id: int, text: str, override_reason: str = ""
) -> Job:
    service, argument, _ = SERVICES[decision]
    extra = {"override_reason": override_reason} if decision == "approve" else {}
    return service(actor=request.user, measure_id=measure_id, **{argument: text}, **extra)


def _outcome(decision: str, job: Job) -> str:
    done = SERVICES[decision][2]
    return f"Job {job.measure_id} {done}: now {job.get_status_display()}."


# --- The queue ----------------------------------------------------------------------------


def _rows(user: User, jobs: list[Job]) -> list[dict]:
    """The queue's rows: why each job is pending, its age, its assigned reviewer (one query
    for every reviewer of the page) and, for a job that is ``user``'s own work, why another
    reviewer decides it."""
    reviewer_ids = {job.assigned_reviewer_id for job in jobs} - {None}
    reviewers = User.objects.in_bulk(reviewer_ids) if reviewer_ids else {}
    now = timezone.now()
    rows = []
    for job in jobs:
        reviewer = reviewers.get(job.assigned_reviewer_id)
        rows.append(
            {
                "job": job,
                "why": display.why_pending(job.checks),
                "age_days": (now - job.waiting_since).days if job.waiting_since else None,
                "reviewer": (reviewer.get_full_name() or reviewer.username) if reviewer else "",
                "own_work": review_selectors.own_work(user, job),
            }
        )
    return rows


def _render_queue(
    request: HttpRequest, filterset: ReviewQueueFilter, form: BulkDecisionForm, status: int = 200
) -> HttpResponse:
    page = Paginator(filterset.qs, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/staff/review_queue.html",
        {
            "filter": filterset,
            "page": page,
            "rows": _rows(request.user, list(page.object_list)),
            "form": form,
            "selected": form.selected() if form.is_bound else [],
            "territories": sorted(administrators.administrators_decided_by(request.user)),
        },
        status=status,
    )


def _apply_bulk(request: HttpRequest, form: BulkDecisionForm) -> bool:
    """Apply the decision job by job; each job's success or error becomes a message. A job
    decided meanwhile (or not in the reviewer's territory) reports its error; the others go
    through. False when the text itself is refused (nothing was decided then: the services
    check it before touching a job)."""
    decision, text = form.cleaned_data["action"], form.cleaned_data["text"]
    override_reason = form.cleaned_data["override_reason"]
    argument = SERVICES[decision][1]
    for measure_id in form.cleaned_data["measure_ids"]:
        try:
            # A job failing a rule that rejects it reports its own error below (not approved)
            # when no override reason was given; the other ticked jobs still go through.
            job = _decide(request, decision, measure_id, text, override_reason)
        except services.JobError as exc:
            if hasattr(exc, "error_dict") and argument in exc.error_dict:
                form.add_error("text", exc.message_dict[argument])
                return False
            messages.error(request, f"Job {measure_id}: {' '.join(exc.messages)}")
        except Http404:
            messages.error(request, f"Job {measure_id}: no such job in your review territory.")
        else:
            messages.success(request, _outcome(decision, job))
    return True


@roles.program_staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """Every BPA Pending job of the reviewer's territory, urgent first then oldest first;
    POST: one decision for the ticked jobs."""
    filterset = ReviewQueueFilter(
        request.GET or None, queryset=review_selectors.review_queue(request.user), request=request
    )
    if request.method != "POST":
        return _render_queue(request, filterset, BulkDecisionForm())
    form = BulkDecisionForm(request.POST)
    if form.is_valid() and _apply_bulk(request, form):
        return redirect(request.get_full_path())  # back to the same filters
    return _render_queue(request, filterset, form, status=400)


# --- One job ------------------------------------------------------------------------------


def _render_review(
    request: HttpRequest, job: Job, form: DecisionForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "jobs/staff/review.html",
        {
            "job": job,
            "form": form,
            "checks": display.check_rows(job.checks),
            "choices": display.registry_choices_of(job.checks),
            "computed": display.computed_rows(job.measure_type, job.computed, job.data),
            "entered": display.entered_groups(job.measure_type, job.data),
            "why": display.why_pending(job.checks),
            "rejecting": [check["message"] for check in rejecting_checks(job.checks)],
            "history": list(job.status_changes.select_related("actor")),
            # Four eyes: the explanation replaces the decision buttons (the services refuse).
            "own_work": review_selectors.own_work(request.user, job),
        },
        status=status,
    )


@roles.program_staff_required
def job_review(request: HttpRequest, measure_id: int) -> HttpResponse:
    """One job's checks and the three decisions: approve (optional note; an override reason
    when the job fails a rule that rejects it), reject (reason required), send back (message
    required)."""
    job = review_selectors.get_job_for_reviewer(request.user, measure_id)
    if request.method != "POST":
        return _render_review(request, job, DecisionForm())
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        argument = SERVICES[decision][1]
        try:
            decided = _decide(
                request,
                decision,
                job.measure_id,
                form.cleaned_data[argument],
                form.cleaned_data["override_reason"],
            )
        except services.JobError as exc:
            form.apply_job_error(exc)
            # Decided meanwhile by someone else? Show the job as it is now.
            job = review_selectors.get_job_for_reviewer(request.user, measure_id)
        else:
            messages.success(request, f"{_outcome(decision, decided)} The technician is e-mailed.")
            return redirect("staff:jobs-review")
    return _render_review(request, job, form, status=400)


# --- Staff correction ---------------------------------------------------------------------


def _render_edit(request: HttpRequest, job: Job, form: StaffEditForm, status: int = 200):
    return render(
        request,
        "jobs/staff/edit.html",
        {
            "job": job,
            "form": form,
            "measure_label": job.get_measure_type_display(),
            "zip_code": (form.data if form.is_bound else form.initial).get("zip_code") or "",
        },
        status=status,
    )


def _utility_names(zip_code: str | None) -> list[str]:
    return list(selectors.utilities_serving(zip_code or "").values_list("name", flat=True))


@roles.program_staff_required
def edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    """Staff correct a completed job "without updating the measure ID" (seed 000 L33-34): the
    measure form pre-filled with the job, plus the reason for the correction."""
    job = review_selectors.get_job_for_reviewer(request.user, measure_id)
    if job.is_in_progress:
        messages.info(
            request,
            # Seed 000 L28: only the installing technician completes a job.
            f"Job {job.measure_id} is In Progress: only the installing technician can complete "
            "it. It can be corrected once completed.",
        )
        return redirect("jobs:detail", measure_id=job.measure_id)
    if request.method == "POST":
        form = StaffEditForm(
            request.POST,
            measure=job.measure_type,
            utilities=_utility_names(request.POST.get("zip_code")),
        )
        try:
            corrected = review.job_staff_edit(
                actor=request.user,
                measure_id=job.measure_id,
                payload=staff_edit_payload(request.POST),
                reason=request.POST.get("reason", ""),
            )
        except services.JobError as exc:
            form.apply_job_error(exc)
            return _render_edit(request, job, form, status=400)
        messages.success(
            request,
            f"Job {corrected.measure_id} corrected (same measure ID): now "
            f"{corrected.get_status_display()}. The reason is kept in the job's history.",
        )
        return redirect("jobs:detail", measure_id=corrected.measure_id)
    form = StaffEditForm(
        initial=initial_from_payload(services.job_payload(job)),
        measure=job.measure_type,
        utilities=_utility_names(job.site.zip_code),
    )
    return _render_edit(request, job, form)


# --- Rule sets ----------------------------------------------------------------------------------


@roles.program_staff_required
@require_GET
def rulesets(request: HttpRequest) -> HttpResponse:
    """Every dated rule set with its period, sources and every threshold (read-only; edited
    by superusers in the admin). The built-in sets when none is stored."""
    return render(request, "jobs/staff/rulesets.html", {"rulesets": facts.ruleset_rows()})
