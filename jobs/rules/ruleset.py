"""Dated rule sets: every threshold and status trigger of the engine, by install date.

A job is evaluated against the set in force on its install date (domain-rules §0: "thresholds …
are versioned rule sets"). The sets below are the ones the seeds define; a set is plain data so
that staff-maintained sets can be loaded from the database into the same shape
(``RuleSet(**values)``) without touching the engine.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields, replace

from jobs.rules.documents import cite, title
from jobs.rules.types import Status


@dataclass(frozen=True)
class FederalMinimum:
    """The DOE minimum efficiency of a new split-system heat pump, from ``effective_from`` on.

    ``seer``/``hspf`` are in the ratings of DOE's older test procedure, ``seer2``/``hspf2`` in
    those of its 2023 procedure (M1); a standard stated before 2023 has no SEER2/HSPF2 figures
    (None), and the registry does not convert one rating into the other to make some up.
    ``standard`` names the standard as a person reads it ("DOE standard of 1 Jan 2015").

    DOE's standards bind the date a unit is made; the registry knows the install date and
    applies the standard in force then [INF], so a unit made to the older standard and
    installed after a change is held to the newer one."""

    effective_from: datetime.date
    seer: float
    hspf: float
    seer2: float | None
    hspf2: float | None
    standard: str

    def in_force(self, day: datetime.date) -> bool:
        return self.effective_from <= day

    @property
    def in_seer2(self) -> bool:
        """Whether the standard is stated in SEER2/HSPF2 (DOE's 2023 test procedure)."""
        return self.seer2 is not None and self.hspf2 is not None


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _doe(day: datetime.date) -> str:
    # Month names spelled out here: strftime's %b follows the process locale.
    return f"DOE standard of {day.day} {_MONTHS[day.month - 1]} {day.year}"


# fmt: off
#: 10 CFR 430.32(c), split-system heat pumps (the document registry's "doe_heat_pumps" rows).
FEDERAL_MINIMUMS: tuple[FederalMinimum, ...] = (
    # [EXT] 13 SEER / 7.7 HSPF from 23 Jan 2006. Heat pumps were rated in SEER/HSPF only then,
    # so the row has no SEER2/HSPF2 figures.
    FederalMinimum(datetime.date(2006, 1, 23), seer=13.0, hspf=7.7, seer2=None, hspf2=None,
                   standard=_doe(datetime.date(2006, 1, 23))),
    # 8.2 HSPF from 1 Jan 2015: seed 003 L913-915 ("As of January 1, 2015, the Federal minimum
    # HSPF for split-system heat pumps is 8.2"). 14 SEER is outside the seeds [EXT,
    # domain-rules §9.7]. Still SEER/HSPF ratings only.
    FederalMinimum(datetime.date(2015, 1, 1), seer=14.0, hspf=8.2, seer2=None, hspf2=None,
                   standard=_doe(datetime.date(2015, 1, 1))),
    # [EXT, domain-rules §11] From 1 Jan 2023, with DOE's M1 test procedure: 14.3 SEER2 /
    # 7.5 HSPF2, which DOE equates with 15 SEER / 8.8 HSPF for units still rated the old way.
    FederalMinimum(datetime.date(2023, 1, 1), seer=15.0, hspf=8.8, seer2=14.3, hspf2=7.5,
                   standard=_doe(datetime.date(2023, 1, 1))),
)
# fmt: on


def federal_minimum_on(
    day: datetime.date, table: tuple[FederalMinimum, ...]
) -> FederalMinimum | None:
    """The row in force on ``day``: the latest one that took effect on or before it; None
    before the first."""
    in_force = [row for row in table if row.in_force(day)]
    return max(in_force, key=lambda row: row.effective_from) if in_force else None


@dataclass(frozen=True)
class RuleSet:
    key: str
    name: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    sources: tuple[str, ...]

    # --- Heat pumps: efficiency (003 §10.8.2.1 L9981-9984; 000 L25) -----------------------
    hp_min_hspf: float = 9.0
    hp_min_seer: float = 14.0
    # The same requirement for a unit rated under DOE's 2023 test procedure. The program
    # documents are silent on SEER2/HSPF2 [EXT, domain-rules §11]; these are the registry's
    # choice, which staff may change: the program's 14 SEER / 9.0 HSPF scaled by the ratio
    # between the two statements of the 2023 federal minimum (14.3 SEER2 = 15 SEER, 7.5 HSPF2 =
    # 8.8 HSPF), i.e. 13.35 SEER2 and 7.67 HSPF2, rounded up to the tenth ratings are
    # published in so that neither is easier to meet than its SEER/HSPF original.
    hp_min_seer2: float = 13.4
    hp_min_hspf2: float = 7.7
    # The federal minimum in force on the install date (``FEDERAL_MINIMUMS``). Below it the
    # unit cannot even be CC&S (003 L9992-9993: "any new heat pump that meets the federal
    # minimum standards"), so the job is rejected (``below_federal_minimum_effect``).
    federal_minimums: tuple[FederalMinimum, ...] = FEDERAL_MINIMUMS
    below_federal_minimum_effect: Status = Status.REJECTED

    # --- Heat pumps: PTCS ASHP Installation Specification (004 L394-427) -------------------
    max_balance_point_f: float = 30.0  # 004 L398
    # Balance points above the maximum but at or below this go to staff review; above it the
    # job is rejected. The 1 Oct 2019 change moved 31–35 °F from Pending to Rejected.
    balance_point_review_max_f: float | None = 35.0
    max_esp_in_wc: float = 0.8  # 004 L409 "0.8 inches of water (200 Pa)"
    max_esp_pa: float = 200.0  # compared in the entered unit (domain-rules §9.6)
    min_cfm_per_ton: float = 325.0  # 004 L413
    max_cfm_per_ton: float = 500.0
    charge_heating_max_outdoor_f: float = 65.0  # 004 L417-418: ≤ 65 °F heating, > 65 cooling
    # Subcooling must meet the manufacturer's requirement (004 L418) with no band given; within
    # this many °F of the target passes, further off goes to review [INF, §9.9]. A registry
    # choice: see jobs.rules.registry_choices.
    subcooling_tolerance_f: float = 3.0
    lal_max_f: float = 5.0  # 004 L424
    lal_non_electric_backup_passes: bool = True  # [INF, domain-rules §9.11]
    aux_lockout_max_f: float = 35.0  # 004 L425
    multistage_supply_air_max_f: float = 85.0  # 004 L427

    # --- Two measures of a family at one home (003 L10013-10016, L10369-10371) -------------
    two_measures_min_area_sqft: float = 4500.0  # "> 4,500 sq ft"
    # Which earlier completed jobs at the home count as its first measure, and for how long:
    # the seeds give neither (000 L39-40 only says staff review a second measure). Registry
    # choices: every completed job but a rejected one, with no time window.
    one_per_home_counted_statuses: tuple[Status, ...] = (
        Status.BPA_APPROVED,
        Status.PTCS_CERTIFIED_ONLY,
        Status.RECORD_ONLY,
        Status.BPA_PENDING,
    )
    one_per_home_window_years: float | None = None

    # --- Certification (spec §2; 003 L10000-10002; 004 L446) ------------------------------
    # The seeds require certified technicians for the work (the install date); "listed as
    # active in the online registry" (004 L446) could also mean on the day of entry. A
    # registry choice: the install date only, unless staff turn this on.
    certification_also_on_entry_date: bool = False

    # --- GSHP (003 §10.8.2.2) ----------------------------------------------------------------
    gshp_heating_zones: tuple[int, ...] = (2, 3)  # L10177-10178

    # --- Duct sealing (PTCS Duct Sealing Specification, 1 Apr 2015: 004 L440-530) ---------
    min_unconditioned_supply_pct: float = 30.0  # §1, L469
    site_pre_area_break_sqft: float = 1667.0  # B.2.2, L461
    site_pre_pct_of_area: float = 0.15  # B.2.2: ≥ 15 % of floor area below 1,667 sq ft
    site_pre_min_cfm50: float = 250.0  # B.2.2: ≥ 250 CFM50 at or above 1,667 sq ft
    site_post_pct_of_area: float = 0.10  # C.2.2
    min_reduction: float = 0.50  # C.2.2, C.3.2 "a reduction of at least 50%"
    new_duct_post_pct_of_area: float = 0.10  # C.1.2
    new_duct_post_min_cfm50: float = 75.0  # C.1.2 "OR 75 CFM50, whichever is greater"
    mh_pre_min_cfm50: dict[int, float] = field(
        default_factory=lambda: {1: 100.0, 2: 150.0, 3: 225.0}  # B.3.2, L465
    )
    mh_post_max_cfm50: dict[int, float] = field(
        default_factory=lambda: {1: 50.0, 2: 80.0, 3: 110.0}  # C.3.2, L529
    )
    test_house_pressure_pa: float = 50.0  # Appendix A, L548
    # Seed-silent outcomes [INF, domain-rules §6.2], made explicit and changeable:
    pre_ok_post_fail_effect: Status = Status.REJECTED
    non_electric_duct_effect: Status = Status.BPA_PENDING
    # An entered CFM differing from ring × fan pressure by more than this share is reviewed.
    entered_cfm_tolerance: float = 0.10

    def covers(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


PTCS_2015_2017 = RuleSet(
    key="ptcs-2017",
    name="PTCS specifications (duct sealing 1 Apr 2015, ASHP 1 Apr 2017), IM 2016–2017",
    effective_from=datetime.date(2015, 4, 1),
    effective_to=datetime.date(2019, 9, 30),
    # Seed 004 L440-530 (duct sealing), L394-427 (ASHP, dated by 003 L10004-10006), 003 §10.8.2.
    sources=(
        title("duct_spec"),
        title("ashp_spec"),
        cite("im", "§10.8.2"),
    ),
)

#: 1 Oct 2019: "balance points of 31–35 °F moved from Pending to Rejected" (program
#: newsletter). Everything else carries over.
PTCS_2019 = replace(
    PTCS_2015_2017,
    key="ptcs-2019-10",
    name="PTCS rule set of 1 Oct 2019 (balance points above 30 °F rejected)",
    effective_from=datetime.date(2019, 10, 1),
    effective_to=None,
    balance_point_review_max_f=None,
    sources=(*PTCS_2015_2017.sources, cite("program_change_2019", "balance point 31–35 °F")),
)

BUILTIN_RULESETS: tuple[RuleSet, ...] = (PTCS_2015_2017, PTCS_2019)


def ruleset_for(
    install_date: datetime.date, rulesets: tuple[RuleSet, ...] = BUILTIN_RULESETS
) -> RuleSet | None:
    """The set in force on ``install_date``; None when no set covers it."""
    for ruleset in rulesets:
        if ruleset.covers(install_date):
            return ruleset
    return None


# --- Rule sets as data (jobs.RuleSetRecord) ------------------------------------------------

#: The fields that say which set it is; every other field is a threshold or effect ("values").
IDENTITY_FIELDS = ("key", "name", "effective_from", "effective_to", "sources")
VALUE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(RuleSet) if f.name not in IDENTITY_FIELDS
)
_TYPES = {f.name: f.type for f in fields(RuleSet)}


def federal_minimum_to_record(row: FederalMinimum) -> dict:
    """One row of the federal minimum table as JSON-ready data (the date as YYYY-MM-DD)."""
    return {
        "effective_from": row.effective_from.isoformat(),
        "seer": row.seer,
        "hspf": row.hspf,
        "seer2": row.seer2,
        "hspf2": row.hspf2,
        "standard": row.standard,
    }


def ruleset_to_record_values(rs: RuleSet) -> dict:
    """Every threshold of ``rs`` as JSON-ready data: statuses as their string values, tuples
    as lists, the keys of the per-section dicts as strings, the federal minimum table as a
    list of mappings."""
    values: dict = {}
    for name in VALUE_FIELDS:
        value = getattr(rs, name)
        if isinstance(value, Status):
            value = value.value
        elif name == "federal_minimums":
            value = [federal_minimum_to_record(row) for row in value]
        elif isinstance(value, tuple):
            value = [v.value if isinstance(v, Status) else v for v in value]
        elif isinstance(value, dict):
            value = {str(k): v for k, v in value.items()}
        values[name] = value
    return values


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: {value!r} is not a number.")
    return float(value)


def _value_status(name: str, value) -> Status:
    try:
        return Status(value)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ValueError(f"{name}: {value!r} is not a status ({choices}).") from None


_FEDERAL_KEYS = ("effective_from", "seer", "hspf", "seer2", "hspf2", "standard")


def _positive(name: str, value) -> float:
    number = _number(name, value)
    if number <= 0:
        raise ValueError(f"{name}: {value!r} is not above zero.")
    return number


def _federal_minimum(name: str, row) -> FederalMinimum:
    if not isinstance(row, dict):
        raise ValueError(f"{name}: {row!r} is not a mapping of {', '.join(_FEDERAL_KEYS)}.")
    unknown = sorted(set(row) - set(_FEDERAL_KEYS))
    missing = [k for k in _FEDERAL_KEYS if k not in row]
    if unknown:
        raise ValueError(f"{name}: unknown {', '.join(unknown)}.")
    if missing:
        raise ValueError(f"{name}: missing {', '.join(missing)}.")
    try:
        day = datetime.date.fromisoformat(row["effective_from"])
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}.effective_from: {row['effective_from']!r} is not a date (YYYY-MM-DD)."
        ) from None
    standard = row["standard"]
    if not isinstance(standard, str) or not standard.strip():
        raise ValueError(f"{name}.standard: name the DOE standard, e.g. {_doe(day)!r}.")
    seer2, hspf2 = row["seer2"], row["hspf2"]
    if (seer2 is None) != (hspf2 is None):
        raise ValueError(f"{name}: give both seer2 and hspf2, or neither.")
    return FederalMinimum(
        effective_from=day,
        seer=_positive(f"{name}.seer", row["seer"]),
        hspf=_positive(f"{name}.hspf", row["hspf"]),
        seer2=None if seer2 is None else _positive(f"{name}.seer2", seer2),
        hspf2=None if hspf2 is None else _positive(f"{name}.hspf2", hspf2),
        standard=standard.strip(),
    )


