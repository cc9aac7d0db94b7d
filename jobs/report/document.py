"""The Registry Installation Report of a completed job: what it shows, and the PDF a
technician gives the utility (seed 000 FAQ: the technician and/or their company notify the
utility). The download (jobs.report.views) and the utility notice (jobs.emails.job_notice)
send the same document, rendered once per version of the job and kept in private storage.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import reportlab
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from xhtml2pdf import pisa

from jobs import display, history
from jobs.models import Job
from registry.lib.storage import private_storage

NOTIFY_UTILITY = (
    "The technician and/or their company must notify the utility that the job is complete "
    "(PTCS Site Registry FAQ)"
)

#: Bitstream Vera ships with reportlab (a pip dependency of xhtml2pdf): the PDF's standard
#: fonts have no °, ≤, ≥ or √, which the checks use throughout.
PDF_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
#: Characters Vera lacks, written out for the PDF.
PDF_REPLACEMENTS = {"→": "->", "↔": "<->"}


def report_context(job: Job) -> dict[str, Any]:
    """What the report shows, labelled as on the job's status page (jobs.display)."""
    return {
        "job": job,
        "technician": job.technician,
        "category": display.choice_label("category", job.category),
        "sections": display.entered_groups(job.measure_type, job.data),
        "computed": display.computed_rows(job.measure_type, job.computed, job.data),
        "checks": display.check_rows(job.checks),
        "failed_count": len(job.failed_checks),
        "history": history.status_changes(job.status_changes.select_related("actor")),
        "generated_at": timezone.localtime(),
        "notify_utility": NOTIFY_UTILITY,
    }


def report_pdf_filename(job: Job) -> str:
    return f"registry-installation-report-{job.measure_id}.pdf"


def report_pdf_name(job: Job) -> str:
    """Where the PDF of this version of the job is kept (private storage). A job's version is
    its last save: every status change, correction and review decision saves the job, and
    the report shows nothing else that changes after completion."""
    version = job.updated_at.strftime("%Y%m%dT%H%M%S%f") if job.updated_at else "unsaved"
    return f"reports/{job.measure_id}/{version}.pdf"


def report_pdf(job: Job) -> bytes:
    """The report PDF of this version of the job, rendered once (0.8–2.3 s each) and kept:
    the download and the utility notice reuse it. Older versions' files are removed when a
    new one is kept."""
    name = report_pdf_name(job)
    if private_storage.exists(name):
        with private_storage.open(name, "rb") as stored:
            return stored.read()
    pdf = render_report_pdf(job)
    folder = name.rsplit("/", 1)[0]
    if not private_storage.exists(name):  # a concurrent render may have kept it meanwhile
        private_storage.save(name, ContentFile(pdf))
    _, files = private_storage.listdir(folder)
    for other in files:
        if f"{folder}/{other}" != name:
            private_storage.delete(f"{folder}/{other}")
    return pdf


def render_report_pdf(job: Job) -> bytes:
    """The Registry Installation Report of a completed job as PDF bytes, rendered now (callers
    use ``report_pdf``, which renders each version once). Raises RuntimeError if xhtml2pdf
    cannot render it."""
    html = render_to_string(
        "jobs/report.html", {**report_context(job), "pdf": True, "font_dir": PDF_FONT_DIR}
    )
    for char, text in PDF_REPLACEMENTS.items():
        html = html.replace(char, text)
    pdf = io.BytesIO()
    result = pisa.CreatePDF(html, dest=pdf, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"xhtml2pdf could not render the report of job {job.measure_id}")
    return pdf.getvalue()
