"""Deep pages read by key first (registry.lib.pagination) show exactly the rows plain OFFSET shows."""

import pytest
from django.core.paginator import Paginator

from jobs.models import Job
from registry.lib import pagination
from registry.lib.pagination import DeferredJoinPaginator
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["pk", "measure_id"])
def test_deep_pages_match_plain_offset_pages(monkeypatch, django_assert_num_queries, key):
    monkeypatch.setattr(pagination, "DEFERRED_FROM_OFFSET", 10)
    for status in [Job.Status.BPA_APPROVED] * 20 + [Job.Status.REJECTED] * 13:
        JobFactory(status=status)
    qs = Job.objects.select_related("site").order_by("status", "-measure_id")
    plain = Paginator(qs, 10)
    deferred = DeferredJoinPaginator(qs, 10, key=key)
    assert deferred.num_pages == plain.num_pages == 4  # the count, cached from here on
    expected = {number: list(plain.page(number)) for number in (1, 2, 3, 4)}
    with django_assert_num_queries(1):  # below the threshold: the plain query
        assert list(deferred.page(1)) == expected[1]
    for number in (2, 3, 4):
        with django_assert_num_queries(2):  # the page's keys, then its rows (site joined)
            page = deferred.page(number)
            assert [job.site.pk for job in page] == [job.site.pk for job in expected[number]]
        assert list(page) == expected[number]
    assert len(deferred.page(4)) == 3


def test_orphans_join_the_last_deep_page(monkeypatch):
    monkeypatch.setattr(pagination, "DEFERRED_FROM_OFFSET", 0)
    for _ in range(12):
        JobFactory()
    qs = Job.objects.order_by("-measure_id")
    page = DeferredJoinPaginator(qs, 5, orphans=2).page(2)
    assert list(page) == list(Paginator(qs, 5, orphans=2).page(2))
    assert len(page) == 7
