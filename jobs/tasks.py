"""Thin, idempotent tasks (house style 8): they take ids and call emails/services."""

from datetime import date, timedelta
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from registry.once import claim_and_send, email_task


@email_task
def send_job_notice(self, job_id: int) -> bool:
    """E-mail the job's utility that the job was completed, exactly once (spec §6).

    Claimed by ``utility_notified_at`` (registry.once.claim_and_send). An In Progress job, or
    one whose utility has no contact e-mail, is never claimed (returns False).
    """
    from jobs import emails
    from jobs.models import Job

    def send() -> None:
        job = Job.objects.select_related(
            "utility", "site", "company", "technician__user", "technician__company"
        ).get(pk=job_id)
        emails.job_notice(job)

    candidates = Job.objects.filter(pk=job_id, utility__contact_email__gt="").exclude(
        status=Job.Status.IN_PROGRESS
    )
    return claim_and_send(candidates, "utility_notified_at", send)


#: A completed job whose notice has not gone out after this long is queued again.
NOTICE_GRACE = timedelta(minutes=10)
NOTICE_BATCH = 500


@shared_task(acks_late=True)
def queue_unsent_job_notices() -> int:
    """Queue the notice of every completed job whose utility was not e-mailed yet (e.g. the
    broker was down when the job was completed). Periodic (registry/celery.py) and
    ``python manage.py send_job_notices``. Safe to run any number of times: each notice is
    claimed by ``send_job_notice`` itself."""
    from jobs.models import Job

    stale = timezone.now() - NOTICE_GRACE
    ids = list(
        Job.objects.filter(
            utility_notified_at__isnull=True,
            utility__contact_email__gt="",
            completed_at__lt=stale,
        )
        .exclude(status=Job.Status.IN_PROGRESS)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:NOTICE_BATCH]
    )
    for job_id in ids:
        send_job_notice.delay(job_id)
    return len(ids)


@email_task
def send_review_decision_email(self, change_id: int) -> bool:
    """E-mail the installing technician a reviewer's decision on their job, exactly once
    (claim by conditional update, released on failure; house style 8)."""
    from jobs import emails
    from jobs.models import JobStatusChange

    def send() -> None:
        change = JobStatusChange.objects.select_related(
            "job__technician__user", "job__site", "actor"
        ).get(pk=change_id)
        emails.review_decision(change)

    return claim_and_send(
        JobStatusChange.objects.filter(pk=change_id), "technician_emailed_at", send
    )


# --- Bi-weekly review (spec §7): the logic is in jobs.review_batch ---------------------------


@shared_task(acks_late=True)
def open_review_batches(administrators: list[str] | None = None, today: str | None = None) -> list:
    """Open the review batch of the current period for each program administrator (all by
    default; ``today`` as YYYY-MM-DD for a run by hand), then queue, after commit, one notice
    per reviewer with assignments whose notice has not gone out. Daily (registry/celery.py)
    and ``python manage.py open_review_batch``. Safe to run any number of times, and to be
    redelivered after a crash: the batch is opened once per period and each notice is claimed
    by ``send_reviewer_notice``. Returns the ids of the open batches."""
    from jobs import review_batch

    day = date.fromisoformat(today) if today else None
    batch_ids = []
    for administrator in administrators or review_batch.ADMINISTRATORS:
        with transaction.atomic():
            batch = review_batch.review_batch_open(administrator=administrator, today=day)
            if batch is None:
                continue
            batch_ids.append(batch.pk)
            for reviewer_id in review_batch.reviewers_to_notify(batch):
                transaction.on_commit(
                    partial(send_reviewer_notice.delay, batch.pk, reviewer_id), robust=True
                )
    return batch_ids


@email_task
def send_reviewer_notice(self, batch_id: int, reviewer_id: int) -> bool:
    """E-mail a reviewer their jobs of a review batch, exactly once (house style 8).

    The claim is the conditional update of ``ReviewerNotice.sent_at`` from NULL, made inside
    the transaction that also sends: the updated row stays locked until the e-mail is out, so
    a duplicate delivery waits and then finds it sent, and any failure (an exception, or the
    worker killed mid-send) rolls the claim back for the retry or the redelivered task.
    Returns False when there is nothing to send: already sent, reviewer inactive, or none of
    their jobs is still pending (then the notice stays unsent, for later assignments).
    """
    from accounts.models import User
    from jobs import emails, review_batch
    from jobs.models import ReviewBatch, ReviewerNotice

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


@shared_task(acks_late=True)
def flag_overdue_review_jobs() -> int:
    """Flag pending jobs waiting longer than REVIEW_OVERDUE_DAYS. Daily (registry/celery.py)
    and ``python manage.py flag_overdue_reviews``; a conditional update, so idempotent."""
    from jobs import review_batch

    return review_batch.flag_overdue_pending_jobs()


# --- Bulk CSV upload (issue 8): the logic is in jobs.bulk_services ----------------------------


@shared_task(acks_late=True)
def process_bulk_upload(upload_id: int) -> int:
    """Run the pending rows of a bulk upload through ``job_submit`` as its uploader, then mark
    it done (``bulk_upload_process``). Queued on commit by the upload view, and again by
    ``requeue_stale_bulk_uploads``. Safe to redeliver and to run twice at once: it continues
    where the work stopped, and each row is claimed under a lock. Returns the processed
    count."""
    from jobs import bulk_services

    return bulk_services.bulk_upload_process(upload_id=upload_id).processed_count


#: An unfinished upload without progress for this long was left by a killed worker (a row
#: takes well under a second, and every row moves ``updated_at``).
BULK_STALE_AFTER = timedelta(minutes=10)
BULK_STALE_BATCH = 100


@shared_task(acks_late=True)
def requeue_stale_bulk_uploads() -> int:
    """Queue again every upload left ``pending`` or ``processing`` without progress for
    BULK_STALE_AFTER (its worker was killed, or the broker was down when it was stored).
    Periodic (registry/celery.py) and ``python manage.py resume_bulk_uploads``. Safe to run any
    number of times: ``process_bulk_upload`` skips the rows already processed. Moves the
    uploads' ``updated_at``, so a queue that is merely slow gets one extra task per period,
    not one per run. Returns how many were queued."""
    from jobs.models import BulkUpload

    now = timezone.now()
    stale = BulkUpload.objects.exclude(status=BulkUpload.Status.DONE).filter(
        updated_at__lt=now - BULK_STALE_AFTER
    )
    ids = list(stale.order_by("updated_at").values_list("pk", flat=True)[:BULK_STALE_BATCH])
    BulkUpload.objects.filter(pk__in=ids).update(updated_at=now)
    for upload_id in ids:
        process_bulk_upload.delay(upload_id)
    return len(ids)
