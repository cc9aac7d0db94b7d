"""Sites, jobs (= measures), their status changes and the duct blaster calibration table
(spec §3–4; seed 000)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from jobs.rules.ruleset import RuleSet, ruleset_from_record
from jobs.rules.types import MEASURE_TYPE_LABELS, STATUS_LABELS
from jobs.rules.types import MeasureType as RuleMeasure
from jobs.rules.types import Status as RuleStatus
from registry.models import TimestampedModel

#: Measure IDs are 7-digit numbers (seed 000 L49-50): the first is 1,000,001.
MEASURE_ID_OFFSET = 1_000_000


class MeasureIdAllocation(models.Model):
    """Issues measure IDs from the database's own sequence: never max()+1, never reused
    (a rolled-back transaction burns its number, as a sequence should)."""

    id = models.AutoField(primary_key=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Measure ID allocation {self.pk}"


class Site(TimestampedModel):
    """A home, by normalised US address (spec §3). Unparseable addresses are kept as typed
    and flagged (seed 000 FAQ L43-44)."""

    street_address = models.CharField(max_length=200)
    street_address_2 = models.CharField(
        max_length=100,
        blank=True,
        help_text="Lot or unit number.",  # seed 000 FAQ L41-42
    )
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=5)
    normalized_key = models.CharField(max_length=400, unique=True, editable=False)
    verified = models.BooleanField(default=False)
    verification_note = models.TextField(blank=True)

    class Meta:
        ordering = ["zip_code", "street_address"]
        indexes = [
            # Job entry: utilities serving the site's ZIP; territory search by ZIP.
            models.Index(fields=["zip_code"], name="site_zip_idx"),
        ]

    def __str__(self) -> str:
        unit = f" {self.street_address_2}" if self.street_address_2 else ""
        return f"{self.street_address}{unit}, {self.city}, {self.state} {self.zip_code}"


class Job(TimestampedModel):
    """One measure at one site: the 7-digit measure ID is the job ID (seed 000 L49-50)."""

    class Status(models.TextChoices):
        IN_PROGRESS = RuleStatus.IN_PROGRESS.value, STATUS_LABELS[RuleStatus.IN_PROGRESS]
        BPA_APPROVED = RuleStatus.BPA_APPROVED.value, STATUS_LABELS[RuleStatus.BPA_APPROVED]
        PTCS_CERTIFIED_ONLY = (
            RuleStatus.PTCS_CERTIFIED_ONLY.value,
            STATUS_LABELS[RuleStatus.PTCS_CERTIFIED_ONLY],
        )
        RECORD_ONLY = RuleStatus.RECORD_ONLY.value, STATUS_LABELS[RuleStatus.RECORD_ONLY]
        BPA_PENDING = RuleStatus.BPA_PENDING.value, STATUS_LABELS[RuleStatus.BPA_PENDING]
        REJECTED = RuleStatus.REJECTED.value, STATUS_LABELS[RuleStatus.REJECTED]

    class MeasureType(models.TextChoices):
        ASHP = RuleMeasure.ASHP.value, MEASURE_TYPE_LABELS[RuleMeasure.ASHP]
        VSHP = RuleMeasure.VSHP.value, MEASURE_TYPE_LABELS[RuleMeasure.VSHP]
        GSHP = RuleMeasure.GSHP.value, MEASURE_TYPE_LABELS[RuleMeasure.GSHP]
        DUCT_SEALING_PTCS = (
            RuleMeasure.DUCT_SEALING_PTCS.value,
            MEASURE_TYPE_LABELS[RuleMeasure.DUCT_SEALING_PTCS],
        )
        DUCT_SEALING_PRESCRIPTIVE = (
            RuleMeasure.DUCT_SEALING_PRESCRIPTIVE.value,
            MEASURE_TYPE_LABELS[RuleMeasure.DUCT_SEALING_PRESCRIPTIVE],
        )

    measure_id = models.PositiveIntegerField(unique=True, editable=False)
    measure_type = models.CharField(max_length=30, choices=MeasureType.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.IN_PROGRESS)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="jobs")
    technician = models.ForeignKey(
        "technicians.TechnicianProfile", on_delete=models.PROTECT, related_name="jobs"
    )
    # The company the work was done for, fixed at entry: it keeps seeing the job after the
    # technician moves to another company.
    company = models.ForeignKey(
        "technicians.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="jobs"
    )
    utility = models.ForeignKey(
        "utilities.Utility", on_delete=models.PROTECT, null=True, blank=True, related_name="jobs"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    install_date = models.DateField(null=True, blank=True)
    #: The data-dictionary fields of the form (spec §4), typed (jobs.dictionary.fields.clean_facts).
    data = models.JSONField(default=dict, blank=True)
    #: Values the registry computed from ``data`` (jobs.rules.calc.compute).
    computed = models.JSONField(default=dict, blank=True)
    #: The engine's checks (Check.as_dict) behind ``status``.
    checks = models.JSONField(default=list, blank=True)
    ruleset = models.CharField(max_length=40, blank=True)
    category = models.CharField(
        max_length=20, blank=True, help_text="Heat pumps: conversion, upgrade or ccs."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    #: Claimed by the notice task before it e-mails the utility, so a job is announced once.
    utility_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # --- Review (seed 000 L29: BPA Pending jobs are reviewed bi-weekly) --------------------
    #: When the job last became BPA Pending (the queue's age in days counts from here).
    pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    #: "Please contact us for more immediate review" — the technician's button (seed 000 L29).
    urgent_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Set by the daily task once the job has waited longer than the review interval.
    overdue_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Staff corrections keep the measure ID (seed 000 L33-34); shown as "corrected by staff".
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords(
        # A staff correction's reason is kept whole ("why", spec §1), not cut at 100 characters
        # (PostgreSQL refuses a longer value for the library's default CharField).
        history_change_reason_field=models.TextField(null=True),
        excluded_fields=[
            "computed",
            "checks",
            "utility_notified_at",
            "overdue_flagged_at",
            "urgent_requested_at",
        ],
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure_id__gte=1_000_000, measure_id__lte=9_999_999),
                name="job_measure_id_seven_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_progress", completed_at__isnull=True)
                | (~models.Q(status="in_progress") & models.Q(completed_at__isnull=False)),
                name="job_completed_iff_not_in_progress",
            ),
        ]
        indexes = [
            # Technician "My jobs": newest first, the id breaking ties as the ordering does.
            models.Index(
                fields=["technician", "-created_at", "-id"], name="job_technician_recent_idx"
            ),
            # Utility territory search sorted by install date.
            models.Index(fields=["utility", "-install_date"], name="job_utility_install_idx"),
            # Utility territory search, default sort: job_territory_completed_idx, created on
            # PostgreSQL only by migration 0009 (SQLite cannot index DESC NULLS LAST).
            # Counting a utility's completed jobs (territory search, jobs API: the paginator's
            # COUNT). A partial one-column index: btree deduplication packs 200,000 entries of
            # one utility into a few hundred pages, an index-only count of ~20 ms.
            models.Index(
                fields=["utility"],
                condition=~models.Q(status="in_progress"),
                name="job_utility_completed_idx",
            ),
            # The jobs API list of a utility (newest first, -created_at, -id): first page in
            # order, deep pages by id from the index alone (registry.lib.pagination).
            models.Index(
                fields=["utility", "-created_at", "-id"],
                include=["status"],
                name="job_utility_recent_idx",
            ),
            # One-per-home rule: other jobs at the same site.
            models.Index(fields=["site", "measure_type"], name="job_site_measure_idx"),
            # Review queue: pending jobs only.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="bpa_pending"),
                name="job_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.get_measure_type_display()} ({self.get_status_display()})"

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def failed_checks(self) -> list[dict]:
        """The checks that did not pass on the answers given (a job saved in progress also
        has checks not answered yet, which have not failed; checks stored without
        ``answered`` were answered)."""
        return [c for c in self.checks if not c.get("passed") and c.get("answered", True)]

    @property
    def unanswered_checks(self) -> list[dict]:
        """The checks of a job saved in progress that wait for a question not answered yet."""
        return [c for c in self.checks if c.get("answered", True) is False]


class JobStatusChange(models.Model):
    """Every status change of a job, as a row with the reasons (the failing checks), the rule
    set and who made it, so why a job has its status is on record rather than inferred from
    its field history."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, choices=Job.Status.choices)
    #: The failing checks at the time: [{"rule", "source", "message"}].
    reasons = models.JSONField(default=list, blank=True)
    ruleset = models.CharField(max_length=40, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    #: An approval over a failed check whose effect is Rejected: why the reviewer overrode it
    #: (required then) and the ids of the rules overridden. Empty for every other change.
    override_reason = models.TextField(blank=True)
    overridden_rules = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    #: Review decisions only: claimed by the task that e-mails the technician (once).
    technician_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.job.measure_id}: {self.from_status or '—'} → {self.to_status}"

    @classmethod
    def record(
        cls,
        job: Job,
        *,
        from_status: str,
        actor,
        note: str = "",
        override_reason: str = "",
        overridden_rules: list[str] | None = None,
    ) -> "JobStatusChange":
        """The one writer of a job's status-change row: from ``from_status`` to the job's
        status now, with the reasons (its failing checks) and the rule set they came from;
        for an approval over a rejecting rule, the override's reason and the rules overridden."""
        return cls.objects.create(
            job=job,
            from_status=from_status,
            to_status=job.status,
            reasons=[
                {"rule": c["rule"], "source": c["source"], "message": c["message"]}
                for c in job.failed_checks
            ],
            ruleset=job.ruleset,
            actor=actor,
            note=note,
            override_reason=override_reason,
            overridden_rules=list(overridden_rules or []),
        )

    @property
    def is_override(self) -> bool:
        """An approval over a rule that rejects the job."""
        return bool(self.override_reason)

    @property
    def overridden_messages(self) -> list[str]:
        """The messages of the overridden checks, as the reviewer read them (from the reasons
        kept on this row), for pages and e-mails: people read messages, not rule ids."""
        return [r["message"] for r in self.reasons if r.get("rule") in self.overridden_rules]


