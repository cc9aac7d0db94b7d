"""The sweep of every side effect still due (registry.lib.outbox): what the services queue on
commit and the broker never got, or lost. One periodic task (registry/celery.py) and one
management command (``python manage.py send_due``) run each sweep in turn; every sweep only
queues, and the queued tasks claim their rows, so running it any number of times sends each
e-mail and processes each upload once."""

from collections.abc import Callable

from celery import shared_task

from jobs.bulk.tasks import requeue_stale_bulk_uploads
from jobs.review.tasks import queue_unsent_review_decisions
from jobs.tasks import queue_unsent_job_notices
from qa_inspections.inspections.tasks import queue_unsent_remediation_emails
from technicians.tasks import queue_unsent_decision_emails, queue_unsent_invitations

#: Each kind of queued side effect, by what it is called in the command's report, and the
#: sweep that queues it again (each returns how many it queued). The review batch's reviewer
#: notices and the certification reminders are left to their own daily tasks, which already
#: send every one not sent yet.
SWEEPS: dict[str, Callable[[], int]] = {
    "bulk uploads": requeue_stale_bulk_uploads,
    "utility notices": queue_unsent_job_notices,
    "review decisions": queue_unsent_review_decisions,
    "application decisions": queue_unsent_decision_emails,
    "company invitations": queue_unsent_invitations,
    "remediations": queue_unsent_remediation_emails,
}


@shared_task(name="registry.tasks.send_due", acks_late=True)
def send_due() -> dict[str, int]:
    """Queue again every side effect still due: the counts queued, by kind. Periodic
    (registry/celery.py) and ``python manage.py send_due``."""
    return {kind: sweep() for kind, sweep in SWEEPS.items()}
