"""The bi-weekly review of BPA Pending jobs: batches per program administrator and period,
each pending job assigned to one reviewer, and one e-mail per reviewer and batch."""

from django.conf import settings
from django.db import models


class ReviewBatch(models.Model):
    """The bi-weekly review of BPA Pending jobs of one program administrator (seed 000 L29,
    L45-48). One batch per administrator and period: opening it twice opens it once."""

    administrator = models.CharField(max_length=20)
    period_start = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "administrator"]
        constraints = [
            models.UniqueConstraint(
                fields=["administrator", "period_start"], name="reviewbatch_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.administrator} review of {self.period_start}"


class ReviewAssignment(models.Model):
    """A pending job handed to one reviewer in a batch (round-robin)."""

    batch = models.ForeignKey(ReviewBatch, on_delete=models.CASCADE, related_name="assignments")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="review_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )

    class Meta:
        ordering = ["batch", "reviewer", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "job"], name="reviewassignment_once_per_batch"
            ),
        ]
        indexes = [
            # A reviewer's list in the queue page and the batch e-mail.
            models.Index(fields=["reviewer", "batch"], name="reviewassignment_reviewer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.job.measure_id} → {self.reviewer} ({self.batch})"


class ReviewerNotice(models.Model):
    """One e-mail per reviewer and batch, claimed before sending so that a reviewer never gets the
    same list twice."""

    batch = models.ForeignKey(ReviewBatch, on_delete=models.CASCADE, related_name="notices")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "reviewer"], name="reviewernotice_once"),
        ]

    def __str__(self) -> str:
        return f"Notice to {self.reviewer} for {self.batch}"
