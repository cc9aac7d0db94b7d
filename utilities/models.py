"""Electric utilities and the ZIP codes they serve (spec §6).

This is the minimal shape the foundation needs (utility users belong to one utility);
the territory search, payments and notices arrive with the utilities issue.
"""

from django.db import models
from django.db.models.functions import Lower

from registry.models import TimestampedModel


class Utility(TimestampedModel):
    class ProgramAdministrator(models.TextChoices):
        # Seed 000 L45-48, L59: Energy Trust territory (PGE, Pacific Power) is reviewed by
        # Energy Trust; "Energy Trust customers are not served by BPA".
        BPA = "bpa", "BPA"
        ENERGY_TRUST = "energy_trust", "Energy Trust of Oregon"

    name = models.CharField(max_length=120)
    program_administrator = models.CharField(
        max_length=20, choices=ProgramAdministrator.choices, default=ProgramAdministrator.BPA
    )
    contact_email = models.EmailField(blank=True, help_text="Where completed-job notices are sent.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "utilities"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="utility_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceZip(models.Model):
    """One ZIP code a utility serves; a ZIP may be served by several utilities (spec §6)."""

    utility = models.ForeignKey(Utility, on_delete=models.CASCADE, related_name="zips")
    zip_code = models.CharField(max_length=5)

    class Meta:
        ordering = ["zip_code"]
        constraints = [
            models.UniqueConstraint(fields=["utility", "zip_code"], name="servicezip_unique"),
            models.CheckConstraint(
                condition=models.Q(zip_code__regex=r"^[0-9]{5}$"), name="servicezip_five_digits"
            ),
        ]
        indexes = [
            # Job entry: "which utilities serve this site's ZIP?"
            models.Index(fields=["zip_code"], name="servicezip_zip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.zip_code} → {self.utility}"
