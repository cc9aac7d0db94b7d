"""Which BPA payment a job may be claimed for, and at what rate (spec §6; seed 003 §10.8.2).

Pure rules: plain values in, a decision out; no ORM, no request. The rates come
in as ``Rate`` tuples (utilities.payments.selectors loads the PaymentRate rows once per page),
so a test hands over the rows it needs and the manual's next edition is data, not code.

A job is paid at the rate **in force on its install date** (domain-rules §0: the rule set in
force on the install date decides). Periods include both ends: the manufactured-home duct row
ends on Sep 30, 2017 because the Oct 1, 2017 notice lowers that payment (003 L1249-1291).

A row may be limited to a heating and/or cooling zone, as BPA's zone tables are (heat pump
credits by "h1–h3 × c1–c3", seed 002 L28-51): a job is paid from the row of its site's zones
when there is one, else from the row for any zone. The seeded 2017 rows are for any zone
(003 §10.8.2 pays one amount everywhere), so zones change nothing until staff add zone rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from jobs.rules.documents import cite
from jobs.rules.types import AIR_SOURCE, DUCT_MEASURES, MeasureType, Status
from utilities.administrators import ENERGY_TRUST

BPA_APPROVED = Status.BPA_APPROVED
PTCS_CERTIFIED_ONLY = Status.PTCS_CERTIFIED_ONLY
GSHP = MeasureType.GSHP
DUCT_SEALING = DUCT_MEASURES

#: Statuses that may be claimed at all: "BPA Approved … can be claimed for payment by BPA
#: utilities" (seed 000 L23); PTCS-Certified Only heat pumps "may be claimed for a CC&S
#: payment, if the utility offers this measure" (000 L25).
CLAIMABLE_STATUSES = frozenset({BPA_APPROVED, PTCS_CERTIFIED_ONLY})


class Rate(NamedTuple):
    """One payment-table row (utilities.models.PaymentRate as a plain tuple)."""

    category: str
    amount: Decimal
    effective_from: datetime.date
    effective_to: datetime.date | None
    source: str
    heating_zone: int | None = None  # None: any heating zone
    cooling_zone: int | None = None  # None: any cooling zone

    def covers(self, day: datetime.date) -> bool:
        """In force on ``day``: both ends of the period count."""
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    @property
    def zoned(self) -> bool:
        return self.specificity > 0

    def fits(self, heating_zone: int | None, cooling_zone: int | None) -> bool:
        """For a site in these zones; a zone row never fits a site whose zone is unknown."""
        return (self.heating_zone is None or self.heating_zone == heating_zone) and (
            self.cooling_zone is None or self.cooling_zone == cooling_zone
        )

    @property
    def specificity(self) -> int:
        """How many zones the row names: the row naming more of the site's zones wins."""
        return (self.heating_zone is not None) + (self.cooling_zone is not None)


class Reason(StrEnum):
    CLAIMABLE = "claimable"
    ENERGY_TRUST = "energy_trust"
    NO_UTILITY = "no_utility"
    NOT_CLAIMABLE = "not_claimable"
    NO_INSTALL_DATE = "no_install_date"
    NO_RATE = "no_rate"
    NO_ZONE = "no_zone"


@dataclass(frozen=True)
class Payment:
    """The payment decision for one job: a category and the rate in force, or why there is none."""

    category: str | None
    rate: Rate | None
    reason: Reason
    message: str
    source: str

    @property
    def claimable(self) -> bool:
        return self.reason == Reason.CLAIMABLE

    @property
    def amount(self) -> Decimal | None:
        return self.rate.amount if self.rate else None


def payment_category(
    measure_type: str,
    status: str,
    category: str | None,
    home_type: str | None,
    desuperheater: bool | None,
) -> str | None:
    """The PaymentRate.Category a job may be claimed under, or None when it has none.

    ``category`` is the engine's conversion / upgrade / ccs for ASHP and VSHP
    (jobs.rules.heat_pump.category; domain-rules §2.2).
    """
    if status == BPA_APPROVED:
        if measure_type in AIR_SOURCE:
            # Seed 003 §10.8.2.1 payment table (L10083-10093): upgrade $500 / $700, conversion
            # $1,400 / $1,600 (ASHP / VSHP); a BPA Approved job categorised CC&S is paid as CC&S.
            if category in ("conversion", "upgrade"):
                return f"{measure_type}_{category}"
            if category == "ccs":
                return "ccs"
            return None  # no category recorded: nothing to claim until staff set one
        if measure_type == GSHP:
            # Seed 003 §10.8.2.2 (L10294-10298): with / without DeSuperheater. Only a recorded
            # "yes" is paid as with one; anything else gets the lower, without, row.
            return "gshp_desuperheater" if desuperheater is True else "gshp_no_desuperheater"
        if measure_type in DUCT_SEALING:
            # Seed 003 §10.8.2.3 (L10458-10462): one table for PTCS and Prescriptive sealing,
            # manufactured homes and existing single-family homes; new construction is not a
            # duct sealing measure (003 L10339-10353), so it has no row.
            if home_type == "manufactured":
                return "duct_sealing_manufactured"
            if home_type == "existing_site_built":
                return "duct_sealing_site_built"
            return None
        return None
    if status == PTCS_CERTIFIED_ONLY and measure_type in AIR_SOURCE:
        # Seed 000 L25: "The heat pump may be claimed for a CC&S payment, if the utility offers
        # this measure." CC&S is an air source / variable speed measure (003 L9992-9998), so a
        # ground source heat pump never falls here; PTCS-Certified Only ducts have no payment.
        return "ccs"
    # Record Only, PTCS-Certified Only ducts, BPA Pending, Rejected, In Progress: nothing.
    return None


