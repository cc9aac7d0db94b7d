"""BPA's heating and cooling zone of each ZIP code (utilities.models.ClimateZone)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("utilities", "0003_seed_payment_rates"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClimateZone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("zip_code", models.CharField(max_length=5, unique=True)),
                (
                    "heating_zone",
                    models.PositiveSmallIntegerField(choices=[(1, "1"), (2, "2"), (3, "3")]),
                ),
                (
                    "cooling_zone",
                    models.PositiveSmallIntegerField(choices=[(1, "1"), (2, "2"), (3, "3")]),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="Where the assignment comes from, e.g. BPA's zone list and its date.",
                        max_length=200,
                    ),
                ),
                ("note", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["zip_code"],
            },
        ),
        migrations.AddConstraint(
            model_name="climatezone",
            constraint=models.CheckConstraint(
                condition=models.Q(("zip_code__regex", "^[0-9]{5}$")),
                name="climatezone_five_digits",
            ),
        ),
        migrations.AddConstraint(
            model_name="climatezone",
            constraint=models.CheckConstraint(
                condition=models.Q(("heating_zone__in", (1, 2, 3))),
                name="climatezone_heating_zone_1_3",
            ),
        ),
        migrations.AddConstraint(
            model_name="climatezone",
            constraint=models.CheckConstraint(
                condition=models.Q(("cooling_zone__in", (1, 2, 3))),
                name="climatezone_cooling_zone_1_3",
            ),
        ),
    ]
