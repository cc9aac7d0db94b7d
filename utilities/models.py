"""Electric utilities, the ZIP codes they serve, BPA's heating and cooling zone of each ZIP
code, and the dated BPA payment table (spec §6)."""

from django.db import models
from django.db.models.functions import Coalesce, Lower

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


#: BPA numbers its heating zones and its cooling zones 1 to 3 ("h1–h3 × c1–c3", seed 002
#: L28-51; 003 L1571, L1639).
ZONES = (1, 2, 3)
ZONE_CHOICES = [(zone, str(zone)) for zone in ZONES]


class ClimateZone(TimestampedModel):
    """BPA's heating and cooling zone of one ZIP code (domain-rules §3).

    A map by ZIP code rather than by utility: a utility's territory can span zones, and the
    seeds hold no zone table at all, so staff import BPA's assignment list
    (``manage.py import_zones``; utilities.zone_file) and correct single rows in the admin.
    A site's zones are those of its ZIP code; a ZIP code not in the map has unknown zones,
    and the checks that need them say so.
    """

    zip_code = models.CharField(max_length=5, unique=True)
    heating_zone = models.PositiveSmallIntegerField(choices=ZONE_CHOICES)
    cooling_zone = models.PositiveSmallIntegerField(choices=ZONE_CHOICES)
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the assignment comes from, e.g. BPA's zone list and its date.",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["zip_code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(zip_code__regex=r"^[0-9]{5}$"), name="climatezone_five_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(heating_zone__in=ZONES), name="climatezone_heating_zone_1_3"
            ),
            models.CheckConstraint(
                condition=models.Q(cooling_zone__in=ZONES), name="climatezone_cooling_zone_1_3"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.zip_code}: heating zone {self.heating_zone}, cooling zone {self.cooling_zone}"
        )


class PaymentRate(TimestampedModel):
    """One row of the Implementation Manual's payment tables, in force between two dates
    (seed 003 §10.8.2: L10083-10093, L10294-10298, L10458-10462).

    Held as data so that staff add the next manual's rows instead of changing code; a job is
    paid at the rate in force on its install date (utilities.payments.rules). A row may be
    limited to a heating and/or cooling zone, as the manuals' zone tables are (seed 002
    L28-51): a job is paid from the row of its site's zones if there is one, else from the
    row for any zone (both zones empty).
    """

    class Category(models.TextChoices):
        ASHP_UPGRADE = "ashp_upgrade", "Heat Pump Upgrade to Air Source Heat Pump"
        VSHP_UPGRADE = "vshp_upgrade", "Heat Pump Upgrade to Variable Speed Heat Pump"
        ASHP_CONVERSION = (
            "ashp_conversion",
            "Heat Pump Conversion from Electric Forced-Air Furnace to Air Source Heat Pump",
        )
        VSHP_CONVERSION = (
            "vshp_conversion",
            "Heat Pump Conversion from Electric Forced-Air Furnace to Variable Speed Heat Pump",
        )
        CCS = "ccs", "Commissioning, Controls and Sizing"
        GSHP_NO_DESUPERHEATER = (
            "gshp_no_desuperheater",
            "Ground Source Heat Pump Upgrade or Conversion without DeSuperheater",
        )
        GSHP_DESUPERHEATER = (
            "gshp_desuperheater",
            "Ground Source Heat Pump Upgrade or Conversion with DeSuperheater",
        )
        DUCT_SEALING_MANUFACTURED = (
            "duct_sealing_manufactured",
            "PTCS and Prescriptive Duct Sealing — Manufactured homes",
        )
        DUCT_SEALING_SITE_BUILT = (
            "duct_sealing_site_built",
            "PTCS and Prescriptive Duct Sealing — Existing single-family homes",
        )

    category = models.CharField(max_length=40, choices=Category.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=200, help_text="Program document, edition and section, as payers read it."
    )
    heating_zone = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=ZONE_CHOICES, help_text="Empty: any heating zone."
    )
    cooling_zone = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=ZONE_CHOICES, help_text="Empty: any cooling zone."
    )

    class Meta:
        ordering = ["category", "heating_zone", "cooling_zone", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="paymentrate_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="paymentrate_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(heating_zone__isnull=True) | models.Q(heating_zone__in=ZONES),
                name="paymentrate_heating_zone_1_3",
            ),
            models.CheckConstraint(
                condition=models.Q(cooling_zone__isnull=True) | models.Q(cooling_zone__in=ZONES),
                name="paymentrate_cooling_zone_1_3",
            ),
            # One row per category, zones and start date; an empty zone (any zone) counts as
            # a value of its own, which a plain unique constraint would not do with NULLs.
            models.UniqueConstraint(
                "category",
                Coalesce("heating_zone", 0),
                Coalesce("cooling_zone", 0),
                "effective_from",
                name="paymentrate_one_per_category_zones_start",
            ),
        ]

    def __str__(self) -> str:
        zones = ""
        if self.heating_zone or self.cooling_zone:
            zones = f" (heating zone {self.heating_zone or 'any'}, "
            zones += f"cooling zone {self.cooling_zone or 'any'})"
        return f"{self.get_category_display()}{zones}: ${self.amount} from {self.effective_from}"
