"""One function per message (house style 11); subject, text and HTML from templates."""

from django.urls import reverse

from registry.emails import send_templated


def _send(template: str, to: list[str], context: dict) -> None:
    send_templated(f"technicians/emails/{template}", to, context)


def application_decided(application) -> None:
    """Tell the applicant the decision: approval (with the Technician ID) or the reason."""
    from technicians.models import Application

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
    """Tell the technician a certification expires soon and how to renew it (issue 8)."""
    cert = reminder.certification
    user = cert.technician.user
    _send(
        "certification_expiring",
        [user.email],
        {
            "reminder": reminder,
            "certification": cert,
            "user": user,
            "expiry_date": reminder.expiry_date,
            "apply_path": reverse("technicians:apply", kwargs={"kind_slug": "technician"}),
        },
    )
