"""Job entry in the browser (seed 000 "How to Enter & Search for Jobs"): the Site Address
screen, the measure type choice, the measure form with a live preview, "My jobs" and the job
status page.

Thin views: the parser (jobs.dictionary.inputs), the engine (jobs.rules) and the services decide; a view
only picks the template and translates a JobError into field errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import roles
from jobs import display, facts, forms, reference, sections, selectors, services
from jobs import history as job_history
from jobs.dictionary import inputs
from jobs.dictionary.address import parse_address
from jobs.filters import MyJobsFilter
from jobs.models import Job
from jobs.review import selectors as review_selectors
from jobs.review import services as review
from jobs.rules.types import MeasureType
from registry.lib.filters import active_filters
from registry.lib.pagination import DeferredJoinPaginator
from utilities import administrators

MY_JOBS_PER_PAGE = 25


#: Sign-in first, then 403 unless the user may enter jobs (a technician with a PTCS
#: Technician ID, or a company administrator with such technicians); the 403 page says why
#: and what to do (an application still being reviewed, no certified technician yet).
entry_required = roles.allowed_if(selectors.can_enter_jobs, selectors.entry_refusal)


def _measure_or_404(measure_type: str) -> MeasureType:
    try:
        return MeasureType(measure_type)
    except ValueError:
        raise Http404("No such measure type.") from None


def _utility_names(zip_code: str | None) -> list[str]:
    return list(selectors.utilities_serving(zip_code or "").values_list("name", flat=True))


def _site_check(values) -> dict:
    """The address as usaddress reads it (unverified addresses are kept and flagged)."""
    site = {name: (values.get(name) or "") for name in inputs.SITE_FIELDS}
    if not all(site[name].strip() for name in ("street_address", "city", "state", "zip_code")):
        return {"address": None}
    return {"address": parse_address(**site)}


@entry_required
def new(request: HttpRequest) -> HttpResponse:
    """Step 1, the "Site Address" screen; once the site is entered, step 2: the measure type
    (the site travels in the query string, so nothing typed is lost going back and forth).

    Step 2 offers the measure types the installing technician was certified for on the install
    date and shows the others disabled with the reason (``selectors.measure_offers``)."""
    if request.GET.get("step") == "site" or not any(n in request.GET for n in forms.SITE_NAMES):
        # First visit, or back from step 2 ("Change the site") with what was typed.
        names = (*forms.SITE_NAMES, forms.ZIP_CONFIRMED)
        initial = {n: request.GET[n] for n in names if n in request.GET}
        return render(request, "jobs/new_site.html", {"form": forms.SiteForm(initial=initial)})
    form = forms.SiteForm(request.GET)
    if not form.check():
        return render(request, "jobs/new_site.html", {"form": form}, status=400)
    site = form.site()
    utilities = form.utilities
    offers = selectors.measure_offers(request.user, form.install_date)
    return render(
        request,
        "jobs/new_type.html",
        {
            "form": form,
            "site": site,
            "install_date": request.GET.get("install_date", ""),
            "utilities": utilities,
            "chosen_utility": request.GET.get("electric_utility")
            or (utilities[0] if len(utilities) == 1 else ""),
            "offers": [(Job.MeasureType(offer.measure).label, offer) for offer in offers],
            "any_refused": not all(offer.available for offer in offers),
            **_site_check(request.GET),
        },
    )


def _render_form(request, form: forms.JobForm, *, job: Job | None = None, status: int = 200):
    values = form.data if form.is_bound else form.initial
    return render(
        request,
        "jobs/job_form.html",
        {
            "form": form,
            "job": job,
            "measure_label": Job.MeasureType(form.measure).label,
            "zip_code": values.get("zip_code") or "",
            **_site_check(values),
        },
        status=status,
    )


def _submit(request, form: forms.JobForm, job: Job | None) -> HttpResponse:
    """Save Progress or Complete through the service; errors back on the form (400)."""
    action = request.POST.get("action") or "save_progress"
    try:
        saved = services.job_submit(
            actor=request.user, payload=forms.payload_from(request.POST), action=action, job=job
        )
    except services.JobError as exc:
        form.apply_job_error(exc)
        return _render_form(request, form, job=job, status=400)
    if saved.is_in_progress:
        messages.success(
            request,
            f"Saved in progress as measure ID {saved.measure_id}. To complete it, find it in "
            "My jobs and choose Complete Job.",
        )
    else:
        _completed_message(request, saved)
    return redirect("jobs:detail", measure_id=saved.measure_id)


def _completed_message(request: HttpRequest, job: Job) -> None:
    """What Complete led to, coloured by the outcome: a Rejected job is no success, a BPA
    Pending one waits for the next review batch; the status page says why and what next."""
    if job.status == Job.Status.REJECTED:
        messages.error(
            request,
            f"Job {job.measure_id} was entered as Rejected: it does not qualify as entered. "
            "Below: the checks that did not pass and what you can do.",
        )
        return
    utility = job.utility.name if job.utility_id else "the utility"
    text = (
        f"Job completed: measure ID {job.measure_id}, {job.get_status_display()}. "
        f"Please let {utility} know it is complete and entered."  # seed 000 FAQ
    )
    if job.status == Job.Status.BPA_PENDING:
        contact = display.REVIEW_CONTACTS[administrators.administrator_of(job)]
        day = review_selectors.next_review_batch()
        messages.warning(
            request,
            f"{text} It waits for review by {contact.name}: the next review batch opens on "
            f"{day:%A}, {day:%B} {day.day}, {day.year}.",
        )
    elif job.status == Job.Status.BPA_APPROVED:
        messages.success(request, text)
    else:  # PTCS-Certified Only, Record Only: entered, with less to claim
        messages.info(request, text)


def _technician_choices(user) -> list | None:
    """The "Installing technician" choices, or None for a technician who enters only their
    own jobs (their form does not change: the technician is implicit)."""
    technicians = list(selectors.entry_technicians(user))
    if all(profile.user_id == user.pk for profile in technicians):
        return None
    return technicians


@entry_required
def new_measure(request: HttpRequest, measure_type: str) -> HttpResponse:
    """Step 3: the measure form, carrying the site from the previous steps. A company
    administrator also names the installing technician, whose certification counts."""
    measure = _measure_or_404(measure_type)
    technicians = _technician_choices(request.user)
    if request.method == "POST":
        form = forms.JobForm(
            request.POST,
            measure=measure,
            utilities=_utility_names(request.POST.get("zip_code")),
            technicians=technicians,
        )
        return _submit(request, form, None)
    initial = forms.initial_from_query(request.GET, measure)
    own = next((p for p in technicians or () if p.user_id == request.user.pk), None)
    if own is not None:  # a technician who also runs the office: themself by default
        initial["tech_id"] = str(own.technician_id)
    form = forms.JobForm(
        initial=initial,
        measure=measure,
        utilities=_utility_names(initial.get("zip_code")),
        technicians=technicians,
    )
    return _render_form(request, form)


@entry_required
def edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    """ "Complete Job" (seed 000 L28): the installing technician's In Progress job, pre-filled."""
    job = selectors.get_job_for_user(request.user, measure_id, write=True)
    if not job.is_in_progress:
        contact = display.REVIEW_CONTACTS[administrators.administrator_of(job)]
        messages.info(
            request,
            f"Job {job.measure_id} is already completed. To change it, contact {contact.name} "
            f"({contact.phone}); they can edit it without changing the measure ID.",  # seed 000 FAQ
        )
        return redirect("jobs:detail", measure_id=job.measure_id)
    # The installing technician stays the job's: shown, not chosen again.
    technicians = _technician_choices(request.user)
    if technicians is not None:
        technicians = [job.technician]
    if request.method == "POST":
        form = forms.JobForm(
            request.POST,
            measure=job.measure_type,
            utilities=_utility_names(request.POST.get("zip_code")),
            technicians=technicians,
            technician_fixed=True,
        )
        return _submit(request, form, job)
    initial = forms.initial_from_payload(services.job_payload(job))
    form = forms.JobForm(
        initial=initial,
        measure=job.measure_type,
        utilities=_utility_names(job.site.zip_code),
        technicians=technicians,
        technician_fixed=True,
    )
    return _render_form(request, form, job=job)


