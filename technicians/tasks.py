"""Thin, idempotent tasks (house style 8): they take ids and call emails/services."""

from registry.once import claim_and_send, email_task


@email_task
def send_application_decision_email(self, application_id: int) -> bool:
    """E-mail the applicant the decision on their application, exactly once (claimed by
    ``decision_emailed_at``, registry.once.claim_and_send). Pending applications are never
    claimed."""
    from technicians import emails
    from technicians.models import Application

    def send() -> None:
        emails.application_decided(
            Application.objects.select_related("applicant").get(pk=application_id)
        )

    decided = Application.objects.filter(pk=application_id).exclude(
        status=Application.Status.PENDING
    )
    return claim_and_send(decided, "decision_emailed_at", send)
