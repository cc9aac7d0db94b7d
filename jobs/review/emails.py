"""The review's e-mails (one function per message; subject, text and HTML from templates)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from registry.lib.emails import send_templated
from utilities.models import Utility


def _send(template: str, to: list[str], context: dict) -> None:
    send_templated(f"jobs/emails/{template}", to, context)


def review_decision(change) -> None:
    """Tell the installing technician what the reviewer decided on their pending job:
    approved (with the resulting status), rejected with the reason, or sent back to correct."""
    job = change.job
    _send(
        "review_decision",
        [job.technician.user.email],
        {
            "change": change,
            "job": job,
            "user": job.technician.user,
            "job_path": reverse("jobs:detail", kwargs={"measure_id": job.measure_id}),
        },
    )


def reviewer_batch(batch, reviewer, assignments) -> None:
    """Tell a reviewer which BPA Pending jobs of a review batch are theirs (spec §7): each
    job's measure ID with a link, why it is pending and how many days it has waited, in the
    order given (urgent requests first, then the longest waiting)."""
    now = timezone.now()
    jobs = []
    for assignment in assignments:
        job = assignment.job
        jobs.append(
            {
                "job": job,
                "path": reverse("jobs:detail", kwargs={"measure_id": job.measure_id}),
                "age_days": (now - job.pending_since).days if job.pending_since else None,
                "urgent": job.urgent_requested_at is not None,
                "overdue": job.overdue_flagged_at is not None,
                "reasons": [
                    check["message"]
                    for check in job.failed_checks
                    if check.get("effect") == Job.Status.BPA_PENDING
                ],
            }
        )
    _send(
        "reviewer_batch",
        [reviewer.email],
        {
            "batch": batch,
            "reviewer": reviewer,
            "jobs": jobs,
            "urgent_count": sum(row["urgent"] for row in jobs),
            "administrator": Utility.ProgramAdministrator(batch.administrator).label,
        },
    )
