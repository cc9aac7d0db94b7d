"""Certification renewal (issue 8): expiry reminders 60 and 14 days before, and expiry.

``reminders_due`` is pure; the rest is called by the daily tasks in technicians/tasks.py
(registry/celery.py) and the ``certification_reminders`` / ``expire_certifications``
management commands. Both are safe to run any number of times.
"""

import datetime

from django.db import transaction

from technicians.models import Certification, CertificationReminder

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


def create_due_reminders(today: datetime.date) -> list[int]:
    """Create (once) the reminder rows due today for active certifications with an expiry
    within the reminder window; return the ids of the reminders not sent yet."""
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    certs = Certification.objects.filter(
        status=Certification.Status.ACTIVE, expiry_date__gt=today, expiry_date__lte=horizon
    )
    for cert in certs:
        for n in reminders_due(today, cert.expiry_date):
            CertificationReminder.objects.get_or_create(
                certification=cert, days_before=n, expiry_date=cert.expiry_date
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
    from technicians.services import _record_certification_change

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
            _record_certification_change(
                cert,
                from_status=Certification.Status.ACTIVE,
                actor=None,
                reason=f"Expired on {cert.expiry_date.isoformat()}",
            )
            count += 1
    return count