@entry_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The live preview (htmx): computed values, checks and the status the job would get,
    for whatever has been typed so far. Nothing is saved.

    While Complete still has questions to ask, the status reads "Incomplete: N questions
    left" with those questions listed, and the checks waiting for them read "Not answered
    yet": a half-filled form is never shown as Rejected or BPA Pending."""
    payload = forms.payload_from(request.POST)
    parsed, decision = services.preview(actor=request.user, payload=payload)
    context = {
        "parsed": parsed,
        "decision": decision,
        "errors": [(forms.field_label(n), m) for n, m in parsed.errors.items()],
    }
    if decision is not None:
        checks = display.check_rows(decision.checks)
        left = decision.questions_left
        computed = display.computed_rows(parsed.measure_type, decision.computed, parsed.facts)
        context |= {
            "computed": computed,
            # Each section's part, swapped in beside its fields (out of band).
            "sections": sections.by_section(
                parsed.measure_type,
                computed=computed,
                checks=checks,
                questions_left=left,
                errors=parsed.errors,
            ),
            "checks": checks,
            "choices": display.registry_choices_of(decision.checks),
            "failed_checks": [c for c in checks if c["result"] == "fail"],
            "unanswered_count": sum(c["result"] == "unanswered" for c in checks),
            "missing": [forms.field_label(n) for n in left],
            "status_label": (
                display.incomplete_label(len(left))
                if left
                else display.status_label(decision.status)
            ),
            "status": decision.status.value,
        }
    return render(request, "jobs/_preview.html", context)


