"""The review's tasks: the reviewer's decision e-mailed to the technician, and the bi-weekly
batch (spec §7; the logic is in jobs.review.batch). Each keeps the name it was first queued
under, so messages already in the broker and the beat schedule still find it."""

from datetime import date
from functools import partial

from celery import shared_task
from django.db import transaction

from accounts.models import User
from jobs.models import JobStatusChange
from jobs.review import batch as review_batch
from jobs.review import emails
from jobs.review.models import ReviewBatch, ReviewerNotice
from registry.lib import outbox
from registry.lib.once import claim_and_send, email_task


@email_task(name="jobs.tasks.send_review_decision_email")
def send_review_decision_email(self, change_id: int) -> bool:
    """E-mail the installing technician a reviewer's decision on their job, exactly once
    (claim by conditional update, released on failure)."""

    def send() -> None:
        change = JobStatusChange.objects.select_related(
            "job__technician__user", "job__site", "actor"
        ).get(pk=change_id)
        emails.review_decision(change)

    return claim_and_send(
        JobStatusChange.objects.filter(pk=change_id), "technician_emailed_at", send
    )


def queue_unsent_review_decisions() -> int:
    """Queue the e-mail of every reviewer's decision not sent to its technician yet (the
    broker was down when it was decided). Part of the sweep (registry.tasks.send_due). Returns
    how many were queued; each is claimed by the task, so queuing twice sends once."""
    due = JobStatusChange.objects.filter(emails_technician=True, technician_emailed_at__isnull=True)
    return outbox.requeue_due(send_review_decision_email, due, "at")


@shared_task(name="jobs.tasks.open_review_batches", acks_late=True)
def open_review_batches(administrators: list[str] | None = None, today: str | None = None) -> list:
    """Open the review batch of the current period for each program administrator (all by
    default; ``today`` as YYYY-MM-DD for a run by hand), then queue, after commit, one notice
    per reviewer with assignments whose notice has not gone out. Daily (registry/celery.py)
    and ``python manage.py open_review_batch``. Safe to run any number of times, and to be
    redelivered after a crash: the batch is opened once per period and each notice is claimed
    by ``send_reviewer_notice``. Returns the ids of the open batches."""
    day = date.fromisoformat(today) if today else None
    batch_ids = []
    for administrator in administrators or review_batch.ADMINISTRATORS:
        with transaction.atomic():
            batch = review_batch.review_batch_open(administrator=administrator, today=day)
            if batch is None:
                continue
            batch_ids.append(batch.pk)
            # A notice not queued (the broker went away) is queued again by the next daily
            # run, which notifies every reviewer whose notice has not gone out.
            for reviewer_id in review_batch.reviewers_to_notify(batch):
                outbox.queue_on_commit(send_reviewer_notice, batch.pk, reviewer_id)
    return batch_ids


@email_task(name="jobs.tasks.send_reviewer_notice")
def send_reviewer_notice(self, batch_id: int, reviewer_id: int) -> bool:
    """E-mail a reviewer their jobs of a review batch, exactly once.

    The claim is the conditional update of ``ReviewerNotice.sent_at`` from NULL, made inside
    the transaction that also sends: the updated row stays locked until the e-mail is out, so
    a duplicate delivery waits and then finds it sent, and any failure (an exception, or the
    worker killed mid-send) rolls the claim back for the retry or the redelivered task.
    Returns False when there is nothing to send: already sent, reviewer inactive, or none of
    their jobs is still pending (then the notice stays unsent, for later assignments).
    """

    batch = ReviewBatch.objects.get(pk=batch_id)
    reviewer = User.objects.get(pk=reviewer_id)
    notice, _ = ReviewerNotice.objects.get_or_create(batch=batch, reviewer=reviewer)
    if notice.sent_at is not None or not reviewer.is_active:
        return False
    assignments = review_batch.reviewer_assignments(batch, reviewer)
    if not assignments:
        return False
    return claim_and_send(
        ReviewerNotice.objects.filter(pk=notice.pk),
        "sent_at",
        partial(emails.reviewer_batch, batch, reviewer, assignments),
    )


@shared_task(name="jobs.tasks.flag_overdue_review_jobs", acks_late=True)
def flag_overdue_review_jobs() -> int:
    """Flag pending jobs waiting longer than REVIEW_OVERDUE_DAYS. Daily (registry/celery.py)
    and ``python manage.py flag_overdue_reviews``; a conditional update, so idempotent."""
    return review_batch.flag_overdue_pending_jobs()
