"""Companies, technicians, certifications and applications (spec §2, seed 001)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from registry.lib.storage import get_private_storage, proof_upload_to
from registry.models import TimestampedModel


class CertificationType(models.TextChoices):
    # Spec §2; seed 003 §10.8.2 (L10000-10002, L10232-10242, L10343-10358).
    PTCS_DUCT_SEALING = "ptcs_duct_sealing", "PTCS Duct Sealing"
    PTCS_HEAT_PUMP = "ptcs_heat_pump", "PTCS Heat Pump (commissioning, controls & sizing)"
    PRESCRIPTIVE_DUCT_SEALING = "prescriptive_duct_sealing", "Prescriptive Duct Sealing"
    GROUND_SOURCE = "ground_source", "Ground Source Heat Pump (PTCS + IGSHPA)"
    # A ground source heat pump may be installed by several technicians who together hold the
    # PTCS and IGSHPA qualifications and were all present (seed 003 L10232-10242): a
    # technician accredited by IGSHPA alone records that accreditation here.
    IGSHPA = "igshpa", "IGSHPA Accredited Installer (ground source)"


class Company(TimestampedModel):
    name = models.CharField(max_length=200)
    license_number = models.CharField("contractor license number", max_length=40)
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            # A contractor license identifies a company: applications naming the same license
            # join the same company instead of creating a twin.
            models.UniqueConstraint(Lower("license_number"), name="company_license_ci_unique"),
        ]
        indexes = [
            # Public technician look-up by company name.
            models.Index(Lower("name"), name="company_name_lower_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class TechnicianIdAllocation(models.Model):
    """Issues PTCS Technician IDs from the database's own sequence (never max()+1, never reused).

    One row per issued ID; the auto-increment key is the sequence (SQLite AUTOINCREMENT,
    PostgreSQL identity), so concurrent approvals cannot collide.
    """

    id = models.AutoField(primary_key=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Technician ID allocation {self.pk}"


class TechnicianProfile(TimestampedModel):
    #: Technician IDs start here so that every ID has five digits.
    ID_OFFSET = 10000

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="technician"
    )
    technician_id = models.PositiveIntegerField(
        "PTCS Technician ID",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Assigned when the first application is approved.",  # seed 001 FAQ
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="technicians"
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        tid = self.technician_id or "no ID yet"
        return f"{self.user.get_full_name() or self.user.username} ({tid})"


class CompanyMembership(models.Model):
    """The company history of a technician: changing company keeps the old rows (seed 001)."""

    technician = models.ForeignKey(
        TechnicianProfile, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="memberships")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    application = models.ForeignKey(
        "Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Joined by accepting a company administrator's invitation.
    invitation = models.ForeignKey(
        "CompanyInvitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Who ended it and why: a new application or invitation (the technician), or a company
    #: administrator removing the technician. Blank for memberships still current.
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["technician"],
                condition=models.Q(ended_on__isnull=True),
                name="membership_one_current_per_technician",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

        indexes = [
            # The company page: the company's former technicians.
            models.Index(
                fields=["company", "-ended_on"],
                condition=models.Q(ended_on__isnull=False),
                name="membership_former_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.technician} at {self.company} from {self.started_on}"


class Certification(TimestampedModel):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    technician = models.ForeignKey(
        TechnicianProfile, on_delete=models.CASCADE, related_name="certifications"
    )
    cert_type = models.CharField(max_length=40, choices=CertificationType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    effective_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["cert_type"]
        constraints = [
            # One row per technician and type; its life is told by CertificationStatusChange.
            models.UniqueConstraint(
                fields=["technician", "cert_type"], name="certification_one_per_type"
            ),
            models.CheckConstraint(
                condition=models.Q(expiry_date__isnull=True)
                | models.Q(effective_date__isnull=True)
                | models.Q(expiry_date__gte=models.F("effective_date")),
                name="certification_expiry_after_effective",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(effective_date__isnull=False),
                name="certification_active_has_effective_date",
            ),
        ]
        indexes = [
            # Public look-up and job entry: "active certifications of this technician".
            models.Index(
                fields=["technician", "cert_type"],
                condition=models.Q(status="active"),
                name="certification_active_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_cert_type_display()} — {self.get_status_display()}"


class CertificationStatusChange(models.Model):
    """Every status change of a certification, as a row: from and to, who (nobody for the daily
    expiry), when and why, so program staff can trace a technician's certification rather than
    guess its history from the current status."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=Certification.Status.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    application = models.ForeignKey(
        "Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.certification}: {self.from_status or '—'} → {self.to_status}"

    @classmethod
    def record(cls, cert, *, from_status, actor, application=None, reason=""):
        """The one writer of a certification's status-change row: from ``from_status`` to the
        status ``cert`` has now (every service and the daily expiry call it)."""
        return cls.objects.create(
            certification=cert,
            from_status=from_status,
            to_status=cert.status,
            actor=actor,
            application=application,
            reason=reason,
        )


