"""The program documents the registry's rules come from, and how a person sees them cited.

Every check, payment rate and inspection item names its rule's source as a person reads it:
the document's title and edition, then the section ("PTCS Air Source Heat Pump Installation
Specification (2017), §3"). File and line citations of the copies the registry was built
from stay in code comments and tests.

The registry is data: a new edition of a document is one more row in ``DOCUMENTS``, with the
date it took effect; ``cite`` names the edition in force on a date (the install date, for a
job's checks) or, without a date, the newest.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ProgramDocument:
    key: str
    title: str
    edition: str  # empty for the registry's own pages, which have no editions
    effective_from: datetime.date | None = None


# fmt: off
DOCUMENTS: tuple[ProgramDocument, ...] = (
    # The ASHP specification the IM cites is dated April 1, 2017 (seed 003 L10004-10006); the
    # copy in the contractor packet (004 L394-436) is undated.
    ProgramDocument("ashp_spec", "PTCS Air Source Heat Pump Installation Specification", "2017",
                    datetime.date(2017, 4, 1)),
    # "Updated: April 1, 2015" (004 L442; 003 L10347-10349).
    ProgramDocument("duct_spec", "PTCS Duct Sealing Specification", "2015",
                    datetime.date(2015, 4, 1)),
    # 003 L10360-10362: sections 1–9 match the PTCS Duct Sealing Specification (004 L448, L467).
    ProgramDocument("prescriptive_duct_spec", "Prescriptive Duct Sealing Specification", "2015",
                    datetime.date(2015, 4, 1)),
    # Seed 003: the IM 2016–2017, page footers "[Apr. 05, 2017]", in force from Apr 1, 2017.
    ProgramDocument("im", "BPA Implementation Manual", "2016–2017", datetime.date(2016, 10, 1)),
    # Seed 000: the help page of the original registry (status definitions and FAQ).
    ProgramDocument("registry_help", "PTCS Online Site Registry help", ""),
    # The paper forms of the contractor packet (004 L189-262 heat pump, L333-392 duct sealing).
    ProgramDocument("ashp_form", "PTCS Air Source Heat Pump Form", "2017"),
    ProgramDocument("duct_form", "PTCS Duct Sealing Form", "2015"),
    # 003 L10224-10226 and L10228-10230.
    ProgramDocument("gshp_closed_loop", "Ground Source Heat Pump System Installation Standards",
                    "2011", datetime.date(2011, 10, 4)),
    ProgramDocument("gshp_open_loop",
                    "PTCS Ground Water Source Open Loop Heat Pump Installation Specification",
                    "2015", datetime.date(2015, 4, 1)),
    # The federal standards for split-system heat pumps, 10 CFR 430.32(c). 8.2 HSPF from
    # Jan 1, 2015 is in seed 003 L913-915; the rest is outside the seeds [EXT].
    ProgramDocument("doe_heat_pumps",
                    "DOE energy conservation standards for residential central heat pumps, "
                    "10 CFR 430.32(c)", "2006", datetime.date(2006, 1, 23)),
    ProgramDocument("doe_heat_pumps",
                    "DOE energy conservation standards for residential central heat pumps, "
                    "10 CFR 430.32(c)", "2015", datetime.date(2015, 1, 1)),
    ProgramDocument("doe_heat_pumps",
                    "DOE energy conservation standards for residential central heat pumps, "
                    "10 CFR 430.32(c)", "2023", datetime.date(2023, 1, 1)),
    # The balance point change of Oct 1, 2019 (program newsletter).
    ProgramDocument("program_change_2019", "PTCS program change", "1 Oct 2019",
                    datetime.date(2019, 10, 1)),
    # Where the program documents are silent the registry chooses, and says so: these choices
    # are named values of the rule set, with their rationale on the rule set page.
    ProgramDocument("registry_rule_set",
                    "PTCS Site Registry rule set (where the program documents are silent)", ""),
    # The Site Registry's own rules for data it keeps (dated rule sets, address review).
    ProgramDocument("registry_rules", "PTCS Site Registry rules", ""),
)
# fmt: on


def document(key: str, on: datetime.date | None = None) -> ProgramDocument:
    """The edition of ``key`` in force on ``on`` (the newest when no date is given, or when
    every edition is later than the date). KeyError for a document the registry does not
    know: a typo in a rule must fail its tests, not print a wrong title."""
    editions = [d for d in DOCUMENTS if d.key == key]
    if not editions:
        raise KeyError(f"No program document {key!r}.")
    dated = sorted(editions, key=lambda d: d.effective_from or datetime.date.min)
    if on is not None:
        in_force = [d for d in dated if d.effective_from is None or d.effective_from <= on]
        if in_force:
            return in_force[-1]
    return dated[-1]


def title(key: str, on: datetime.date | None = None) -> str:
    """ "PTCS Duct Sealing Specification (2015)"."""
    doc = document(key, on)
    return f"{doc.title} ({doc.edition})" if doc.edition else doc.title


def cite(key: str, *sections: str, on: datetime.date | None = None) -> str:
    """The citation a person reads: the title and edition, then the sections, e.g.
    ``cite("im", "§10.8.2.1")`` → "BPA Implementation Manual (2016–2017), §10.8.2.1"."""
    head = title(key, on)
    return f"{head}, {', '.join(sections)}" if sections else head


def cite_all(*citations: str) -> str:
    """Several citations of one check, joined as a person reads them."""
    return "; ".join(citations)
