"""One function per message (house style 11); subject, text and HTML from templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def _send(template: str, to: list[str], context: dict) -> None:
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = render_to_string(f"technicians/emails/{template}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_to_string(f"technicians/emails/{template}.txt", context)
    html = render_to_string(f"technicians/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


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