class CertificationReminder(models.Model):
    """One expiry reminder of a certification: N days before one expiry date.

    Keyed by the expiry date too, so a renewed certification (new expiry) gets new reminders;
    ``sent_at`` is claimed by the e-mail task (registry.lib.once.claim_and_send), so each is sent
    once.
    """

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    expiry_date = models.DateField()
    #: Who is told: the technician, and each administrator of the technician's company, so the
    #: office that manages the company's technicians also knows the certification runs out.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expiry_date", "-days_before", "id"]
        constraints = [
            # One e-mail per person per reminder: an owner who both installs and administers
            # the company is one recipient, told once.
            models.UniqueConstraint(
                fields=["certification", "days_before", "expiry_date", "recipient"],
                name="certification_reminder_once_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certification}: {self.days_before} days before {self.expiry_date}"


class CompanyInvitation(TimestampedModel):
    """A company administrator's invitation for a technician to join the company.

    The e-mailed link carries ``token``; the invitee accepts it signed in with the invited
    e-mail address (technicians.services.invitation_accept), which moves their membership.
    ``emailed_at`` is claimed by the e-mail task (registry.lib.once.claim_and_send).
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    name = models.CharField(max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True, accepted_by__isnull=True)
                | models.Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="invitation_accepted_by_someone",
            ),
        ]
        indexes = [
            # The company page: the company's open invitations, newest first.
            models.Index(
                fields=["company", "-created_at"],
                condition=models.Q(accepted_at__isnull=True),
                name="invitation_open_idx",
            ),
            # The sweep of invitations not e-mailed yet (registry.tasks.send_due), by age.
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True, accepted_at__isnull=True),
                name="invitation_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.company}"


class Application(TimestampedModel):
    """A Certified Technician, QA Inspector or Trainer application (seed 001 steps 1–3).

    Changing company or adding a certification is a new application on the same account.
    """

    class Kind(models.TextChoices):
        TECHNICIAN = "technician", "Certified Technician Application"
        QA_INSPECTOR = "qa_inspector", "Quality Assurance Inspector Application"
        TRAINER = "trainer", "Training Participation Application"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class TrainingPath(models.TextChoices):
        # Seed 001 step 1: "Attend and pass a training with a BPA-approved trainer, or show
        # proof of completing an approved alternative training".
        BPA_TRAINING = "bpa_training", "Training with a BPA-approved trainer"
        ALTERNATIVE = "alternative", "Approved alternative industry certification"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TECHNICIAN)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)

    company_name = models.CharField(max_length=200)
    company_license_number = models.CharField("contractor license number", max_length=40)
    company_street_address = models.CharField("company street address", max_length=200)
    company_city = models.CharField("company city", max_length=100)
    company_state = models.CharField("company state", max_length=2)
    company_zip_code = models.CharField("company ZIP code", max_length=10)
    company_phone = models.CharField("company phone", max_length=30)

    #: Certification types sought (technician applications); a list of CertificationType values.
    certifications_sought = models.JSONField(default=list, blank=True)
    training_path = models.CharField(
        max_length=20, choices=TrainingPath.choices, default=TrainingPath.BPA_TRAINING
    )
    training_provider = models.CharField(
        "trainer or certifying organisation", max_length=200, blank=True
    )
    training_date = models.DateField("date of training or certification")
    alternative_certification = models.CharField(
        "alternative certification held", max_length=200, blank=True
    )
    explanation = models.TextField(
        "what is new or changed",
        blank=True,
        help_text="For a company change or an added certification: what was updated.",  # seed 001
    )

    proof_of_training = models.FileField(
        storage=get_private_storage, upload_to=proof_upload_to, max_length=255
    )
    proof_original_name = models.CharField(max_length=255)
    proof_content_type = models.CharField(max_length=50)
    proof_size = models.PositiveIntegerField()

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    #: Claimed by the e-mail task before it sends, so a retry never mails twice.
    decision_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One application per kind waits at a time; a second would race the first.
            models.UniqueConstraint(
                fields=["applicant", "kind"],
                condition=models.Q(status="pending"),
                name="application_one_pending_per_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_reason=""),
                name="application_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending")
                | models.Q(decided_at__isnull=False, decided_by__isnull=False),
                name="application_decision_recorded",
            ),
        ]
        indexes = [
            # Staff review queue: pending applications, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="application_pending_idx",
            ),
            # The sweep of decisions not e-mailed yet (registry.tasks.send_due), by decision.
            models.Index(
                fields=["decided_at"],
                condition=models.Q(decision_emailed_at__isnull=True) & ~models.Q(status="pending"),
                name="application_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} by {self.applicant}"

    def sought_labels(self) -> list[str]:
        labels = dict(CertificationType.choices)
        return [labels.get(value, value) for value in self.certifications_sought]