class RingCalibration(TimestampedModel):
    """Duct blaster flow = C × (fan pressure Pa)^n per device and ring (spec §4; 004 L368).
    Staff edit this table; the registry computes CFM from it when none is entered."""

    class Equipment(models.TextChoices):
        ENERGY_CONSERVATORY = "energy_conservatory", "Energy Conservatory"
        RETROTEC = "retrotec", "RetroTec"
        OTHER = "other", "Other"

    equipment = models.CharField(max_length=30, choices=Equipment.choices)
    ring = models.CharField(max_length=10)
    c = models.FloatField("C (coefficient)")
    n = models.FloatField("n (exponent)")
    min_pa = models.FloatField("lowest valid fan pressure (Pa)", null=True, blank=True)
    max_pa = models.FloatField("highest valid fan pressure (Pa)", null=True, blank=True)
    source = models.CharField(max_length=200, help_text="Manual or document the values come from.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["equipment", "ring"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment", "ring"],
                condition=models.Q(active=True),
                name="ringcalibration_one_active_per_ring",
            ),
            models.CheckConstraint(
                condition=models.Q(c__gt=0, n__gt=0), name="ringcalibration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_equipment_display()} ring {self.ring}: {self.c:g} × P^{self.n:g}"


class RuleSetRecord(TimestampedModel):
    """A dated rule set held as data, so the program's next change of thresholds needs no new
    release: every threshold and status trigger the engine uses for jobs installed from
    ``effective_from`` to ``effective_to`` (open-ended when empty). ``values`` holds every
    RuleSet field other than the identity ones, as JSON
    (jobs.rules.ruleset.ruleset_to_record_values). Active periods never overlap (clean())."""

    key = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Empty: still in force.")
    sources = models.JSONField(default=list, blank=True, help_text="A list of texts.")
    values = models.JSONField(default=dict, help_text="Every threshold, by name.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="rulesetrecord_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.name}"

    def to_ruleset(self) -> RuleSet:
        return ruleset_from_record(
            key=self.key,
            name=self.name,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            sources=self.sources,
            values=self.values,
        )

    def overlapping(self) -> models.QuerySet:
        """The other active records whose period shares a day with this one's."""
        qs = RuleSetRecord.objects.filter(active=True).exclude(pk=self.pk)
        qs = qs.filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to is not None:
            qs = qs.filter(effective_from__lte=self.effective_to)
        return qs

    def clean(self) -> None:
        super().clean()
        if self.effective_from is None:
            return  # the field's own error says so
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "The period cannot end before it starts."})
        try:
            self.to_ruleset()
        except (TypeError, ValueError) as exc:
            raise ValidationError({"values": str(exc)}) from None
        if self.active:
            clash = self.overlapping().first()
            if clash is not None:
                until = clash.effective_to or "open-ended"
                raise ValidationError(
                    f"The period overlaps the active rule set {clash.key} "
                    f"({clash.effective_from} to {until}); a job's install date must select "
                    "exactly one set. End or deactivate the other set first."
                )


