"""Jobs for the payments page, dashboard and API tests (tests/utilities/payments/test_views.py,
dashboard/test_views.py, test_api.py): rows written directly with JobFactory, as the services
would leave them."""

from __future__ import annotations

import datetime

from jobs.models import Job
from tests.accounts.factories import UtilityFactory
from tests.jobs.factories import JobFactory
from utilities.models import Utility

APPROVED = Job.Status.BPA_APPROVED


def clark() -> Utility:
    """A second BPA utility: its jobs are never Benton REA's."""
    return UtilityFactory(name="Clark Public Utilities", zips=["98660"])


def job(
    utility: Utility | None,
    install_date: datetime.date,
    *,
    measure_type: str = Job.MeasureType.ASHP,
    status: str = APPROVED,
    category: str = "conversion",
    home_type: str = "existing_site_built",
    **data,
) -> Job:
    return JobFactory(
        utility=utility,
        install_date=install_date,
        measure_type=measure_type,
        status=status,
        category=category if measure_type in ("ashp", "vshp") else "",
        data={"home_type": home_type, **data},
    )