@entry_required
def ahri_lookup(request: HttpRequest, number: str) -> JsonResponse:
    """The equipment directory's values for an AHRI number, by data-dictionary names (the
    form's pre-fill); 404 when the number is not listed (the technician types the values),
    saying whether the directory has any rows: only a number missing from a directory that
    has them sends the job to BPA Pending (jobs.rules.heat_pump), so the form's note must not
    promise a review an empty directory will not cause."""
    values = facts.ahri_prefill(number)
    if values is None:
        return JsonResponse(
            {
                "detail": "This AHRI number is not in the equipment directory.",
                "directory_has_rows": bool(reference.current().ahri_directory),
            },
            status=404,
        )
    return JsonResponse({k: (None if v is None else str(v)) for k, v in values.items()})


@entry_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "My jobs": the technician's own jobs (a company administrator's: every job of the
    company, with its installing technician and who entered it), searchable, newest first."""
    own = selectors.my_jobs(request.user)
    filterset = MyJobsFilter(request.GET or None, queryset=own)
    rows = filterset.qs.only(*selectors.MY_JOBS_COLUMNS)
    page = DeferredJoinPaginator(rows, MY_JOBS_PER_PAGE).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.may_continue = selectors.may_continue(request.user, job)
    is_admin = roles.has_role(request.user, roles.Role.COMPANY_ADMIN)
    context = {
        "filter": filterset,
        "active_filters": active_filters(filterset),
        "page": page,
        "company_view": is_admin,
    }
    return render(request, "jobs/mine.html", context)


def _questions_left(job: Job) -> list[str]:
    """The questions an In Progress job still has to answer before Complete, by label (the
    same parser that Complete Job runs)."""
    if not job.is_in_progress:
        return []
    payload = services.job_payload(job)
    parsed = inputs.parse(payload, completing=False, today=timezone.localdate())
    return [forms.field_label(name) for name in parsed.questions_left]


def _detail_context(request: HttpRequest, job: Job) -> dict:
    changes = job.status_changes.select_related("actor")  # fetched once, by list() below
    administrator = administrators.administrator_of(job)
    checks = display.check_rows(job.checks)
    return {
        "job": job,
        "checks": checks,
        "failed": [c for c in checks if c["result"] == "fail"],
        "choices": display.registry_choices_of(job.checks),
        "computed": display.computed_rows(job.measure_type, job.computed, job.data),
        "entered": display.entered_groups(job.measure_type, job.data),
        "category_label": display.CATEGORY_LABELS.get(job.category, job.category),
        "history": changes,
        "decision": review_selectors.latest_review_decision(list(changes)),
        "questions_left": _questions_left(job),
        "is_installer": job.technician.user_id == request.user.pk,
        "may_continue": selectors.may_continue(request.user, job),
        "is_reviewer": administrator in administrators.administrators_decided_by(request.user),
        "contact": display.REVIEW_CONTACTS[administrator],
        "why_pending": display.why_pending(job.checks)
        if job.status == Job.Status.BPA_PENDING
        else [],
        "next_review": review_selectors.next_review_batch(),
    }


@login_required
def detail(request: HttpRequest, measure_id: int) -> HttpResponse:
    """The job status page: the status and every check behind it, for whoever may see it."""
    job = selectors.get_job_for_user(request.user, measure_id)
    return render(request, "jobs/detail.html", _detail_context(request, job))


@login_required
@require_POST
def urgent(request: HttpRequest, measure_id: int) -> HttpResponse:
    """ "Please review this job sooner" (seed 000 L29, L47-48): the installing technician
    flags their BPA Pending job for the reviewers' queue."""
    try:
        job = review.job_request_urgent_review(actor=request.user, measure_id=measure_id)
    except services.JobError as exc:
        job = selectors.get_job_for_user(request.user, measure_id)
        context = _detail_context(request, job) | {"urgent_error": " ".join(exc.messages)}
        return render(request, "jobs/detail.html", context, status=400)
    messages.success(request, f"Job {job.measure_id} is flagged for sooner review.")
    return redirect("jobs:detail", measure_id=job.measure_id)


@login_required
def history(request: HttpRequest, measure_id: int) -> HttpResponse:
    """The job's status changes with every decision's reason and note, then every saved
    version, newest first: who, when, why and what changed (spec §1: staff corrections are
    kept with who/when/why)."""
    job = selectors.get_job_for_user(request.user, measure_id)
    context = {
        "job": job,
        "history": job.status_changes.select_related("actor"),
        "versions": job_history.versions(job),
    }
    return render(request, "jobs/history.html", context)