def rate_on(
    category: str,
    day: datetime.date,
    rates: Iterable[Rate | tuple],
    heating_zone: int | None = None,
    cooling_zone: int | None = None,
) -> Rate | None:
    """The row of ``category`` in force on ``day`` for a site in these zones; None when no row
    covers that day (for those zones).

    A row for the site's zones wins over a row for any zone (a row naming both zones over one
    naming one). Rows of one category and zones should not overlap (staff close a row when the
    next manual starts); if they do, the row that started last wins, as the newer manual
    replaces the older.
    """
    covering = [
        rate
        for rate in (Rate(*row) for row in rates)
        if rate.category == category and rate.covers(day) and rate.fits(heating_zone, cooling_zone)
    ]
    return max(covering, key=lambda rate: (rate.specificity, rate.effective_from), default=None)


def zone_rows_only(category: str, day: datetime.date, rates: Iterable[Rate | tuple]) -> bool:
    """Whether ``category``'s rows in force on ``day`` are all for particular zones (so a site
    whose zones are unknown cannot be priced)."""
    covering = [
        rate
        for rate in (Rate(*row) for row in rates)
        if rate.category == category and rate.covers(day)
    ]
    return bool(covering) and all(rate.zoned for rate in covering)


def no_rate_message(
    day: datetime.date, heating_zone: int | None = None, cooling_zone: int | None = None
) -> str:
    """What the payments page says when no row covers the install date (for the site's
    zones, when the rows in force are all for particular zones)."""
    zones = ""
    if heating_zone is not None:
        zones = f" for heating zone {heating_zone}, cooling zone {cooling_zone}"
    return (
        f"No payment table{zones} in force on {day:%b} {day.day}, {day.year}; "
        "PTCS staff add the manual's rows."
    )


def assess(
    *,
    measure_type: str,
    status: str,
    category: str | None,
    home_type: str | None,
    desuperheater: bool | None,
    program_administrator: str | None,
    install_date: datetime.date | None,
    rates: Iterable[Rate | tuple],
    heating_zone: int | None = None,
    cooling_zone: int | None = None,
    zip_code: str | None = None,
) -> Payment:
    """The payment decision for one job: its category and the rate in force on its install
    date for its site's zones, or the reason it has none (shown on the payments page).
    ``heating_zone``/``cooling_zone``: the site's zones from the zone map, None when the map
    lacks its ``zip_code``."""
    if program_administrator == ENERGY_TRUST:
        return Payment(
            None,
            None,
            Reason.ENERGY_TRUST,
            "Energy Trust customers are not served by BPA: no BPA payment applies.",
            cite("registry_help", "FAQ"),  # seed 000 L59
        )
    if not program_administrator:
        return Payment(
            None,
            None,
            Reason.NO_UTILITY,
            "No electric utility is recorded for this job, so no utility can claim it.",
            cite("registry_rules", "utilities claim the jobs in their territory"),  # spec §6
        )
    pay_category = payment_category(measure_type, status, category, home_type, desuperheater)
    if pay_category is None:
        return Payment(
            None,
            None,
            Reason.NOT_CLAIMABLE,
            "Only BPA Approved jobs, and PTCS-Certified Only heat pumps (as CC&S), are claimed "
            "for a BPA payment.",
            cite("registry_help", "Measure Status Definitions"),  # seed 000 L23-25
        )
    if install_date is None:
        return Payment(
            pay_category,
            None,
            Reason.NO_INSTALL_DATE,
            "No install date: the rate depends on the date the job was installed.",
            cite("registry_rules", "dated rule sets"),  # domain-rules §0
        )
    rates = tuple(rates)
    rate = rate_on(pay_category, install_date, rates, heating_zone, cooling_zone)
    if rate is None and heating_zone is None and zone_rows_only(pay_category, install_date, rates):
        where = f"ZIP {zip_code} is" if zip_code else "The site's ZIP code is"
        return Payment(
            pay_category,
            None,
            Reason.NO_ZONE,
            f"{where} not in the registry's zone map, and this payment depends on the zone; "
            "PTCS staff add the ZIP code to the zone map.",
            # Seed 002 L28-51: payments by heating and cooling zone.
            cite("im", "§10.8.2 payment tables by heating and cooling zone"),
        )
    if rate is None:
        source = cite("im", "§10.8.2 payment tables")  # seed 003 §10.8.2
        message = no_rate_message(install_date)
        if zone_rows_only(pay_category, install_date, rates):
            message = no_rate_message(install_date, heating_zone, cooling_zone)
        return Payment(pay_category, None, Reason.NO_RATE, message, source)
    message = "Claimable."
    if pay_category == "ccs" and status == PTCS_CERTIFIED_ONLY:
        message = "Claimable as CC&S if your utility offers this measure."
    return Payment(pay_category, rate, Reason.CLAIMABLE, message, rate.source)
