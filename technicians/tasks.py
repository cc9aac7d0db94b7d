"""Thin, idempotent tasks: they take ids (rows are read when the task runs, not when it was
queued) and call emails/services, so a retried or redelivered task does no harm."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from registry.lib import outbox
from registry.lib.once import claim_and_send, email_task
from technicians import emails, renewal
from technicians.models import Application, CertificationReminder, CompanyInvitation


@email_task
def send_application_decision_email(self, application_id: int) -> bool:
    """E-mail the applicant the decision on their application, exactly once (claimed by
    ``decision_emailed_at``, registry.lib.once.claim_and_send). Pending applications are never
    claimed."""

    def send() -> None:
        emails.application_decided(
            Application.objects.select_related("applicant").get(pk=application_id)
        )

    decided = Application.objects.filter(pk=application_id).exclude(
        status=Application.Status.PENDING
    )
    return claim_and_send(decided, "decision_emailed_at", send)


@shared_task(acks_late=True)
def send_certification_reminders(today: str | None = None) -> int:
    """Create the expiry reminders due today (60 and 14 days before, technicians.renewal) and
    queue the e-mail of each one not sent yet. Daily (registry/celery.py) and ``python
    manage.py certification_reminders``. Safe to run any number of times: each reminder is
    claimed by ``send_certification_reminder``. Returns how many were queued."""

    day = date.fromisoformat(today) if today else timezone.localdate()
    ids = renewal.create_due_reminders(day)
    for reminder_id in ids:
        send_certification_reminder.delay(reminder_id)
    return len(ids)


@email_task
def send_certification_reminder(self, reminder_id: int) -> bool:
    """E-mail one expiry reminder to its recipient (the technician or one of their company's
    administrators), exactly once (claimed by ``sent_at``)."""

    def send() -> None:
        emails.certification_expiring(
            CertificationReminder.objects.select_related(
                "certification__technician__user", "recipient"
            ).get(pk=reminder_id)
        )

    return claim_and_send(CertificationReminder.objects.filter(pk=reminder_id), "sent_at", send)


@email_task
def send_company_invitation(self, invitation_id: int) -> bool:
    """E-mail a company invitation's link, exactly once (claimed by ``emailed_at``)."""

    def send() -> None:
        emails.company_invitation(
            CompanyInvitation.objects.select_related("company", "invited_by").get(pk=invitation_id)
        )

    invitation = CompanyInvitation.objects.filter(pk=invitation_id)
    return claim_and_send(invitation, "emailed_at", send)


def queue_unsent_decision_emails() -> int:
    """Queue the e-mail of every decided application whose applicant was not told yet (the
    broker was down when it was decided). Part of the sweep (registry.tasks.send_due). Returns
    how many were queued; each is claimed by the task, so queuing twice sends once."""
    due = Application.objects.filter(decision_emailed_at__isnull=True).exclude(
        status=Application.Status.PENDING
    )
    return outbox.requeue_due(send_application_decision_email, due, "decided_at")


def queue_unsent_invitations() -> int:
    """Queue the e-mail of every open invitation not e-mailed yet (the broker was down when
    it was made). An expired invitation is not sent: its link no longer works. Part of the
    sweep (registry.tasks.send_due). Returns how many were queued."""
    due = CompanyInvitation.objects.filter(
        emailed_at__isnull=True, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
    return outbox.requeue_due(send_company_invitation, due, "created_at")


@shared_task(acks_late=True)
def expire_certifications(today: str | None = None) -> int:
    """Set active certifications past their expiry date to expired (with a status row).
    Daily (registry/celery.py) and ``python manage.py expire_certifications``. Idempotent."""

    day = date.fromisoformat(today) if today else timezone.localdate()
    return renewal.expire_certifications(day)
