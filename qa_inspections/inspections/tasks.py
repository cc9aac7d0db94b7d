"""Thin, idempotent tasks of inspections and remediations: they take ids, claim the work with
a conditional update and call the e-mail function, so a technician never gets the same e-mail
twice when a task is retried or redelivered.

Registered with the worker by registry.celery (Celery autodiscovers only ``<app>.tasks``).
"""

from qa_inspections.inspections import emails as inspection_emails
from qa_inspections.models import Remediation
from registry.lib import outbox
from registry.lib.once import claim_and_send, email_task


@email_task(name="qa_inspections.inspection_tasks.send_remediation_email")
def send_remediation_email(self, remediation_id: int) -> bool:
    """E-mail the technician the remediation a failed inspection opened, exactly once (claimed
    by ``technician_emailed_at``, registry.lib.once.claim_and_send). Returns False when there was
    nothing to send (already sent, or no such remediation)."""

    def send() -> None:
        inspection_emails.remediation_opened(
            Remediation.objects.select_related("job__site", "technician__user").get(
                pk=remediation_id
            )
        )

    return claim_and_send(
        Remediation.objects.filter(pk=remediation_id), "technician_emailed_at", send
    )


def queue_unsent_remediation_emails() -> int:
    """Queue the e-mail of every open remediation whose technician was not told yet (the broker
    was down when the inspection failed). A remediation resolved meanwhile needs no e-mail.
    Part of the sweep (registry.tasks.send_due). Returns how many were queued; each is claimed
    by the task, so queuing twice sends once."""
    due = Remediation.objects.filter(
        status=Remediation.Status.OPEN, technician_emailed_at__isnull=True
    )
    return outbox.requeue_due(send_remediation_email, due, "created_at")
