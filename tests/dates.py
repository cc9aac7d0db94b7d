"""Expected dates and times as a page shows them.

A template converts an aware datetime to the site's ``TIME_ZONE`` before formatting it; an
expected value built from the stored UTC instant (or from the machine's own zone) names the
wrong day for part of every day. Build every expected date or time through these helpers.
"""

from __future__ import annotations

import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone


def shown(value: datetime.date | datetime.datetime, fmt: str = "F j, Y") -> str:
    """``value`` formatted as ``{{ value|date:fmt }}`` renders it: local time first."""
    return date_filter(timezone.template_localtime(value), fmt)


def local_date(value: datetime.datetime) -> datetime.date:
    """The site's calendar date of an aware instant (``timezone.localdate``)."""
    return timezone.localdate(value)