class AhriRating(models.Model):
    """One entry of the equipment directory: an AHRI certified heat pump system as the AHRI
    directory lists it. Imported from a CSV file (``manage.py import_ahri``); the engine looks
    the job's AHRI number up here. A number not listed is accepted with the values typed and
    sends the job to BPA Pending, never to a dead end."""

    ahri_number = models.CharField("AHRI number", max_length=20, unique=True)
    make = models.CharField(max_length=100, blank=True)
    outdoor_model = models.CharField(max_length=100, blank=True)
    indoor_model = models.CharField(max_length=100, blank=True)
    seer = models.DecimalField("SEER", max_digits=5, decimal_places=2, null=True, blank=True)
    hspf = models.DecimalField("HSPF", max_digits=5, decimal_places=2, null=True, blank=True)
    seer2 = models.DecimalField("SEER2", max_digits=5, decimal_places=2, null=True, blank=True)
    hspf2 = models.DecimalField("HSPF2", max_digits=5, decimal_places=2, null=True, blank=True)
    capacity_tons = models.DecimalField(
        "outdoor capacity (tons)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(max_length=200, blank=True, help_text="The file it came from.")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ahri_number"]
        verbose_name = "AHRI rating"

    def __str__(self) -> str:
        return f"AHRI {self.ahri_number} ({self.make} {self.outdoor_model})".strip()


# Models of the job's areas (bulk upload, review), defined beside their code so this module
# stays readable; importing them here registers them with the jobs app.
from jobs.bulk.models import BulkJobKey, BulkUpload, BulkUploadRow  # noqa: E402, F401
from jobs.review.models import ReviewAssignment, ReviewBatch, ReviewerNotice  # noqa: E402, F401
