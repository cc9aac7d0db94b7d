"""The bulk upload's tasks (the logic is in jobs.bulk.processing). Each keeps the name it was
first queued under, so messages already in the broker and the beat schedule still find it."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from jobs.bulk import processing
from jobs.bulk.models import BulkUpload


@shared_task(name="jobs.tasks.process_bulk_upload", acks_late=True)
def process_bulk_upload(upload_id: int) -> int:
    """Run the pending rows of a bulk upload through ``job_submit`` as its uploader, then mark
    it done (``bulk_upload_process``). Queued on commit by the upload view, and again by
    ``requeue_stale_bulk_uploads``. Safe to redeliver and to run twice at once: it continues
    where the work stopped, and each row is claimed under a lock. Returns the processed
    count."""
    return processing.bulk_upload_process(upload_id=upload_id).processed_count


#: An unfinished upload without progress for this long was left by a killed worker (a row
#: takes well under a second, and every row moves ``updated_at``).
BULK_STALE_AFTER = timedelta(minutes=10)
BULK_STALE_BATCH = 100


@shared_task(name="jobs.tasks.requeue_stale_bulk_uploads", acks_late=True)
def requeue_stale_bulk_uploads() -> int:
    """Queue again every upload left ``pending`` or ``processing`` without progress for
    BULK_STALE_AFTER (its worker was killed, or the broker was down when it was stored).
    Part of the sweep (registry.tasks.send_due, ``python manage.py send_due``); ``python
    manage.py resume_bulk_uploads`` runs it alone. Safe to run any number of times:
    ``process_bulk_upload`` skips the rows already processed. Moves the uploads'
    ``updated_at``, so a queue that is merely slow gets one extra task per period, not one per
    run. Returns how many were queued."""
    now = timezone.now()
    stale = BulkUpload.objects.exclude(status=BulkUpload.Status.DONE).filter(
        updated_at__lt=now - BULK_STALE_AFTER
    )
    ids = list(stale.order_by("updated_at").values_list("pk", flat=True)[:BULK_STALE_BATCH])
    BulkUpload.objects.filter(pk__in=ids).update(updated_at=now)
    for upload_id in ids:
        process_bulk_upload.delay(upload_id)
    return len(ids)
