"""Thin, idempotent tasks (house style 8): they take ids and call emails/services."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=6,
    acks_late=True,
)
def send_application_decision_email(self, application_id: int) -> bool:
    """E-mail the applicant the decision on their application, exactly once.

    The claim is a conditional update: whichever run flips ``decision_emailed_at`` from NULL
    sends; a duplicate delivery finds nothing to claim. A failed send releases the claim so
    the retry can take it.
    """
    from technicians import emails
    from technicians.models import Application

    claimed = (
        Application.objects.filter(pk=application_id, decision_emailed_at__isnull=True)
        .exclude(status=Application.Status.PENDING)
        .update(decision_emailed_at=timezone.now())
    )
    if not claimed:
        return False
    application = Application.objects.select_related("applicant").get(pk=application_id)
    try:
        emails.application_decided(application)
    except Exception:
        Application.objects.filter(pk=application_id).update(decision_emailed_at=None)
        raise
    return True