def federal_minimums_from_record(
    value, name: str = "federal_minimums"
) -> tuple[FederalMinimum, ...]:
    """The federal minimum table as stored (a non-empty list of mappings, each date once), in
    date order. ValueError with a readable message for anything else."""
    if not isinstance(value, list | tuple) or not value:
        raise ValueError(f"{name}: {value!r} is not a list of federal minimums.")
    rows = [_federal_minimum(f"{name}[{i}]", row) for i, row in enumerate(value)]
    days = [row.effective_from for row in rows]
    twice = sorted({day.isoformat() for day in days if days.count(day) > 1})
    if twice:
        raise ValueError(f"{name}: more than one row from {', '.join(twice)}.")
    return tuple(sorted(rows, key=lambda row: row.effective_from))


def _value(name: str, value):
    kind = _TYPES[name]
    if kind == "tuple[FederalMinimum, ...]":
        return federal_minimums_from_record(value, name)
    if kind == "Status":
        return _value_status(name, value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{name}: {value!r} is not true or false.")
        return value
    if kind == "float":
        return _number(name, value)
    if kind == "float | None":
        return None if value is None else _number(name, value)
    if kind == "tuple[Status, ...]":
        if not isinstance(value, list | tuple):
            raise ValueError(f"{name}: {value!r} is not a list of statuses.")
        return tuple(_value_status(name, v) for v in value)
    if kind == "tuple[int, ...]":
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise ValueError(f"{name}: {value!r} is not a list of whole numbers.")
        return tuple(value)
    if kind == "dict[int, float]":
        if not isinstance(value, dict):
            raise ValueError(f"{name}: {value!r} is not a mapping of whole numbers to numbers.")
        try:
            return {int(k): _number(f"{name}[{k}]", v) for k, v in value.items()}
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: {exc}") from None
    raise ValueError(f"{name}: cannot read a value of type {kind}.")  # pragma: no cover


def ruleset_from_record(
    *,
    key: str,
    name: str,
    effective_from: datetime.date,
    effective_to: datetime.date | None,
    sources: list[str] | tuple[str, ...],
    values: dict,
) -> RuleSet:
    """The RuleSet a stored record describes. Raises ValueError (a readable message) when a
    threshold is missing, unknown or of the wrong type."""
    if not isinstance(values, dict):
        raise ValueError("The values must be a mapping of threshold name to value.")
    unknown = sorted(set(values) - set(VALUE_FIELDS))
    missing = [n for n in VALUE_FIELDS if n not in values]
    if unknown:
        raise ValueError(f"Unknown thresholds: {', '.join(unknown)}.")
    if missing:
        raise ValueError(f"Missing thresholds: {', '.join(missing)}.")
    if not isinstance(sources, list | tuple) or not all(isinstance(s, str) for s in sources):
        raise ValueError("The sources must be a list of texts.")
    return RuleSet(
        key=key,
        name=name,
        effective_from=effective_from,
        effective_to=effective_to,
        sources=tuple(sources),
        **{n: _value(n, values[n]) for n in VALUE_FIELDS},
    )
