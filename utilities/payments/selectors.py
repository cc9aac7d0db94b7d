"""Reads for the payments page: the claimable jobs of a territory with their BPA category and
amount (spec §6), and the totals per month and per measure category.

The PaymentRate rows are loaded once (``rate_table``) and every job is priced in Python by the
pure rules of ``utilities.payments.rules``, so the page costs the same few queries for 5 jobs or 500.
Each job's heating and cooling zones (those of its site's ZIP code in the zone map, ClimateZone)
come with the jobs' own query (``with_zones``), not one query per job.

Months are **install months**: the install date decides the rate (domain-rules §0), and the
manual's editions start on the first of a month (Apr 1, Oct 1; 003 L104-106, L812-814), so
every job of one month is paid from the same edition. A job entered late therefore still
counts in the month it was installed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, OuterRef, QuerySet, Subquery

from jobs.models import Job
from jobs.selectors import jobs_visible_to
from utilities.models import ClimateZone, PaymentRate, Utility
from utilities.payments import rules as payments

CATEGORY_LABELS = dict(PaymentRate.Category.choices)
CATEGORY_ORDER = {value: index for index, value in enumerate(PaymentRate.Category.values)}


def rate_table() -> tuple[payments.Rate, ...]:
    """Every payment-table row, as plain tuples (one query)."""
    rows = PaymentRate.objects.order_by("category", "effective_from").values_list(
        "category",
        "amount",
        "effective_from",
        "effective_to",
        "source",
        "heating_zone",
        "cooling_zone",
    )
    return tuple(payments.Rate._make(row) for row in rows)


def payable_jobs(user, *, utility: Utility | None, year: int | None) -> QuerySet[Job]:
    """The jobs of ``user``'s territory that could carry a BPA payment: a claimable status
    (seed 000 L23-25) at a BPA utility ("Energy Trust customers are not served by BPA",
    000 L59). ``utility`` narrows to one utility; ``year`` to one install year."""
    qs = jobs_visible_to(user).filter(
        status__in=payments.CLAIMABLE_STATUSES,
        utility__program_administrator=Utility.ProgramAdministrator.BPA,
    )
    if utility is not None:
        qs = qs.filter(utility=utility)
    if year is not None:
        qs = qs.filter(install_date__year=year)
    return qs


def with_zones(qs: QuerySet[Job]) -> QuerySet[Job]:
    """``qs`` with each job's ``heating_zone`` and ``cooling_zone``: those of its site's ZIP
    code in the zone map, None when the map lacks it (in the jobs' own query)."""
    zone = ClimateZone.objects.filter(zip_code=OuterRef("site__zip_code"))
    return qs.annotate(
        heating_zone=Subquery(zone.values("heating_zone")[:1]),
        cooling_zone=Subquery(zone.values("cooling_zone")[:1]),
    )


def latest_install_year(qs: QuerySet[Job]) -> int | None:
    """The most recent install year in ``qs``: the year a report opens on (one query)."""
    latest = qs.aggregate(latest=Max("install_date"))["latest"]
    return latest.year if latest else None


@dataclass(frozen=True)
class JobPayment:
    job: Job
    payment: payments.Payment

    @property
    def month(self) -> datetime.date | None:
        day = self.job.install_date
        return day.replace(day=1) if day else None

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.payment.category or "", "—")

    @property
    def heating_zone(self) -> int | None:
        return getattr(self.job, "heating_zone", None)

    @property
    def cooling_zone(self) -> int | None:
        return getattr(self.job, "cooling_zone", None)

    @property
    def zones_label(self) -> str:
        """The site's zones ("heating 2, cooling 3"), or that its ZIP code is not in the zone
        map."""
        if self.heating_zone is None:
            zip_code = self.job.site.zip_code if self.job.site_id else ""
            return f"ZIP {zip_code} not in the zone map" if zip_code else "not in the zone map"
        return f"heating {self.heating_zone}, cooling {self.cooling_zone}"


def price(jobs: Iterable[Job], rates: tuple[payments.Rate, ...]) -> list[JobPayment]:
    """Each job with its payment decision (no query beyond iterating ``jobs``). The site's
    zones are read from ``with_zones``'s annotations (none: unknown zones)."""
    priced = []
    for job in jobs:
        data = job.data if isinstance(job.data, dict) else {}
        decision = payments.assess(
            measure_type=job.measure_type,
            status=job.status,
            category=job.category or None,
            home_type=data.get("home_type"),
            desuperheater=data.get("desuperheater"),
            program_administrator=job.utility.program_administrator if job.utility else None,
            install_date=job.install_date,
            rates=rates,
            heating_zone=getattr(job, "heating_zone", None),
            cooling_zone=getattr(job, "cooling_zone", None),
            zip_code=job.site.zip_code if job.site_id else None,
        )
        priced.append(JobPayment(job, decision))
    return priced


@dataclass(frozen=True)
class Line:
    """A count and a total: one cell group of the summary tables."""

    label: str
    count: int
    total: Decimal


@dataclass(frozen=True)
class MonthSummary:
    month: datetime.date
    lines: tuple[Line, ...]  # one per measure category, in the manual's order
    count: int
    total: Decimal


@dataclass(frozen=True)
class PaymentReport:
    claimable: tuple[JobPayment, ...]
    #: Would be claimable, but no rate covers the install date (or there is none): staff act.
    unpriced: tuple[JobPayment, ...]
    months: tuple[MonthSummary, ...]
    categories: tuple[Line, ...]
    count: int
    total: Decimal


def summarise(priced: Iterable[JobPayment]) -> PaymentReport:
    """Totals per install month × category and per category (pure: no query)."""
    claimable, unpriced = [], []
    for item in priced:
        if item.payment.claimable:
            claimable.append(item)
        elif item.payment.category:  # a category but no rate or no install date
            unpriced.append(item)

    cells: dict[tuple[datetime.date, str], list[Decimal]] = defaultdict(list)
    by_category: dict[str, list[Decimal]] = defaultdict(list)
    for item in claimable:
        amount = item.payment.amount or Decimal(0)
        cells[(item.month, item.payment.category)].append(amount)
        by_category[item.payment.category].append(amount)

    months = []
    for month in sorted({month for month, _ in cells}):
        keys = sorted((c for m, c in cells if m == month), key=CATEGORY_ORDER.get)
        lines = tuple(
            Line(CATEGORY_LABELS[c], len(cells[(month, c)]), sum(cells[(month, c)], Decimal(0)))
            for c in keys
        )
        months.append(
            MonthSummary(
                month=month,
                lines=lines,
                count=sum(line.count for line in lines),
                total=sum((line.total for line in lines), Decimal(0)),
            )
        )
    categories = tuple(
        Line(CATEGORY_LABELS[c], len(by_category[c]), sum(by_category[c], Decimal(0)))
        for c in sorted(by_category, key=CATEGORY_ORDER.get)
    )
    return PaymentReport(
        claimable=tuple(claimable),
        unpriced=tuple(unpriced),
        months=tuple(months),
        categories=categories,
        count=len(claimable),
        total=sum((item.payment.amount or Decimal(0) for item in claimable), Decimal(0)),
    )


def payment_report(user, *, utility: Utility | None, year: int | None) -> PaymentReport:
    """The payments page's numbers for ``user``'s territory: two queries (rates, jobs with
    their zones)."""
    rates = rate_table()
    jobs = with_zones(payable_jobs(user, utility=utility, year=year)).order_by(
        "install_date", "measure_id"
    )
    return summarise(price(jobs, rates))
