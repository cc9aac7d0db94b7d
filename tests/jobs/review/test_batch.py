"""The bi-weekly review batch (spec §7; seed 000 L29, L45-48): periods, idempotent opening,
round-robin assignment by territory, and the overdue flag. E-mails: test_batch_notice.py.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from jobs.review.batch import (
    current_period_start,
    flag_overdue_pending_jobs,
    review_batch_open,
    review_period_start,
)
from jobs.review.models import ReviewAssignment, ReviewBatch
from registry.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory

ANCHOR = datetime.date(2024, 1, 1)  # a Monday, the default REVIEW_ANCHOR_DATE
#: A Wednesday in the period that starts Monday 2024-06-03 (ANCHOR + 11 × 14 days).
TODAY = datetime.date(2024, 6, 5)
PERIOD = datetime.date(2024, 6, 3)


def pending_job(utility=None, *, days: float = 1, urgent: bool = False) -> Job:
    now = timezone.now()
    return JobFactory(
        status=Job.Status.BPA_PENDING,
        utility=utility,
        pending_since=now - timedelta(days=days),
        urgent_requested_at=now if urgent else None,
    )


def ptcs_staff(n: int, **kwargs) -> list[User]:
    return [UserFactory(role=User.Role.PTCS_STAFF, **kwargs) for _ in range(n)]


def load(batch: ReviewBatch) -> dict[int, int]:
    return dict(Counter(batch.assignments.values_list("reviewer_id", flat=True)))


# --- Periods (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (ANCHOR, ANCHOR),  # the anchor starts the first period
        (ANCHOR + timedelta(days=13), ANCHOR),  # the day before the next period
        (ANCHOR + timedelta(days=14), ANCHOR + timedelta(days=14)),  # the next period
        (ANCHOR + timedelta(days=15), ANCHOR + timedelta(days=14)),
        (ANCHOR - timedelta(days=1), ANCHOR - timedelta(days=14)),  # before the anchor
        (TODAY, PERIOD),
    ],
)
def test_the_period_starts_every_interval_from_the_anchor(today, expected):
    assert review_period_start(today, anchor=ANCHOR, interval_days=14) == expected


def test_an_interval_below_one_day_is_refused():
    with pytest.raises(ValueError, match="interval_days"):
        review_period_start(TODAY, anchor=ANCHOR, interval_days=0)


def test_the_current_period_follows_the_settings(settings):
    settings.REVIEW_ANCHOR_DATE = datetime.date(2024, 6, 4)
    settings.REVIEW_INTERVAL_DAYS = 7

    assert current_period_start(TODAY) == datetime.date(2024, 6, 4)
    assert current_period_start(datetime.date(2024, 6, 3)) == datetime.date(2024, 5, 28)


# --- Opening a batch ----------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_twice_in_a_period_makes_one_batch_without_duplicate_assignments():
    ptcs_staff(2)
    jobs = [pending_job() for _ in range(3)]

    first = review_batch_open(administrator="bpa", today=TODAY)
    second = review_batch_open(administrator="bpa", today=TODAY + timedelta(days=8))

    assert first == second
    assert first.period_start == PERIOD
    assert ReviewBatch.objects.count() == 1
    assert sorted(first.assignments.values_list("job_id", flat=True)) == sorted(
        job.pk for job in jobs
    )


@pytest.mark.django_db
def test_jobs_that_become_pending_later_in_the_period_are_assigned_on_the_next_run():
    a, b = ptcs_staff(2)
    pending_job()
    batch = review_batch_open(administrator="bpa", today=TODAY)
    assert load(batch) == {a.pk: 1}

    later = [pending_job(), pending_job()]
    review_batch_open(administrator="bpa", today=TODAY + timedelta(days=1))

    assert ReviewAssignment.objects.filter(job__in=later).count() == 2
    assert load(batch) == {a.pk: 2, b.pk: 1}  # b had fewest, then a (lower id) on a tie


@pytest.mark.django_db
def test_a_new_period_opens_a_new_batch_with_the_jobs_still_pending():
    ptcs_staff(1)
    job = pending_job()
    first = review_batch_open(administrator="bpa", today=TODAY)

    second = review_batch_open(administrator="bpa", today=PERIOD + timedelta(days=14))

    assert second != first
    assert second.period_start == PERIOD + timedelta(days=14)
    assert list(second.assignments.values_list("job_id", flat=True)) == [job.pk]


@pytest.mark.django_db
def test_seven_jobs_go_round_robin_to_three_reviewers_3_2_2():
    reviewers = ptcs_staff(3)
    jobs = [pending_job(days=10 - i) for i in range(7)]  # oldest first

    batch = review_batch_open(administrator="bpa", today=TODAY)

    a, b, c = (r.pk for r in reviewers)
    assert load(batch) == {a: 3, b: 2, c: 2}
    owner = dict(batch.assignments.values_list("job_id", "reviewer_id"))
    assert [owner[job.pk] for job in jobs] == [a, b, c, a, b, c, a]


@pytest.mark.django_db
def test_urgent_requests_are_handed_out_first():
    a, b = ptcs_staff(2)
    old = pending_job(days=9)
    urgent = pending_job(days=1, urgent=True)

    batch = review_batch_open(administrator="bpa", today=TODAY)

    owner = dict(batch.assignments.values_list("job_id", "reviewer_id"))
    assert owner == {urgent.pk: a.pk, old.pk: b.pk}


@pytest.mark.django_db
def test_energy_trust_jobs_go_to_energy_trust_staff_and_bpa_jobs_to_ptcs_staff(
    staff, energy_trust_staff, benton_rea, pacific_power
):
    bpa_jobs = {pending_job(benton_rea).pk, pending_job(None).pk}  # no utility: BPA's
    et_jobs = {pending_job(pacific_power).pk, pending_job(pacific_power).pk}

    bpa = review_batch_open(administrator="bpa", today=TODAY)
    energy_trust = review_batch_open(administrator="energy_trust", today=TODAY)

    assert set(bpa.assignments.values_list("job_id", flat=True)) == bpa_jobs
    assert set(bpa.assignments.values_list("reviewer_id", flat=True)) == {staff.pk}
    assert set(energy_trust.assignments.values_list("job_id", flat=True)) == et_jobs
    assert set(energy_trust.assignments.values_list("reviewer_id", flat=True)) == {
        energy_trust_staff.pk
    }


@pytest.mark.django_db
def test_inactive_reviewers_and_other_roles_are_not_assigned(staff, inspector, utility_user):
    ptcs_staff(1, is_active=False)
    UserFactory(username="root", is_superuser=True)  # may review, but is not on the rota
    for _ in range(3):
        pending_job()

    batch = review_batch_open(administrator="bpa", today=TODAY)

    assert load(batch) == {staff.pk: 3}


@pytest.mark.django_db
def test_only_pending_jobs_are_assigned(staff):
    pending = pending_job()
    JobFactory(status=Job.Status.BPA_APPROVED)
    JobFactory(status=Job.Status.IN_PROGRESS)

    batch = review_batch_open(administrator="bpa", today=TODAY)

    assert list(batch.assignments.values_list("job_id", flat=True)) == [pending.pk]


@pytest.mark.django_db
def test_without_reviewers_the_batch_opens_empty_with_a_warning(caplog, staff, pacific_power):
    pending_job(pacific_power)  # Energy Trust territory; only PTCS staff exist

    with caplog.at_level(logging.WARNING, logger="jobs.review.batch"):
        batch = review_batch_open(administrator="energy_trust", today=TODAY)

    assert batch is not None
    assert batch.assignments.count() == 0
    assert "no active reviewer" in caplog.text


@pytest.mark.django_db
def test_a_job_is_never_handed_to_the_reviewer_who_entered_or_corrected_it():
    a, b = ptcs_staff(2)
    entered_by_a = [pending_job(days=3), pending_job(days=2)]
    Job.objects.filter(pk__in=[j.pk for j in entered_by_a]).update(entered_by=a)
    corrected_by_b = pending_job(days=1)
    Job.objects.filter(pk=corrected_by_b.pk).update(corrected_by=b)

    batch = review_batch_open(administrator="bpa", today=TODAY)

    handed = dict(batch.assignments.values_list("job_id", "reviewer_id"))
    assert handed == {
        entered_by_a[0].pk: b.pk,
        entered_by_a[1].pk: b.pk,
        corrected_by_b.pk: a.pk,
    }


@pytest.mark.django_db
def test_a_job_only_its_own_reviewer_could_take_stays_unassigned(caplog, staff):
    own = pending_job()
    Job.objects.filter(pk=own.pk).update(entered_by=staff)
    other = pending_job()

    with caplog.at_level(logging.WARNING, logger="jobs.review.batch"):
        batch = review_batch_open(administrator="bpa", today=TODAY)

    assert dict(batch.assignments.values_list("job_id", "reviewer_id")) == {other.pk: staff.pk}
    assert f"Job {own.measure_id} " in caplog.text
    assert "own work" in caplog.text


@pytest.mark.django_db
def test_without_four_eyes_the_only_reviewer_gets_their_own_work(settings, staff):
    settings.REVIEW_FOUR_EYES = False
    own = pending_job()
    Job.objects.filter(pk=own.pk).update(entered_by=staff)

    batch = review_batch_open(administrator="bpa", today=TODAY)

    assert dict(batch.assignments.values_list("job_id", "reviewer_id")) == {own.pk: staff.pk}


@pytest.mark.django_db
def test_nothing_pending_opens_no_batch(staff):
    assert review_batch_open(administrator="bpa", today=TODAY) is None
    assert not ReviewBatch.objects.exists()


@pytest.mark.django_db
def test_an_unknown_administrator_is_refused():
    with pytest.raises(KeyError):
        review_batch_open(administrator="bonneville", today=TODAY)


@pytest.mark.django_db(transaction=True)
def test_two_runs_racing_to_open_the_batch_make_one_batch_and_assign_each_job_once():
    """Both runs find no batch and insert at once: the loser's insert waits on the unique
    index, fails with IntegrityError and reads the winner's batch; the batch lock then orders
    the assigning."""
    from django.db import IntegrityError, connection
    from django.db.models import QuerySet

    if connection.vendor != "postgresql":
        pytest.skip("Needs two concurrent connections: PostgreSQL (CI runs it).")
    ptcs_staff(2)
    jobs = [pending_job() for _ in range(4)]
    both_missed = threading.Barrier(2, timeout=30)
    real_create = QuerySet.create
    inserts = []

    def create_together(queryset, **kwargs):
        if queryset.model is not ReviewBatch:
            return real_create(queryset, **kwargs)
        both_missed.wait()  # both runs looked the batch up and found none
        try:
            obj = real_create(queryset, **kwargs)
        except IntegrityError:
            inserts.append("lost")
            raise
        inserts.append("won")
        return obj

    results, errors = [], []

    def run():
        try:
            results.append(review_batch_open(administrator="bpa", today=TODAY).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(QuerySet, "create", create_together):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sorted(inserts) == ["lost", "won"]
    assert len(set(results)) == 1
    assert ReviewBatch.objects.count() == 1
    assigned = sorted(ReviewAssignment.objects.values_list("job_id", flat=True))
    assert assigned == sorted(job.pk for job in jobs)
    assert sorted(load(ReviewBatch.objects.get()).values()) == [2, 2]


# --- Command and schedule -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_opens_one_administrators_batch_of_a_given_date(
    capsys, staff, energy_trust_staff, pacific_power
):
    pending_job()
    pending_job(pacific_power)

    call_command("open_review_batch", "--administrator", "energy_trust", "--date", "2024-06-05")
    call_command("open_review_batch", "--administrator", "energy_trust", "--date", "2024-06-16")

    batch = ReviewBatch.objects.get()
    assert (batch.administrator, batch.period_start) == ("energy_trust", PERIOD)
    assert "Energy Trust of Oregon review batch of 2024-06-03: 1 job(s) assigned." in (
        capsys.readouterr().out
    )


def test_the_command_refuses_a_loose_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("open_review_batch", "--date", "June 5")


def test_beat_runs_the_batch_daily_at_the_batch_hour_and_the_flagger_daily(settings):
    schedule = celery_app.conf.beat_schedule

    batch = schedule["open-review-batches"]
    assert batch["task"] == "jobs.tasks.open_review_batches"
    assert batch["schedule"].hour == {settings.REVIEW_BATCH_HOUR}
    assert batch["schedule"].day_of_month == set(range(1, 32))
    flagger = schedule["flag-overdue-review-jobs"]
    assert flagger["task"] == "jobs.tasks.flag_overdue_review_jobs"
    assert len(flagger["schedule"].hour) == 1
    assert flagger["task"] in celery_app.tasks
    assert batch["task"] in celery_app.tasks


# --- Overdue flag (REVIEW_OVERDUE_DAYS = 14) ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("waited", "flagged"),
    [
        (timedelta(days=14) - timedelta(seconds=1), False),
        (timedelta(days=14), False),  # "longer than": exactly 14 days is not overdue yet
        (timedelta(days=14) + timedelta(seconds=1), True),
    ],
)
def test_a_job_pending_longer_than_14_days_is_flagged_overdue(waited, flagged):
    now = timezone.now()
    job = JobFactory(status=Job.Status.BPA_PENDING, pending_since=now - waited)

    assert flag_overdue_pending_jobs(now=now) == int(flagged)

    job.refresh_from_db()
    assert (job.overdue_flagged_at == now) is flagged


@pytest.mark.django_db
def test_the_overdue_flag_is_set_once_and_only_on_pending_jobs(capsys):
    long_ago = timezone.now() - timedelta(days=30)
    job = JobFactory(status=Job.Status.BPA_PENDING, pending_since=long_ago)
    JobFactory(status=Job.Status.BPA_APPROVED, pending_since=long_ago)

    call_command("flag_overdue_reviews")
    job.refresh_from_db()
    first = job.overdue_flagged_at
    call_command("flag_overdue_reviews")

    job.refresh_from_db()
    assert first is not None
    assert job.overdue_flagged_at == first
    assert capsys.readouterr().out.splitlines() == [
        "Flagged 1 overdue pending job(s).",
        "Flagged 0 overdue pending job(s).",
    ]
    assert not Job.objects.filter(status=Job.Status.BPA_APPROVED, overdue_flagged_at__isnull=False)
