"""Stored rule sets hold the federal minimum efficiency as a dated table and the program's
heat pump thresholds in SEER2/HSPF2 as well as SEER/HSPF.

Before, a rule set held one federal minimum (``federal_min_hspf``, ``federal_min_seer``), the
one of 1 Jan 2015, whatever the install date. Now ``federal_minimums`` lists each DOE standard
with the day it took effect, and the check uses the one in force on the install date; a heat
pump rated under DOE's 2023 test procedure is compared with ``hp_min_seer2``/``hp_min_hspf2``.
jobs.rules.ruleset refuses a stored set that lacks any of them.

The table and thresholds are frozen here as jobs.rules.ruleset serialised them when this
migration was written: a migration must not change when the built-in rule sets do. A set whose
staff had changed the single federal minimum keeps those values as its 2015 row, the standard
the single value stood for.
"""

from django.db import migrations

OLD_DEFAULTS = {"federal_min_hspf": 8.2, "federal_min_seer": 14.0}
FEDERAL_MINIMUMS = [
    {
        "effective_from": "2006-01-23",
        "seer": 13.0,
        "hspf": 7.7,
        "seer2": None,
        "hspf2": None,
        "standard": "DOE standard of 23 Jan 2006",
    },
    {
        "effective_from": "2015-01-01",
        "seer": 14.0,
        "hspf": 8.2,
        "seer2": None,
        "hspf2": None,
        "standard": "DOE standard of 1 Jan 2015",
    },
    {
        "effective_from": "2023-01-01",
        "seer": 15.0,
        "hspf": 8.8,
        "seer2": 14.3,
        "hspf2": 7.5,
        "standard": "DOE standard of 1 Jan 2023",
    },
]
#: The registry's SEER2/HSPF2 equivalents of the program's 14 SEER / 9.0 HSPF.
SEER2_THRESHOLDS = {"hp_min_seer2": 13.4, "hp_min_hspf2": 7.7}
ROW_2015 = "2015-01-01"


def converted(values: dict) -> dict:
    """``values`` with the dated table and the SEER2/HSPF2 thresholds; the rest untouched."""
    values = dict(values)
    old = {name: values.pop(name, default) for name, default in OLD_DEFAULTS.items()}
    table = [dict(row) for row in FEDERAL_MINIMUMS]
    if old != OLD_DEFAULTS:
        row = next(r for r in table if r["effective_from"] == ROW_2015)
        row.update(seer=old["federal_min_seer"], hspf=old["federal_min_hspf"])
    values.setdefault("federal_minimums", table)
    for name, value in SEER2_THRESHOLDS.items():
        values.setdefault(name, value)
    return values


def restored(values: dict) -> dict:
    """The single federal minimum back from the 2015 row (the defaults without one)."""
    values = dict(values)
    table = values.pop("federal_minimums", None)
    for name in SEER2_THRESHOLDS:
        values.pop(name, None)
    rows = table if isinstance(table, list) else []
    row = next(
        (r for r in rows if isinstance(r, dict) and r.get("effective_from") == ROW_2015), None
    )
    values["federal_min_hspf"] = row["hspf"] if row else OLD_DEFAULTS["federal_min_hspf"]
    values["federal_min_seer"] = row["seer"] if row else OLD_DEFAULTS["federal_min_seer"]
    return values


def _rewrite(apps, change) -> None:
    RuleSetRecord = apps.get_model("jobs", "RuleSetRecord")
    for record in RuleSetRecord.objects.all():
        if not isinstance(record.values, dict):
            continue  # unreadable either way; staff see it refused on the rule set page
        record.values = change(record.values)
        # updated_at too: running processes re-read the rule sets when it changes (jobs.reference).
        record.save(update_fields=["values", "updated_at"])


def forwards(apps, schema_editor):
    _rewrite(apps, converted)


def backwards(apps, schema_editor):
    _rewrite(apps, restored)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0014_registry_choice_values")]

    operations = [migrations.RunPython(forwards, backwards)]
