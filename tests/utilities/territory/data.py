"""Jobs of two territories for the territory search tests (tests/utilities, tests/browser).

Benton REA (``utility_user``'s utility): three completed jobs and one In Progress. Pacific
Power (``other_utility_user``, Energy Trust territory): one completed job by the *same*
technician and company as two Benton jobs, installed and completed on the same days as one of
them, so a filter on any of those would show it if scoping were wrong.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import load_workbook

from jobs.models import Job
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, SiteFactory
from tests.technicians.factories import CompanyFactory, TechnicianProfileFactory


def local(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@dataclass
class Territory:
    ashp: Job  # Benton REA, BPA Approved heat pump at 100 Meade Ave, Prosser
    duct: Job  # Benton REA, PTCS-Certified Only duct sealing at 7 Vineyard Dr, Benton City
    gshp: Job  # Benton REA, BPA Pending ground source heat pump
    in_progress: Job  # Benton REA, saved with Save Progress
    pacific: Job  # Pacific Power, BPA Approved heat pump at 500 Commercial St SE, Salem

    @property
    def benton_completed(self) -> list[Job]:
        return [self.ashp, self.duct, self.gshp]

    @property
    def everything(self) -> list[Job]:
        return [*self.benton_completed, self.in_progress, self.pacific]


def _site(street: str, city: str, state: str, zip_code: str):
    return SiteFactory(street_address=street, city=city, state=state, zip_code=zip_code)


def make_territory(benton_rea, pacific_power) -> Territory:
    columbia = CompanyFactory(name="Columbia Comfort Heating")
    ducts = CompanyFactory(name="Tri-Cities Duct Works")
    rita = TechnicianProfileFactory(
        user=UserFactory(username="rita-rivera", first_name="Rita", last_name="Rivera"),
        company=columbia,
    )
    dale = TechnicianProfileFactory(
        user=UserFactory(username="dale-duct", first_name="Dale", last_name="Dunn"),
        company=ducts,
    )
    ashp = JobFactory(
        measure_type=Job.MeasureType.ASHP,
        status=Job.Status.BPA_APPROVED,
        site=_site("100 MEADE AVE", "PROSSER", "WA", "99350"),
        technician=rita,
        utility=benton_rea,
        install_date=datetime.date(2024, 3, 1),
        completed_at=local(2024, 3, 4),
        ruleset="ptcs-2019-10",
        category="conversion",
        data={"make": "Acme", "hspf": 9.5, "seer": 16.0, "return_static": -0.3},
        computed={"external_static": 0.5, "cfm_per_ton": 400.0},
    )
    duct = JobFactory(
        measure_type=Job.MeasureType.DUCT_SEALING_PTCS,
        status=Job.Status.PTCS_CERTIFIED_ONLY,
        site=_site("7 VINEYARD DR", "BENTON CITY", "WA", "99320"),
        technician=dale,
        utility=benton_rea,
        install_date=datetime.date(2024, 5, 10),
        completed_at=local(2024, 5, 12),
        ruleset="ptcs-2019-10",
        data={"pre_cfm50": 400.0, "post_cfm50": 100.0, "meets_specification": True},
        computed={"pre_cfm50_used": 400.0, "post_cfm50_used": 100.0, "reduction": 0.75},
    )
    gshp = JobFactory(
        measure_type=Job.MeasureType.GSHP,
        status=Job.Status.BPA_PENDING,
        site=_site("31 RIVER RD", "PROSSER", "WA", "99350"),
        technician=rita,
        utility=benton_rea,
        install_date=datetime.date(2024, 7, 20),
        completed_at=local(2024, 7, 22),
    )
    in_progress = JobFactory(
        measure_type=Job.MeasureType.DUCT_SEALING_PTCS,
        status=Job.Status.IN_PROGRESS,
        site=_site("9 SAGEBRUSH LN", "PROSSER", "WA", "99350"),
        technician=rita,
        utility=benton_rea,
        install_date=datetime.date(2024, 8, 1),
    )
    pacific = JobFactory(
        measure_type=Job.MeasureType.ASHP,
        status=Job.Status.BPA_APPROVED,
        site=_site("500 COMMERCIAL ST SE", "SALEM", "OR", "97301"),
        technician=rita,
        utility=pacific_power,
        install_date=datetime.date(2024, 3, 1),
        completed_at=local(2024, 3, 4),
        data={"make": "Pacific Secret Co", "hspf": 10.0},
    )
    return Territory(ashp, duct, gshp, in_progress, pacific)


def csv_rows(response) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV export response as (header, rows as dicts)."""
    text = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [dict(zip(header, line, strict=True)) for line in reader]


def xlsx_rows(response) -> tuple[list[str], list[dict]]:
    """An Excel export response as (header, rows as dicts), read back with openpyxl."""
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = list(workbook.active.iter_rows(values_only=True))
    header = list(lines[0])
    return header, [dict(zip(header, line, strict=True)) for line in lines[1:]]
