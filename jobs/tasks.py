"""The job's tasks: the utility notice of a completed job, and its sweep. Thin and idempotent:
they take ids and claim their work before sending."""

from celery import shared_task

from jobs import emails
from jobs.models import Job
from registry.lib import outbox
from registry.lib.once import claim_and_send, email_task


@email_task
def send_job_notice(self, job_id: int) -> bool:
    """E-mail the job's utility that the job was completed, exactly once (spec §6).

    Claimed by ``utility_notified_at`` (registry.lib.once.claim_and_send). An In Progress job, or
    one whose utility has no contact e-mail, is never claimed (returns False).
    """

    def send() -> None:
        job = Job.objects.select_related(
            "utility", "site", "company", "technician__user", "technician__company"
        ).get(pk=job_id)
        emails.job_notice(job)

    candidates = Job.objects.filter(pk=job_id, utility__contact_email__gt="").exclude(
        status=Job.Status.IN_PROGRESS
    )
    return claim_and_send(candidates, "utility_notified_at", send)


#: A completed job whose notice has not gone out after this long is queued again.
NOTICE_GRACE = outbox.GRACE


@shared_task(acks_late=True)
def queue_unsent_job_notices() -> int:
    """Queue the notice of every completed job whose utility was not e-mailed yet (e.g. the
    broker was down when the job was completed). Part of the sweep (registry.tasks.send_due,
    ``python manage.py send_due``); ``python manage.py send_job_notices`` runs it alone. Safe
    to run any number of times: each notice is claimed by ``send_job_notice`` itself. Returns
    how many were queued."""
    due = Job.objects.filter(
        utility_notified_at__isnull=True, utility__contact_email__gt=""
    ).exclude(status=Job.Status.IN_PROGRESS)
    return outbox.requeue_due(send_job_notice, due, "completed_at")
