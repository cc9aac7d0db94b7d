"""Seed the two built-in rule sets (jobs.rules.ruleset.BUILTIN_RULESETS) as RuleSetRecord
rows. The values are frozen here, as serialised by ruleset_to_record_values when this
migration was written, so that later edits to the built-ins do not change what it seeds."""

import datetime

from django.db import migrations

RECORDS = [
    {
        "key": "ptcs-2017",
        "name": "PTCS specifications (duct sealing 1 Apr 2015, ASHP 1 Apr 2017), IM 2016–2017",
        "effective_from": "2015-04-01",
        "effective_to": "2019-09-30",
        "sources": [
            "PTCS Duct Sealing Specification, updated 1 Apr 2015 (seed 004 L440-530)",
            "PTCS Air Source Heat Pump Installation Specification (1 Apr 2017; seed 004 "
            "L394-427, dated by 003 L10004-10006)",
            "BPA Implementation Manual 2016–2017, §10.8.2 (seed 003)",
        ],
        "values": {
            "hp_min_hspf": 9.0,
            "hp_min_seer": 14.0,
            "federal_min_hspf": 8.2,
            "federal_min_seer": 14.0,
            "below_federal_minimum_effect": "rejected",
            "max_balance_point_f": 30.0,
            "balance_point_review_max_f": 35.0,
            "max_esp_in_wc": 0.8,
            "max_esp_pa": 200.0,
            "min_cfm_per_ton": 325.0,
            "max_cfm_per_ton": 500.0,
            "charge_heating_max_outdoor_f": 65.0,
            "subcooling_tolerance_f": 3.0,
            "lal_max_f": 5.0,
            "lal_non_electric_backup_passes": True,
            "aux_lockout_max_f": 35.0,
            "multistage_supply_air_max_f": 85.0,
            "two_measures_min_area_sqft": 4500.0,
            "gshp_heating_zones": [2, 3],
            "min_unconditioned_supply_pct": 30.0,
            "site_pre_area_break_sqft": 1667.0,
            "site_pre_pct_of_area": 0.15,
            "site_pre_min_cfm50": 250.0,
            "site_post_pct_of_area": 0.1,
            "min_reduction": 0.5,
            "new_duct_post_pct_of_area": 0.1,
            "new_duct_post_min_cfm50": 75.0,
            "mh_pre_min_cfm50": {"1": 100.0, "2": 150.0, "3": 225.0},
            "mh_post_max_cfm50": {"1": 50.0, "2": 80.0, "3": 110.0},
            "test_house_pressure_pa": 50.0,
            "pre_ok_post_fail_effect": "rejected",
            "non_electric_duct_effect": "bpa_pending",
            "entered_cfm_tolerance": 0.1,
        },
    },
    {
        "key": "ptcs-2019-10",
        "name": "PTCS rule set of 1 Oct 2019 (balance points above 30 °F rejected)",
        "effective_from": "2019-10-01",
        "effective_to": None,
        "sources": [
            "PTCS Duct Sealing Specification, updated 1 Apr 2015 (seed 004 L440-530)",
            "PTCS Air Source Heat Pump Installation Specification (1 Apr 2017; seed 004 "
            "L394-427, dated by 003 L10004-10006)",
            "BPA Implementation Manual 2016–2017, §10.8.2 (seed 003)",
            "Program change of 1 Oct 2019: balance point 31–35 °F",
        ],
        "values": {
            "hp_min_hspf": 9.0,
            "hp_min_seer": 14.0,
            "federal_min_hspf": 8.2,
            "federal_min_seer": 14.0,
            "below_federal_minimum_effect": "rejected",
            "max_balance_point_f": 30.0,
            "balance_point_review_max_f": None,
            "max_esp_in_wc": 0.8,
            "max_esp_pa": 200.0,
            "min_cfm_per_ton": 325.0,
            "max_cfm_per_ton": 500.0,
            "charge_heating_max_outdoor_f": 65.0,
            "subcooling_tolerance_f": 3.0,
            "lal_max_f": 5.0,
            "lal_non_electric_backup_passes": True,
            "aux_lockout_max_f": 35.0,
            "multistage_supply_air_max_f": 85.0,
            "two_measures_min_area_sqft": 4500.0,
            "gshp_heating_zones": [2, 3],
            "min_unconditioned_supply_pct": 30.0,
            "site_pre_area_break_sqft": 1667.0,
            "site_pre_pct_of_area": 0.15,
            "site_pre_min_cfm50": 250.0,
            "site_post_pct_of_area": 0.1,
            "min_reduction": 0.5,
            "new_duct_post_pct_of_area": 0.1,
            "new_duct_post_min_cfm50": 75.0,
            "mh_pre_min_cfm50": {"1": 100.0, "2": 150.0, "3": 225.0},
            "mh_post_max_cfm50": {"1": 50.0, "2": 80.0, "3": 110.0},
            "test_house_pressure_pa": 50.0,
            "pre_ok_post_fail_effect": "rejected",
            "non_electric_duct_effect": "bpa_pending",
            "entered_cfm_tolerance": 0.1,
        },
    },
]


def seed(apps, schema_editor):
    RuleSetRecord = apps.get_model("jobs", "RuleSetRecord")
    for record in RECORDS:
        to = record["effective_to"]
        RuleSetRecord.objects.update_or_create(
            key=record["key"],
            defaults={
                "name": record["name"],
                "effective_from": datetime.date.fromisoformat(record["effective_from"]),
                "effective_to": datetime.date.fromisoformat(to) if to else None,
                "sources": record["sources"],
                "values": record["values"],
                "active": True,
            },
        )


def unseed(apps, schema_editor):
    RuleSetRecord = apps.get_model("jobs", "RuleSetRecord")
    RuleSetRecord.objects.filter(key__in=[r["key"] for r in RECORDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0005_rulesetrecord")]

    operations = [migrations.RunPython(seed, unseed)]
