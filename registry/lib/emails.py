"""Sending one templated e-mail: subject, text and HTML bodies from three templates
(``<name>_subject.txt``, ``<name>.txt``, ``<name>.html``), so the wording of a message can be
changed without touching code."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated(
    name: str,
    to: list[str],
    context: dict,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Render ``name`` (e.g. "jobs/emails/job_notice") with ``context`` plus ``site_url`` and
    send it to ``to``, with optional (filename, content, mimetype) attachments."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = render_to_string(f"{name}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_to_string(f"{name}.txt", context)
    html = render_to_string(f"{name}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
