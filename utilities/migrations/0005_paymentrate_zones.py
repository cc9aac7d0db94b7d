"""Payment rows limited to a heating and/or cooling zone (empty: any zone); existing rows keep
both zones empty, so they apply everywhere as before."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("utilities", "0004_climatezone"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="paymentrate",
            options={"ordering": ["category", "heating_zone", "cooling_zone", "-effective_from"]},
        ),
        migrations.RemoveConstraint(
            model_name="paymentrate",
            name="paymentrate_one_per_category_start",
        ),
        migrations.AddField(
            model_name="paymentrate",
            name="cooling_zone",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[(1, "1"), (2, "2"), (3, "3")],
                help_text="Empty: any cooling zone.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="paymentrate",
            name="heating_zone",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[(1, "1"), (2, "2"), (3, "3")],
                help_text="Empty: any heating zone.",
                null=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="paymentrate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("heating_zone__isnull", True), ("heating_zone__in", (1, 2, 3)), _connector="OR"
                ),
                name="paymentrate_heating_zone_1_3",
            ),
        ),
        migrations.AddConstraint(
            model_name="paymentrate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("cooling_zone__isnull", True), ("cooling_zone__in", (1, 2, 3)), _connector="OR"
                ),
                name="paymentrate_cooling_zone_1_3",
            ),
        ),
        migrations.AddConstraint(
            model_name="paymentrate",
            constraint=models.UniqueConstraint(
                models.F("category"),
                django.db.models.functions.comparison.Coalesce("heating_zone", 0),
                django.db.models.functions.comparison.Coalesce("cooling_zone", 0),
                models.F("effective_from"),
                name="paymentrate_one_per_category_zones_start",
            ),
        ),
    ]
