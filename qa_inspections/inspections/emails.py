"""E-mails of inspections and remediations: one function per message."""

from django.urls import reverse

from registry.lib.emails import send_templated


def remediation_opened(remediation) -> None:
    """Tell the technician a QA inspection of their job failed: what failed, by when to
    respond, and where (seed 001 L27)."""
    user = remediation.technician.user
    send_templated(
        "qa_inspections/emails/remediation_opened",
        [user.email],
        {
            "remediation": remediation,
            "job": remediation.job,
            "user": user,
            "remediations_path": reverse("qa:my-remediations"),
            "job_path": reverse("jobs:detail", args=[remediation.job.measure_id]),
        },
    )
