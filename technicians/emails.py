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
