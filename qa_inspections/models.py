"""Quality assurance: sampling, inspections, findings and remediation (seed 001 L27: "aim
to inspect at least 10 percent of all jobs … Steps for remediation will be needed in cases
where an inspection found work that was poor or failing"; seed 000 L11)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from registry.lib.storage import get_private_storage
from registry.models import TimestampedModel


class SampleRun(models.Model):
    """One run of the sampler: its seed and parameters, so the choice can be reproduced."""

    seed = models.BigIntegerField()
    window_start = models.DateField(help_text="First completion date of the rolling window.")
    window_end = models.DateField()
    target_rate = models.DecimalField(max_digits=4, decimal_places=3, default=0.10)
    parameters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)
    selected_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"QA sample of {timezone.localtime(self.run_at):%Y-%m-%d} (seed {self.seed})"


class InspectionAssignment(TimestampedModel):
    """A job chosen for inspection, by the sampler or by staff, with why."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Inspected"
        CANCELLED = "cancelled", "Removed"

    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="qa_assignments")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qa_assignments",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(help_text="Why the job was selected, shown on the assignment.")
    sample_run = models.ForeignKey(
        SampleRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A job is inspected once at a time; removing an assignment frees it.
            models.UniqueConstraint(
                fields=["job"],
                condition=~models.Q(status="cancelled"),
                name="qaassignment_one_active_per_job",
            ),
        ]
        indexes = [
            # Inspector's "my assignments".
            models.Index(
                fields=["inspector", "created_at"],
                condition=models.Q(status="open"),
                name="qaassignment_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"QA of job {self.job.measure_id} ({self.get_status_display()})"


class Inspection(TimestampedModel):
    class Kind(models.TextChoices):
        ON_SITE = "on_site", "On-site inspection"
        FILE_REVIEW = "file_review", "File review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class Result(models.TextChoices):
        PASS = "pass", "Pass"
        PASS_WITH_NOTES = "pass_with_notes", "Pass with notes"
        FAIL = "fail", "Fail"

    assignment = models.OneToOneField(
        InspectionAssignment, on_delete=models.PROTECT, related_name="inspection"
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="inspections")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ON_SITE)
    inspected_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    #: Values re-taken on site, by the data dictionary's names (e.g. external_static,
    #: cfm_per_ton, temp_split, subcooling, post_cfm50).
    measured = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(submitted_at__isnull=False) & ~models.Q(result="")),
                name="inspection_submitted_has_result",
            ),
        ]
        indexes = [
            # QA dashboard: submitted inspections by job.
            models.Index(
                fields=["job"], condition=models.Q(status="submitted"), name="inspection_done_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Inspection of job {self.job.measure_id} ({self.get_status_display()})"


class InspectionItem(models.Model):
    """Pass/fail of one specification item (qa_inspections.inspections.items: e.g. duct sealing §§1–9,
    ASHP §§1–5 of seed 004)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=30)
    passed = models.BooleanField(null=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "code"], name="inspectionitem_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.passed}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=get_private_storage, upload_to="qa/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=50)
    original_name = models.CharField(max_length=255)
    caption = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Remediation(TimestampedModel):
    """What a failed inspection asks of the technician (seed 001 L27)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="remediation"
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="remediations")
    technician = models.ForeignKey(
        "technicians.TechnicianProfile", on_delete=models.PROTECT, related_name="remediations"
    )
    what_failed = models.TextField()
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    technician_response = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    #: Claimed by the e-mail task before it tells the technician (registry.lib.once.claim_and_send),
    #: so a remediation is announced once.
    technician_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date"]
        indexes = [
            models.Index(
                fields=["technician"],
                condition=models.Q(status="open"),
                name="remediation_open_idx",
            ),
            # The sweep of remediations not e-mailed yet (registry.tasks.send_due), by age.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="open", technician_emailed_at__isnull=True),
                name="remediation_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Remediation for job {self.job.measure_id} ({self.get_status_display()})"
