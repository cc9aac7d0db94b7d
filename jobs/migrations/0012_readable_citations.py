"""Stored checks, status-change reasons and rule sets name their program document by title and
section, as the engine now writes them ("PTCS Duct Sealing Specification (2015), C.2.2"),
instead of the file and line citations of the copies the registry was built from.

The citations are frozen here as they were when this migration was written: a migration must
not change when the engine's text does. A source already readable is left as it is.
"""

import re

from django.db import migrations

SOURCES = {
    "duct.area_served": "PTCS Duct Sealing Specification (2015), C.1.2, C.2.2; BPA Implementation "
    "Manual (2016–2017), §10.8.2.3",
    "duct.co_detector": "PTCS Duct Sealing Specification (2015), §9",
    "duct.declared_certification_only": "PTCS Duct Sealing Form (2015)",
    "duct.electric_heat": "BPA Implementation Manual (2016–2017), §10.8.2.3; PTCS Duct Sealing "
    "Specification (2015), Applicability",
    "duct.existing_home": "BPA Implementation Manual (2016–2017), §10.8.2.3; PTCS Duct Sealing "
    "Specification (2015), Applicability",
    "duct.house_pressure": "PTCS Duct Sealing Specification (2015), Appendix A",
    "duct.leakage_outcome": "PTCS Online Site Registry help, Measure Status Definitions; PTCS Duct "
    "Sealing Specification (2015), B, C",
    "duct.leakage_readings": "PTCS Duct Sealing Specification (2015), B, C",
    "duct.post_new_ducts": "PTCS Duct Sealing Specification (2015), C.1.2",
    "duct.post_reading": "PTCS Duct Sealing Form (2015), duct leakage test",
    "duct.post_test_leakage": "PTCS Duct Sealing Specification (2015), C.2.2",
    "duct.pre_reading": "PTCS Duct Sealing Form (2015), duct leakage test",
    "duct.pre_test_leakage": "PTCS Duct Sealing Specification (2015), B.2.2",
    "duct.prescriptive_no_record_only": "PTCS Online Site Registry help, Measure Status Definitions",
    "duct.record_only_no_sealing": "PTCS Online Site Registry help, Measure Status Definitions; PTCS "
    "Duct Sealing Form (2015)",
    "duct.specification_requirements": "PTCS Duct Sealing Specification (2015), §§1–9",
    "duct.unconditioned_supply_30pct": "PTCS Duct Sealing Specification (2015), §1",
    "gshp.always_reviewed": "PTCS Online Site Registry help, Measure Status Definitions",
    "gshp.heating_zone": "BPA Implementation Manual (2016–2017), §10.8.2.2",
    "gshp.home_type": "BPA Implementation Manual (2016–2017), §10.8.2.2",
    "hp.ahri_certified": "BPA Implementation Manual (2016–2017), §10.8.2.1",
    "hp.airflow_per_ton": "PTCS Air Source Heat Pump Installation Specification (2017), §3",
    "hp.aux_heat_lockout": "PTCS Air Source Heat Pump Installation Specification (2017), §5",
    "hp.balance_point": "PTCS Air Source Heat Pump Installation Specification (2017), §1",
    "hp.charge_alternative_method": "PTCS Air Source Heat Pump Installation Specification (2017), §4",
    "hp.charge_subcooling": "PTCS Air Source Heat Pump Installation Specification (2017), §4; PTCS "
    "Site Registry rule set (where the program documents are silent), "
    "subcooling tolerance",
    "hp.charge_temperature_split": "PTCS Air Source Heat Pump Installation Specification (2017), §4",
    "hp.charge_test_mode": "PTCS Air Source Heat Pump Installation Specification (2017), §4",
    "hp.compressor_low_ambient_lockout": "PTCS Air Source Heat Pump Installation Specification "
    "(2017), §5",
    "hp.compressor_matches_measure": "BPA Implementation Manual (2016–2017), glossary: Variable Speed "
    "Heat Pump; PTCS Air Source Heat Pump Form (2017)",
    "hp.efficiency": "BPA Implementation Manual (2016–2017), §10.8.2.1; PTCS Online Site Registry "
    "help, Measure Status Definitions",
    "hp.external_static_pressure": "PTCS Air Source Heat Pump Installation Specification (2017), §2",
    "hp.federal_minimum": "DOE energy conservation standards for residential central heat pumps, 10 "
    "CFR 430.32(c) (2015); BPA Implementation Manual (2016–2017), §10.8.2.1",
    "hp.multi_capacity_aux_control": "PTCS Air Source Heat Pump Installation Specification (2017), §5",
    "ruleset.in_force": "PTCS Site Registry rules, dated rule sets",
    "site.address_verified": "PTCS Online Site Registry help, FAQ",
    "site.one_measure_per_family": "BPA Implementation Manual (2016–2017), §10.8.2.1, §10.8.2.2, "
    "§10.8.2.3; PTCS Online Site Registry help, FAQ",
    "technician.certified_on_install_date": "BPA Implementation Manual (2016–2017), §10.8.2.1, "
    "§10.8.2.2, §10.8.2.3",
}
MANUFACTURED = {
    "duct.post_test_leakage": "PTCS Duct Sealing Specification (2015), C.3.2",
    "duct.pre_test_leakage": "PTCS Duct Sealing Specification (2015), B.3.2",
}
RULESET_SOURCES = (
    "PTCS Duct Sealing Specification (2015)",
    "PTCS Air Source Heat Pump Installation Specification (2017)",
    "BPA Implementation Manual (2016–2017), §10.8.2",
)
CHANGE_2019 = "PTCS program change (1 Oct 2019), balance point 31–35 °F"
FALLBACK = {
    "duct": "PTCS Duct Sealing Specification (2015)",
    "gshp": "BPA Implementation Manual (2016–2017), §10.8.2.2",
    "hp": "PTCS Air Source Heat Pump Installation Specification (2017)",
}

