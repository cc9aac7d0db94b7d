"""Three choices the registry made where the program documents are silent become named values
of every stored rule set, so staff see them, with their rationale, on the rule set page and can
change them: which earlier jobs at a home count as its first measure (by status, and for how
many years) and whether a certification must also be active on the day of entry.

The values are frozen here as the engine's behaviour was before they were named: every
completed job but a rejected one counts, with no time window, and the certification is checked
on the install date only.
"""

from django.db import migrations

NEW_VALUES = {
    "one_per_home_counted_statuses": [
        "bpa_approved",
        "ptcs_certified_only",
        "record_only",
        "bpa_pending",
    ],
    "one_per_home_window_years": None,
    "certification_also_on_entry_date": False,
}


def forwards(apps, schema_editor):
    RuleSetRecord = apps.get_model("jobs", "RuleSetRecord")
    for record in RuleSetRecord.objects.all():
        if not isinstance(record.values, dict):
            continue
        missing = {k: v for k, v in NEW_VALUES.items() if k not in record.values}
        if missing:
            record.values = {**record.values, **missing}
            record.save(update_fields=["values"])


def backwards(apps, schema_editor):
    RuleSetRecord = apps.get_model("jobs", "RuleSetRecord")
    for record in RuleSetRecord.objects.all():
        if isinstance(record.values, dict) and set(NEW_VALUES) & set(record.values):
            record.values = {k: v for k, v in record.values.items() if k not in NEW_VALUES}
            record.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0013_help_texts_without_citations")]
    operations = [migrations.RunPython(forwards, backwards)]
