"""Heat pump efficiency: the federal minimum in force on the install date and the program's
requirement (IM §10.8.2.1, seed 003 L9981-9998; the status definitions of seed 000 L25).

A unit is rated in SEER/HSPF (DOE's older test procedure) or in SEER2/HSPF2 (the 2023 one,
M1), and AHRI lists units of the changeover years in both. Each check compares the unit in
one pair of ratings against thresholds stated in that same pair; one is never converted into
the other on the fly [domain-rules §11].
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jobs.rules.calc import num
from jobs.rules.documents import cite, cite_all
from jobs.rules.ruleset import FederalMinimum, RuleSet, federal_minimum_on
from jobs.rules.types import Check, Status

#: What the technician is asked for when neither pair of ratings is complete.
PAIRS = "SEER and HSPF, or SEER2 and HSPF2"


@dataclass(frozen=True)
class Rating:
    """A unit's cooling and heating ratings in one metric: ``new`` for SEER2/HSPF2."""

    seer: float
    hspf: float
    new: bool

    @property
    def cooling(self) -> str:
        return "SEER2" if self.new else "SEER"

    @property
    def heating(self) -> str:
        return "HSPF2" if self.new else "HSPF"

    def text(self, seer: float | None = None, hspf: float | None = None) -> str:
        """The ratings ("16 SEER / 9.5 HSPF"), or thresholds given in the same metric."""
        seer = self.seer if seer is None else seer
        hspf = self.hspf if hspf is None else hspf
        return f"{seer:g} {self.cooling} / {hspf:g} {self.heating}"

    def values(self) -> dict[str, float]:
        return {self.cooling.lower(): self.seer, self.heating.lower(): self.hspf}


def rating(facts: Mapping[str, Any], federal: FederalMinimum | None) -> Rating | None:
    """The pair of ratings the checks compare; None when neither pair is complete.

    With both pairs (the equipment directory lists both for units of the changeover years),
    the pair the federal minimum in force is stated in wins: SEER2/HSPF2 for installs from
    1 Jan 2023, when DOE's new test procedure took effect, SEER/HSPF before. That keeps the
    federal comparison in DOE's own figures, and before 2023 in the metric of the program
    documents themselves."""
    old_seer, old_hspf = num(facts, "seer"), num(facts, "hspf")
    new_seer, new_hspf = num(facts, "seer2"), num(facts, "hspf2")
    old = Rating(old_seer, old_hspf, new=False) if None not in (old_seer, old_hspf) else None
    new = Rating(new_seer, new_hspf, new=True) if None not in (new_seer, new_hspf) else None
    if old and new:
        return new if federal is not None and federal.in_seer2 else old
    return old or new


def _stated(federal: FederalMinimum, unit: Rating) -> str:
    """The federal minimum as DOE states it, the unit's metric first where DOE gives it."""
    old = f"{federal.seer:g} SEER / {federal.hspf:g} HSPF"
    if not federal.in_seer2:
        return old
    new = f"{federal.seer2:g} SEER2 / {federal.hspf2:g} HSPF2"
    return f"{new}, i.e. {old}" if unit.new else f"{old}, i.e. {new}"


