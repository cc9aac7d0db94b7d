"""The registry's user: one account per person, with a role (spec §1).

``role`` is the account's primary role. A participant (technician) can additionally be
approved as a QA inspector or trainer through the application flow (seed 001: "How do I
become a trainer and/or inspector?") without a second account, so those two capabilities
are also flags. ``accounts.roles`` is the one place that turns these into permissions.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


class RegistryUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    class Role(models.TextChoices):
        TECHNICIAN = "technician", "Technician"
        UTILITY = "utility", "Utility user"
        PTCS_STAFF = "ptcs_staff", "PTCS staff (BPA)"
        PROGRAM_ADMIN = "program_admin", "Program administrator staff (Energy Trust)"
        QA_INSPECTOR = "qa_inspector", "QA inspector"
        TRAINER = "trainer", "Trainer"
        #: Office staff of a contracting company: manage its technicians and enter jobs on their
        #: behalf (program newsletters 2018-2019).
        COMPANY_ADMIN = "company_admin", "Company administrator"

    email = models.EmailField("e-mail address")
    phone = models.CharField(max_length=30, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TECHNICIAN)
    utility = models.ForeignKey(
        "utilities.Utility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Utility users only: the one utility whose territory this user sees.",
    )
    administered_company = models.ForeignKey(
        "technicians.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administrators",
        help_text="Company administrators (and technicians who also run their company's office): "
        "the company whose technicians and jobs this account manages.",
    )
    # Granted by approving a QA inspector / trainer application (technicians.services).
    is_qa_inspector = models.BooleanField("approved QA inspector", default=False)
    is_trainer = models.BooleanField("approved trainer", default=False)

    objects = RegistryUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            # "Please don't create another account" (seed 001 FAQ): one account per e-mail,
            # whatever its letter case.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            # A utility user sees one utility's territory, and only utility users have one.
            models.CheckConstraint(
                condition=(
                    models.Q(role="utility", utility__isnull=False)
                    | (~models.Q(role="utility") & models.Q(utility__isnull=True))
                ),
                name="user_utility_iff_utility_role",
            ),
            models.CheckConstraint(condition=~models.Q(email=""), name="user_email_required"),
            # A company administrator administers one company. A technician may administer their
            # own company too (the owner who also installs), so the converse is not required.
            models.CheckConstraint(
                condition=~models.Q(role="company_admin")
                | models.Q(administered_company__isnull=False),
                name="user_company_admin_has_company",
            ),
        ]

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.role == self.Role.UTILITY and self.utility_id is None:
            raise ValidationError({"utility": "A utility user must belong to one utility."})
        if self.role != self.Role.UTILITY and self.utility_id is not None:
            raise ValidationError({"utility": "Only utility users are linked to a utility."})
        if self.role == self.Role.COMPANY_ADMIN and self.administered_company_id is None:
            raise ValidationError(
                {"administered_company": "A company administrator must belong to one company."}
            )
        clash = User.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
        if self.email and clash.exists():
            raise ValidationError({"email": "An account with this e-mail address already exists."})

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username
