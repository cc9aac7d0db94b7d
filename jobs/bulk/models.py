"""Bulk CSV upload of jobs: one row per upload, one per CSV row, and the key that makes
re-uploading a row create nothing new. Imported by ``jobs.models`` (the jobs app's models module
stays under 500 lines)."""

from django.conf import settings
from django.db import models

from registry.models import TimestampedModel


class BulkUpload(TimestampedModel):
    """One uploaded CSV file (``created_at`` is when it was uploaded) and its outcome counts,
    kept in step with its rows by ``jobs.bulk.services``.

    Stored ``pending`` by the upload view; the ``process_bulk_upload`` task makes it
    ``processing`` and then ``done`` (``processed_at``). While it works, every processed row
    moves ``updated_at``: an unfinished upload whose ``updated_at`` stands still was left by a
    killed worker, and the sweep (``requeue_stale_bulk_uploads``) queues it again."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be processed"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bulk_uploads"
    )
    filename = models.CharField(max_length=200)
    #: SHA-256 of the file's bytes: shows that two uploads were the very same file.
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    #: When the last row was processed (the upload became ``done``).
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The upload page: the user's recent uploads, newest first.
            models.Index(fields=["uploaded_by", "-created_at"], name="bulkupload_uploader_idx"),
            # The stale-upload sweep (jobs.bulk.tasks.requeue_stale_bulk_uploads): the few
            # unfinished uploads by last progress; done uploads (nearly all of them) are left out.
            models.Index(
                fields=["updated_at"],
                name="bulkupload_unfinished_idx",
                condition=~models.Q(status="done"),
            ),
        ]

    def __str__(self) -> str:
        return f"Bulk upload {self.pk} ({self.filename})"

    @property
    def processed_count(self) -> int:
        """Rows with an outcome (the rest are waiting for the task)."""
        return self.created_count + self.duplicate_count + self.failed_count


class BulkUploadRow(models.Model):
    """One data row of an uploaded file: the values as read, and either the job it made (or
    the job an identical row made before) or the field errors that stopped it; ``pending``
    until the upload's task has processed it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        CREATED = "created", "Created"
        DUPLICATE = "duplicate", "Already uploaded"
        FAILED = "failed", "Failed"

    upload = models.ForeignKey(BulkUpload, on_delete=models.CASCADE, related_name="rows")
    #: The spreadsheet's row number: the header is row 1, the first data row row 2.
    row_number = models.PositiveIntegerField()
    #: The row's non-empty cells by column name (the data dictionary's names), as typed or as
    #: last corrected on the result page.
    payload = models.JSONField(default=dict)
    #: SHA-256 of the canonical payload (jobs.bulk.parse.fingerprint); empty while pending.
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: Field errors by column name ("__all__" for the row as a whole).
    errors = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["upload", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "row_number"], name="bulkuploadrow_one_per_row_number"
            ),
            # A created or already-uploaded row names its job; a failed or pending row has none.
            models.CheckConstraint(
                condition=models.Q(status__in=["failed", "pending"], job__isnull=True)
                | (~models.Q(status__in=["failed", "pending"]) & models.Q(job__isnull=False)),
                name="bulkuploadrow_job_iff_made",
            ),
        ]

    def __str__(self) -> str:
        return f"Row {self.row_number} of upload {self.upload_id}: {self.status}"


class BulkJobKey(models.Model):
    """The job made from a row with this fingerprint. Inserted in the same transaction as the
    job, so two uploads of one file at the same moment make one job: the second insert waits
    on the unique index and fails once the first commits, rolling its job back."""

    fingerprint = models.CharField(max_length=64)
    job = models.OneToOneField("jobs.Job", on_delete=models.PROTECT, related_name="bulk_key")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Also the index of the look-up that reports "already uploaded".
            models.UniqueConstraint(fields=["fingerprint"], name="bulkjobkey_one_job_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]} → job {self.job_id}"
