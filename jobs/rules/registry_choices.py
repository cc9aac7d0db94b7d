"""What each value of a rule set means, in words, and why the registry chose the values the
program documents do not give.

Every value of ``RuleSet`` has a label here (the rule set page shows labels, not field names).
A value the seeds are silent on also has a rationale: the rule set page shows it beside the
value, and a check whose outcome rests on it names it in ``Check.rests_on`` so the reviewer
is told (jobs.review). Staff change such a value by storing a new rule set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ValueNote:
    label: str
    #: Why the registry chose this value where the program documents are silent; empty for a
    #: value the documents give.
    rationale: str = ""

    @property
    def registry_choice(self) -> bool:
        return bool(self.rationale)


N = ValueNote
# fmt: off
NOTES: dict[str, ValueNote] = {
    "hp_min_hspf": N("Program minimum HSPF (heat pumps)"),
    "hp_min_seer": N("Program minimum SEER (heat pumps)"),
    "hp_min_seer2": N(
        "Program minimum SEER2 (heat pumps rated in SEER2)",
        "The program documents give 14 SEER only. The registry uses DOE's own ratio between "
        "the two metrics in its 2023 standard (14.3 SEER2 for 15 SEER), rounded up: 13.4.",
    ),
    "hp_min_hspf2": N(
        "Program minimum HSPF2 (heat pumps rated in HSPF2)",
        "The program documents give 9.0 HSPF only. The registry uses DOE's own ratio between "
        "the two metrics in its 2023 standard (7.5 HSPF2 for 8.8 HSPF), rounded up: 7.7.",
    ),
    "federal_minimums": N("Federal minimum efficiency by install date (DOE standards)"),
    "below_federal_minimum_effect": N(
        "Status of a heat pump below the federal minimum",
        "The manual says such a unit cannot even be claimed as commissioning, controls and "
        "sizing; it does not name a status. Rejected says plainly that the job earns nothing.",
    ),
    "max_balance_point_f": N("Highest balance point (°F)"),
    "balance_point_review_max_f": N(
        "Highest balance point sent to staff review rather than rejected (°F)"),
    "max_esp_in_wc": N("Highest external static pressure (in. w.c.)"),
    "max_esp_pa": N("Highest external static pressure (Pa)"),
    "min_cfm_per_ton": N("Lowest airflow per ton (CFM)"),
    "max_cfm_per_ton": N("Highest airflow per ton (CFM)"),
    "charge_heating_max_outdoor_f": N("Highest outdoor temperature for the heating-mode charge "
                                      "check (°F)"),
    "subcooling_tolerance_f": N(
        "Subcooling tolerance around the manufacturer's target (± °F)",
        "The specification asks for the manufacturer's subcooling and gives no band. A reading "
        "within 3 °F of the target passes (the usual accuracy of a clamp thermometer and "
        "gauge reading); further off goes to staff review, not to a rejection.",
    ),
    "lal_max_f": N("Highest compressor low ambient lockout (°F)"),
    "lal_non_electric_backup_passes": N(
        "A home with non-electric back-up heat passes the low ambient lockout question",
        "The specification's lockout protects electric back-up heat; with non-electric back-up "
        "there is no electric resistance heat to protect, so the registry passes it.",
    ),
    "aux_lockout_max_f": N("Highest auxiliary heat lockout (°F)"),
    "multistage_supply_air_max_f": N("Highest supply air set point of a multi-stage system (°F)"),
    "two_measures_min_area_sqft": N("Heated area above which a home may have two heat pump "
                                    "measures (sq ft)"),
    "one_per_home_counted_statuses": N(
        "Earlier jobs at the home that count as its first measure (by status)",
        "The manual allows one measure of a kind per home but does not say which earlier jobs "
        "count. Every completed job counts except a rejected one: a Record Only or BPA Pending "
        "job is still a measure at the home, and staff review the second one.",
    ),
    "one_per_home_window_years": N(
        "Years an earlier job at the home counts as its first measure (none: always)",
        "The manual gives no time window, so an earlier job counts however old it is; staff "
        "review the second measure and may approve it. Staff may set a window (in years).",
    ),
    "certification_also_on_entry_date": N(
        "The certification must also be active on the day the job is entered",
        "The manual requires certified technicians for the work, which the registry checks on "
        "the install date; the duct sealing specification also asks that technicians be "
        "listed as active in the registry, which could mean on the day of entry too. Off: a "
        "technician who was certified when they did the work may enter it after a lapse.",
    ),
    "gshp_heating_zones": N("Heating zones where ground source heat pumps qualify"),
    "min_unconditioned_supply_pct": N("Least share of supply ducts in unconditioned space (%)"),
    "site_pre_area_break_sqft": N("Floor area at which the site-built pre-test minimum changes "
                                  "(sq ft)"),
    "site_pre_pct_of_area": N("Site-built pre-test minimum below that area (share of floor "
                              "area)"),
    "site_pre_min_cfm50": N("Site-built pre-test minimum at or above that area (CFM50)"),
    "site_post_pct_of_area": N("Site-built post-test limit (share of the floor area served)"),
    "min_reduction": N("Least leakage reduction that also passes the post-test (share)"),
    "new_duct_post_pct_of_area": N("New ducts post-test limit (share of the floor area served)"),
    "new_duct_post_min_cfm50": N("New ducts post-test limit at least (CFM50)"),
    "mh_pre_min_cfm50": N("Manufactured home pre-test minimum by sections (CFM50)"),
    "mh_post_max_cfm50": N("Manufactured home post-test limit by sections (CFM50)"),
    "test_house_pressure_pa": N("House pressure for the duct leakage test (Pa)"),
    "pre_ok_post_fail_effect": N(
        "Status of a duct job whose pre-test qualified but whose post-test failed",
        "The status definitions cover a low pre-test, not a failed post-test. The sealing did "
        "not meet the specification, so the registry rejects it.",
    ),
    "non_electric_duct_effect": N(
        "Status of a duct job in a home not heated by electricity",
        "Duct sealing is for homes heated by an electric furnace or a heat pump; a home heated "
        "otherwise may still have an electric system the manual allows, so staff review it.",
    ),
    "entered_cfm_tolerance": N(
        "Largest gap between an entered CFM and the ring and fan pressure (share)",
        "The form asks for both the CFM and the ring and fan pressure. A typed CFM more than "
        "10 % off the calibrated value is probably a typing or ring mistake, so staff review it.",
    ),
}
# fmt: on


def label(name: str) -> str:
    note = NOTES.get(name)
    return note.label if note else name.replace("_", " ")


def rationale(name: str) -> str:
    note = NOTES.get(name)
    return note.rationale if note else ""


def registry_choices() -> tuple[str, ...]:
    """The rule-set values the registry chose where the program documents are silent."""
    return tuple(name for name, note in NOTES.items() if note.registry_choice)