def federal_minimum(unit: Rating, install_date: datetime.date | None, rs: RuleSet) -> Check:
    """The unit meets the federal minimum in force on the install date (the rule set's
    ``federal_minimums``). Below it a heat pump is not eligible even for commissioning,
    controls & sizing (003 L9992-9993), so ``below_federal_minimum_effect`` applies. Staff
    review the job when the minimum in force is not known or not stated in the unit's
    metric."""
    source = cite_all(cite("doe_heat_pumps", on=install_date), cite("im", "§10.8.2.1"))
    federal = federal_minimum_on(install_date, rs.federal_minimums) if install_date else None
    values: dict[str, Any] = {**unit.values(), "install_date": install_date}
    if federal is None:
        if install_date is None:
            message = "Without the install date the federal minimum in force is not known"
        else:
            earliest = min(rs.federal_minimums, key=lambda row: row.effective_from, default=None)
            since = f" ({earliest.standard})" if earliest else ""
            message = (
                f"Installed {install_date}, before the earliest federal minimum the registry "
                f"holds{since}"
            )
        return Check(
            rule="hp.federal_minimum",
            source=source,
            passed=False,
            message=f"{message}; PTCS staff will review the job.",
            values=values,
            threshold="the federal minimum in force on the install date",
            effect=Status.BPA_PENDING,
        )
    values["federal_minimum_from"] = federal.effective_from
    head = (
        f"Installed {install_date}: the federal minimum in force was "
        f"{_stated(federal, unit)} ({federal.standard})."
    )
    if unit.new and not federal.in_seer2:
        # A standard stated before DOE's 2023 test procedure has no SEER2/HSPF2 figures, and
        # converting the unit's ratings would be a guess: staff compare it by hand.
        return Check(
            rule="hp.federal_minimum",
            source=source,
            passed=False,
            message=f"{head} This unit is rated in SEER2/HSPF2 only: enter its SEER and HSPF "
            "ratings too, or PTCS staff will compare it by hand.",
            values=values,
            threshold=f"≥ {federal.seer:g} SEER and ≥ {federal.hspf:g} HSPF ({federal.standard})",
            effect=Status.BPA_PENDING,
        )
    seer_min = federal.seer2 if unit.new else federal.seer
    hspf_min = federal.hspf2 if unit.new else federal.hspf
    ok = unit.seer >= seer_min and unit.hspf >= hspf_min
    return Check(
        rule="hp.federal_minimum",
        source=source,
        passed=ok,
        message=(
            f"{head} {unit.text()} meets it."
            if ok
            else f"{head} {unit.text()} is below it: not eligible, not even for commissioning, "
            "controls & sizing."
        ),
        values=values,
        threshold=(
            f"≥ {seer_min:g} {unit.cooling} and ≥ {hspf_min:g} {unit.heating} ({federal.standard})"
        ),
        effect=rs.below_federal_minimum_effect,
    )


def program_efficiency(unit: Rating, rs: RuleSet) -> Check:
    """The program's 9.0 HSPF / 14 SEER (003 L9981-9984), or the rule set's SEER2/HSPF2
    equivalents for a unit rated that way. Below it the unit can only be claimed as CC&S:
    PTCS-Certified Only (000 L25)."""
    # Seed 003 §10.8.2.1 (L9981-9984); 000 L25.
    source = cite_all(cite("im", "§10.8.2.1"), cite("registry_help", "Measure Status Definitions"))
    if unit.new:
        # The SEER2/HSPF2 thresholds are the registry's own equivalents [EXT, domain-rules §11].
        source = cite_all(source, cite("registry_rule_set", "SEER2/HSPF2 equivalents"))
        seer_min, hspf_min = rs.hp_min_seer2, rs.hp_min_hspf2
    else:
        seer_min, hspf_min = rs.hp_min_seer, rs.hp_min_hspf
    required = unit.text(seer_min, hspf_min)
    ok = unit.seer >= seer_min and unit.hspf >= hspf_min
    return Check(
        rule="hp.efficiency",
        source=source,
        passed=ok,
        message=(
            f"{unit.text()} meets the {required} requirement."
            if ok
            else f"{unit.text()} is below {required}: PTCS-Certified Only (claimable as "
            "commissioning, controls & sizing if the utility offers it)."
        ),
        values=unit.values(),
        threshold=f"≥ {seer_min:g} {unit.cooling} and ≥ {hspf_min:g} {unit.heating}",
        effect=Status.PTCS_CERTIFIED_ONLY,
    )


def efficiency(
    facts: Mapping[str, Any], rs: RuleSet, install_date: datetime.date | None = None
) -> list[Check]:
    """The federal minimum and the program requirement, in the metric the unit was rated in;
    a single check sending the job to review when neither pair of ratings is complete."""
    federal = federal_minimum_on(install_date, rs.federal_minimums) if install_date else None
    unit = rating(facts, federal)
    if unit is None:
        return [
            Check(
                rule="hp.efficiency",
                source=cite_all(
                    cite("im", "§10.8.2.1"), cite("registry_help", "Measure Status Definitions")
                ),
                passed=False,
                message=f"The efficiency ratings are missing ({PAIRS}); PTCS staff will review "
                "the job.",
                effect=Status.BPA_PENDING,
            )
        ]
    return [federal_minimum(unit, install_date, rs), program_efficiency(unit, rs)]
