"""One function per message; subject, text and HTML from templates."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from jobs.models import Job
from jobs.report.document import report_pdf, report_pdf_filename
from registry.lib.emails import send_templated


def _send(
    template: str,
    to: list[str],
    context: dict,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    send_templated(f"jobs/emails/{template}", to, context, attachments)


def job_notice(job: Job) -> None:
    """Tell the job's utility (its contact e-mail) that the job was completed, with the key
    facts, a link to the job and the Registry Installation Report as PDF (spec §6). The
    technician or their company must still notify the utility themselves (seed 000 FAQ)."""
    technician = job.technician
    _send(
        "job_notice",
        [job.utility.contact_email],
        {
            "job": job,
            "technician_name": technician.user.get_full_name() or technician.user.username,
            "technician_id": technician.technician_id,
            "job_path": reverse("jobs:detail", kwargs={"measure_id": job.measure_id}),
        },
        attachments=[(report_pdf_filename(job), report_pdf(job), "application/pdf")],
    )
