"""Exactly-once side effects for tasks (after healthchecks' sendalerts): a task may be
delivered twice or retried, and a technician, reviewer or utility must not get the same e-mail
twice."""

from collections.abc import Callable
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


def claim_and_send(queryset: QuerySet, field: str, send: Callable[[], None]) -> bool:
    """Set ``field`` from NULL to now on the rows of ``queryset`` and call ``send()`` in the
    same transaction.

    The updated row stays locked until ``send`` returns, so a duplicate delivery waits and
    then finds nothing to claim; any failure — an exception, or the worker killed mid-send —
    rolls the claim back for the retry or the redelivered task. (A worker killed after the
    mail server accepted the message but before the commit sends it again: at least once,
    never lost.) Returns False when there was nothing to claim.
    """
    with transaction.atomic():
        if not queryset.filter(**{f"{field}__isnull": True}).update(**{field: timezone.now()}):
            return False
        send()
    return True


#: Every e-mail task is retried with backoff on mail-server and network errors, and
#: acknowledged late so that a killed worker's message is delivered again.
EMAIL_TASK_OPTIONS = {
    "bind": True,
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "max_retries": 6,
    "acks_late": True,
}


def email_task(function=None, **options):
    """The decorator of every e-mail task: ``@email_task`` or ``@email_task(name=...)``."""
    decorator = shared_task(**EMAIL_TASK_OPTIONS, **options)
    return decorator(function) if function is not None else decorator
