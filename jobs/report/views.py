"""The Registry Installation Report pages: the HTML page and the PDF download.

Whoever may see the job may print its report (``selectors.get_job_for_user``; 404 for
anyone else). An In Progress job has no report yet: both URLs answer 404 with a page saying
why, so its existence is still disclosed only to those who can see it anyway.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobs import selectors
from jobs.models import Job
from jobs.report import document


def _no_report_yet(request: HttpRequest, job: Job) -> HttpResponse:
    return render(request, "jobs/report_unavailable.html", {"job": job}, status=404)


@login_required
def report(request: HttpRequest, measure_id: int) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, measure_id)
    if job.is_in_progress:
        return _no_report_yet(request, job)
    return render(request, "jobs/report.html", document.report_context(job))


@login_required
def report_pdf(request: HttpRequest, measure_id: int) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, measure_id)
    if job.is_in_progress:
        return _no_report_yet(request, job)
    response = HttpResponse(document.report_pdf(job), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.report_pdf_filename(job)}"'
    return response
