"""The job's tasks: the utility notice of a completed job, and its sweep. Thin and idempotent:
they take ids and claim their work before sending."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from jobs import emails
from jobs.models import Job
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
NOTICE_GRACE = timedelta(minutes=10)
NOTICE_BATCH = 500


@shared_task(acks_late=True)
def queue_unsent_job_notices() -> int:
    """Queue the notice of every completed job whose utility was not e-mailed yet (e.g. the
    broker was down when the job was completed). Periodic (registry/celery.py) and
    ``python manage.py send_job_notices``. Safe to run any number of times: each notice is
    claimed by ``send_job_notice`` itself."""
    stale = timezone.now() - NOTICE_GRACE
    ids = list(
        Job.objects.filter(
            utility_notified_at__isnull=True,
            utility__contact_email__gt="",
            completed_at__lt=stale,
        )
        .exclude(status=Job.Status.IN_PROGRESS)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:NOTICE_BATCH]
    )
    for job_id in ids:
        send_job_notice.delay(job_id)
    return len(ids)
