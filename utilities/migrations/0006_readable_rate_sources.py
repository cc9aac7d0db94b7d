"""Payment rates name their program document by title and section, as a person reads it,
instead of the file and line citations of the copy the registry was built from (those stay
in 0003's comments). A rate staff have already given a readable source is left alone."""

import re

from django.db import migrations

IM = "BPA Implementation Manual (2016–2017)"
SOURCES = {
    "ashp_upgrade": f"{IM}, §10.8.2.1",
    "vshp_upgrade": f"{IM}, §10.8.2.1",
    "ashp_conversion": f"{IM}, §10.8.2.1",
    "vshp_conversion": f"{IM}, §10.8.2.1",
    "ccs": f"{IM}, §10.8.2.1",
    "gshp_no_desuperheater": f"{IM}, §10.8.2.2",
    "gshp_desuperheater": f"{IM}, §10.8.2.2",
    "duct_sealing_manufactured": f"{IM}, §10.8.2.3; lowered by the notice of Oct 1, 2017",
    "duct_sealing_site_built": f"{IM}, §10.8.2.3",
}
INTERNAL = re.compile(r"[Ss]eed \d{3}|\bL\d{2,5}\b")


def forwards(apps, schema_editor):
    PaymentRate = apps.get_model("utilities", "PaymentRate")
    for rate in PaymentRate.objects.all():
        if INTERNAL.search(rate.source) and rate.category in SOURCES:
            rate.source = SOURCES[rate.category]
            rate.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("utilities", "0005_paymentrate_zones")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
