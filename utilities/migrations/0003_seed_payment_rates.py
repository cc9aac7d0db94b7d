"""The BPA payment rows of the Implementation Manual 2016–2017 (seed 003, edition of
Apr 5, 2017, in force from Apr 1, 2017) for the registry's measures.

Manufactured-home duct sealing ends on Sep 30, 2017: the Oct 1, 2017 notice lowers that
payment (003 L1249-1291) but its new amount is not in the seeds, so staff add the next row
instead of the registry paying an amount it cannot source.
"""

import datetime
from decimal import Decimal

from django.db import migrations

IM_2017 = datetime.date(2017, 4, 1)
ROWS = [
    ("ashp_upgrade", "500.00", None, "BPA IM 2016-2017 §10.8.2.1 (seed 003 L10083-10085)"),
    ("vshp_upgrade", "700.00", None, "BPA IM 2016-2017 §10.8.2.1 (seed 003 L10087)"),
    ("ashp_conversion", "1400.00", None, "BPA IM 2016-2017 §10.8.2.1 (seed 003 L10089)"),
    ("vshp_conversion", "1600.00", None, "BPA IM 2016-2017 §10.8.2.1 (seed 003 L10091)"),
    ("ccs", "300.00", None, "BPA IM 2016-2017 §10.8.2.1 (seed 003 L10093)"),
    ("gshp_no_desuperheater", "3000.00", None, "BPA IM 2016-2017 §10.8.2.2 (seed 003 L10296)"),
    ("gshp_desuperheater", "3500.00", None, "BPA IM 2016-2017 §10.8.2.2 (seed 003 L10298)"),
    (
        "duct_sealing_manufactured",
        "250.00",
        datetime.date(2017, 9, 30),
        "BPA IM 2016-2017 §10.8.2.3 (seed 003 L10458-10460); lowered Oct 1, 2017 (L1249-1291)",
    ),
    ("duct_sealing_site_built", "250.00", None, "BPA IM 2016-2017 §10.8.2.3 (seed 003 L10462)"),
]


def seed(apps, schema_editor):
    PaymentRate = apps.get_model("utilities", "PaymentRate")
    for category, amount, effective_to, source in ROWS:
        PaymentRate.objects.get_or_create(
            category=category,
            effective_from=IM_2017,
            defaults={"amount": Decimal(amount), "effective_to": effective_to, "source": source},
        )


def unseed(apps, schema_editor):
    PaymentRate = apps.get_model("utilities", "PaymentRate")
    PaymentRate.objects.filter(effective_from=IM_2017, category__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("utilities", "0002_paymentrate")]
    operations = [migrations.RunPython(seed, unseed)]