#: What a file-and-line citation looked like: "seed 004 L461", "[INF, domain-rules §9.9]",
#: "Spec §4", "Form 004 L364".
INTERNAL = re.compile(r"[Ss]eed \d{3}|\bL\d{2,5}\b|\[(INF|EXT)|[Dd]omain rules|Spec §|[Ff]orm 004")


def readable(check: dict) -> dict:
    source = check.get("source")
    if not isinstance(source, str) or not INTERNAL.search(source):
        return check
    rule = check.get("rule") or ""
    manufactured = "B.3.2" in source or "C.3.2" in source
    new = (MANUFACTURED if manufactured else {}).get(rule) or SOURCES.get(rule)
    if new is None:
        new = FALLBACK.get(rule.split(".", 1)[0], "PTCS Site Registry rules")
    return {**check, "source": new}


def forwards(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    JobStatusChange = apps.get_model("jobs", "JobStatusChange")
    RuleSetRecord = apps.get_model("jobs", "RuleSetRecord")
    for model, field in ((Job, "checks"), (JobStatusChange, "reasons")):
        changed = []
        for row in model.objects.only("pk", field).iterator(chunk_size=2000):
            old = getattr(row, field) or []
            new = [readable(c) if isinstance(c, dict) else c for c in old]
            if new != old:
                setattr(row, field, new)
                changed.append(row)
            if len(changed) >= 1000:
                model.objects.bulk_update(changed, [field])
                changed = []
        model.objects.bulk_update(changed, [field])
    for record in RuleSetRecord.objects.all():
        sources = [s for s in record.sources if not INTERNAL.search(s) and "1 Oct 2019" not in s]
        if len(sources) == len(record.sources):
            continue
        extra = [CHANGE_2019] if any("1 Oct 2019" in s for s in record.sources) else []
        record.sources = [*RULESET_SOURCES, *extra, *sources]
        record.save(update_fields=["sources"])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0011_status_change_override")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
