"""HPXML (BPI-2100) in the browser: one job's export and the import page.

Whoever may see a job may download it as HPXML (``selectors.get_job_for_user``; 404 for
anyone else), In Progress or not. The import page is the entry form's audience (a technician
with a PTCS Technician ID); every building goes through ``jobs.hpxml.hpxml_import``, i.e.
``services.job_submit``, so the same rules and permissions apply as when typing the job.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jobs import selectors, services
from jobs.hpxml import CONTENT_TYPE, hpxml_import, job_filename, jobs_to_hpxml
from jobs.hpxml.parse import MAX_BYTES
from jobs.views import entry_required
from registry.lib import errors, text_fields
from registry.lib.uploads import refuse_if_larger


def xml_attachment(body: bytes | Iterable[bytes], filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def job_hpxml(request: HttpRequest, measure_id: int) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, measure_id)
    return xml_attachment(jobs_to_hpxml([job]), job_filename(job))


class HpxmlImportForm(text_fields.Form):
    file = forms.FileField(label="HPXML file", help_text="One Building element per job.")
    action = forms.ChoiceField(
        label="Then",
        choices=(
            ("save_progress", "Save the jobs In Progress (I will complete them)"),
            ("complete", "Complete the jobs now"),
        ),
        initial="save_progress",
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refuse_if_larger(upload, MAX_BYTES, "Split it into smaller files.")
        return upload


@entry_required
def hpxml_import_page(request: HttpRequest) -> HttpResponse:
    """Upload an HPXML file; each building becomes a job of the signed-in technician (or is
    listed with its field errors)."""
    if request.method != "POST":
        return render(request, "jobs/hpxml_import.html", {"form": HpxmlImportForm()})
    form = HpxmlImportForm(request.POST, request.FILES)
    results = None
    if form.is_valid():
        try:
            results = hpxml_import(
                actor=request.user,
                xml_bytes=form.cleaned_data["file"].read(),
                action=form.cleaned_data["action"],
            )
        except services.JobError as exc:
            errors.add_to_form(form, exc, field_for=lambda name: "file" if name == "file" else None)
    status = 200 if results is not None and all(r.imported for r in results) else 400
    context = {"form": form, "results": results}
    return render(request, "jobs/hpxml_import.html", context, status=status)
