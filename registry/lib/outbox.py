"""Side effects that survive a broker outage: queued after commit, found again by a sweep.

A state change that owes a side effect (an e-mail, a bulk upload's processing) records it as
not done yet in its own transaction: the e-mail's ``*_emailed_at``/``*_notified_at`` stays
NULL until the task claims it (registry.lib.once.claim_and_send), the upload stays ``pending``
until its rows are processed. That row is the outbox; no separate table is needed, and "due"
means "not done", whether the message was never queued or was lost on the way.

The service queues the task on commit (``queue_on_commit``). When the broker cannot be reached
then, the change is already committed: the request answers as usual, the failure is logged,
and the side effect waits. Every few minutes the sweep (registry.tasks.send_due, also
``python manage.py send_due``) queues again each side effect still due GRACE after it became
due (``requeue_due``). The tasks claim their row before acting, so a side effect queued twice
(on commit and by the sweep, or by two sweeps) still happens once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

#: Longer than a task waits in a busy queue (a bulk upload's notices: about 2 s each), so the
#: sweep queues again only what was lost (the broker was down at commit, a message dropped)
#: rather than what is merely waiting its turn. Queued twice, a side effect still happens once.
GRACE = timedelta(minutes=10)
#: Side effects of one kind queued by one sweep (the oldest first); the next sweep goes on.
SWEEP_BATCH = 500


def queue_on_commit(task: Task, *args) -> None:
    """Queue ``task`` with ``args`` (ids) once the current transaction commits.

    The change is committed by then, so no failure to queue may undo it or turn the request
    into an error: a broker that cannot be reached is logged (the side effect stays due for the
    sweep), and any other error is logged by Django (``robust``). A named function rather
    than a ``functools.partial``: Django names the callback by its ``__qualname__`` when it
    logs a failure, which a partial lacks (an AttributeError instead of the log line).
    """

    def queue() -> None:
        try:
            task.delay(*args)
        except OperationalError as exc:
            logger.error(
                "Task %s%r not queued, the broker is unreachable (%s): the change is saved and "
                "the sweep (manage.py send_due) queues it once the broker is back.",
                task.name,
                args,
                exc,
            )

    queue.__qualname__ = f"queue_on_commit[{task.name}]"
    # What was queued, for tests that run the callbacks themselves.
    queue.task, queue.args = task, args
    transaction.on_commit(queue, robust=True)


def requeue_due(task: Task, due: QuerySet, became_due: str) -> int:
    """Queue ``task`` again with the id of each row of ``due`` (the rows whose side effect is
    not done) that became due more than GRACE ago by its ``became_due`` date-time field,
    oldest first, at most SWEEP_BATCH. Returns how many were queued."""
    cutoff = timezone.now() - GRACE
    ids = list(
        due.filter(**{f"{became_due}__lt": cutoff})
        .order_by(became_due, "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in ids:
        task.delay(pk)
    return len(ids)
