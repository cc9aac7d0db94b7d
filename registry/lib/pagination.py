"""Page-number pagination that stays fast on deep pages of a million jobs.

``OFFSET 50000 LIMIT 25`` on the full job query makes PostgreSQL fetch, join and throw away
fifty thousand joined rows. A deep page is therefore fetched in two steps ("deferred join"):
first the keys of the page's rows alone — an index-only scan of the index that matches the
ordering (jobs.models: job_territory_completed_idx, job_utility_recent_idx) — then those 25
rows with their joins. Pages near the start keep the single query (no extra round trip where
the offset is cheap), so the pinned query counts of first pages do not change.

The contract is Django's Paginator (page numbers, ``count``, ``num_pages``) and DRF's
PageNumberPagination (``count``, ``next``, ``previous``, ``results``): nothing changes for
a caller.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

#: From this offset on a page is fetched by keys first. Below it the plain LIMIT/OFFSET query
#: is as fast (measured on 1,000,000 jobs: bench/run.py) and one query cheaper.
DEFERRED_FROM_OFFSET = 500


class DeferredJoinPaginator(Paginator):
    """A Paginator over a QuerySet whose deep pages are read by key first. ``key``: a unique
    column that the ordering's index holds (default the primary key)."""

    def __init__(self, object_list, per_page, *args, key: str = "pk", **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.key = key

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_FROM_OFFSET:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # values_list() drops select_related: only the filter's joins and the ordering remain.
        keys = list(self.object_list.values_list(self.key, flat=True)[bottom:top])
        rows = {
            getattr(obj, self.key): obj
            for obj in self.object_list.filter(**{f"{self.key}__in": keys}).order_by()
        }
        return self._get_page([rows[k] for k in keys if k in rows], number, self)


class JobPagination(PageNumberPagination):
    """The jobs API's pages (PAGE_SIZE from settings), deep pages by key first."""

    django_paginator_class = DeferredJoinPaginator
