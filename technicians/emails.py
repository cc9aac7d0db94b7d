"""One function per message; subject, text and HTML from templates."""

from django.urls import reverse

from registry.lib.emails import send_templated
from technicians.models import Application


def _send(template: str, to: list[str], context: dict) -> None:
    send_templated(f"technicians/emails/{template}", to, context)


def application_decided(application) -> None:
    """Tell the applicant the decision: approval (with the Technician ID) or the reason."""

    profile = getattr(application.applicant, "technician", None)
    template = (
        "application_approved"
        if application.status == Application.Status.APPROVED
        else "application_rejected"
    )
    _send(
        template,
        [application.applicant.email],
        {
            "application": application,
            "user": application.applicant,
            "technician_id": profile.technician_id if profile else None,
            "profile_path": reverse("technicians:me"),
        },
    )


def certification_expiring(reminder) -> None:
    """Tell one recipient that a certification expires soon: the technician how to
    renew it, or their company's administrator which technician and measure it is."""
    cert = reminder.certification
    technician = cert.technician.user
    recipient = reminder.recipient
    template = (
        "certification_expiring"
        if recipient.pk == technician.pk
        else "certification_expiring_admin"
    )
    _send(
        template,
        [recipient.email],
        {
            "reminder": reminder,
            "certification": cert,
            "user": recipient,
            "technician": technician,
            "technician_id": cert.technician.technician_id,
            "expiry_date": reminder.expiry_date,
            "apply_path": reverse("technicians:apply", kwargs={"kind_slug": "technician"}),
            "company_path": reverse("technicians:company"),
        },
    )


def company_invitation(invitation) -> None:
    """Invite a technician to join a company: the link to accept."""
    _send(
        "company_invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "company": invitation.company,
            "invited_by": invitation.invited_by,
            "accept_path": reverse("technicians:invitation", kwargs={"token": invitation.token}),
        },
    )
