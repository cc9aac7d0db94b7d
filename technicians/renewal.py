"""Certification renewal: expiry reminders 60 and 14 days before, and expiry.

Each reminder is told to the technician and to the administrators of their company.
``reminders_due`` is pure; the rest is called by the daily tasks in technicians/tasks.py
(registry/celery.py) and the ``certification_reminders`` / ``expire_certifications``
management commands. Both are safe to run any number of times.
"""

import datetime

from django.db import transaction

from accounts.models import User
from technicians.models import Certification, CertificationReminder, CertificationStatusChange

#: Reminders go out this many days before a certification expires.
REMINDER_DAYS = (60, 14)


def reminders_due(
    today: datetime.date, expiry_date: datetime.date, days: tuple[int, ...] = REMINDER_DAYS
) -> list[int]:
    """The reminders (days before expiry) due today: on or after expiry − N days and before
    the expiry date itself. Largest first."""
    if today >= expiry_date:
        return []
    return sorted(
        (n for n in days if today >= expiry_date - datetime.timedelta(days=n)), reverse=True
    )


def expiry_state(status: str, expiry_date: datetime.date | None, today: datetime.date) -> str:
    """How the company page marks a certification: "expired" (its status, or past its expiry
    date: the expiry date is its last valid day), "expiring" (within the first reminder's
    window, REMINDER_DAYS) or "" (nothing to flag)."""
    if status == Certification.Status.EXPIRED or (expiry_date and expiry_date < today):
        return "expired"
    if expiry_date and today >= expiry_date - datetime.timedelta(days=max(REMINDER_DAYS)):
        return "expiring"
    return ""


def reminder_recipients(cert: Certification) -> list[int]:
    """Who is told that ``cert`` expires soon: the technician, then each active
    administrator of the technician's current company, each once (user ids)."""
    technician = cert.technician
    ids = [technician.user_id]
    if technician.company_id:
        admins = User.objects.filter(
            administered_company_id=technician.company_id, is_active=True
        ).order_by("pk")
        ids += [pk for pk in admins.values_list("pk", flat=True) if pk not in ids]
    return ids


def create_due_reminders(today: datetime.date) -> list[int]:
    """Create (once) the reminder rows due today for active certifications with an expiry
    within the reminder window, one per recipient (``reminder_recipients``); return the ids
    of the reminders not sent yet."""
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    certs = Certification.objects.filter(
        status=Certification.Status.ACTIVE, expiry_date__gt=today, expiry_date__lte=horizon
    ).select_related("technician")
    for cert in certs:
        due = reminders_due(today, cert.expiry_date)
        if not due:
            continue
        recipients = reminder_recipients(cert)
        for n in due:
            for recipient_id in recipients:
                CertificationReminder.objects.get_or_create(
                    certification=cert,
                    days_before=n,
                    expiry_date=cert.expiry_date,
                    recipient_id=recipient_id,
                )
    return list(
        CertificationReminder.objects.filter(
            sent_at__isnull=True,
            expiry_date__gt=today,
            certification__status=Certification.Status.ACTIVE,
        )
        .order_by("expiry_date", "-days_before", "pk")
        .values_list("pk", flat=True)
    )


def expire_certifications(today: datetime.date) -> int:
    """Set every active certification whose expiry date is before ``today`` to expired, with
    a status row (no actor: the system). Returns how many expired."""
    count = 0
    ids = Certification.objects.filter(
        status=Certification.Status.ACTIVE, expiry_date__lt=today
    ).values_list("pk", flat=True)
    for pk in list(ids):
        with transaction.atomic():
            cert = Certification.objects.select_for_update().get(pk=pk)
            if cert.status != Certification.Status.ACTIVE or not (
                cert.expiry_date and cert.expiry_date < today
            ):
                continue
            cert.status = Certification.Status.EXPIRED
            cert.save(update_fields=["status", "updated_at"])
            CertificationStatusChange.record(
                cert,
                from_status=Certification.Status.ACTIVE,
                actor=None,
                reason=f"Expired on {cert.expiry_date.isoformat()}",
            )
            count += 1
    return count
