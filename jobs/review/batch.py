"""The bi-weekly review batch of BPA Pending jobs (spec §7; seed 000 L29, L45-48).

Every REVIEW_INTERVAL_DAYS, counted from REVIEW_ANCHOR_DATE, each program administrator gets one
``ReviewBatch``: its pending jobs are handed round-robin to its active reviewers (PTCS staff for
BPA territory, program administrator staff for Energy Trust territory) and each reviewer is
e-mailed their list once (``jobs.review.tasks.send_reviewer_notice``). Jobs waiting longer than
REVIEW_OVERDUE_DAYS are flagged. The tasks in ``jobs.review.tasks`` and the management commands
``open_review_batch`` and ``flag_overdue_reviews`` call these functions.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from jobs.review import rules
from jobs.review.models import ReviewAssignment, ReviewBatch, ReviewerNotice
from utilities import administrators

logger = logging.getLogger(__name__)

#: Every program administrator, in the order the batches are opened.
ADMINISTRATORS = administrators.ADMINISTRATORS
#: Who reviews whose territory, by primary role.
REVIEWER_ROLE = administrators.DECIDING_ROLE


def _review_order(prefix: str = "") -> tuple:
    """Urgent requests first (seed 000 L29: "more immediate review"), then the longest
    waiting; the measure ID makes the order total, so reruns assign and list alike."""
    return (
        F(f"{prefix}urgent_requested_at").asc(nulls_last=True),
        F(f"{prefix}pending_since").asc(nulls_last=True),
        f"{prefix}measure_id",
    )


def review_period_start(
    today: datetime.date, *, anchor: datetime.date, interval_days: int
) -> datetime.date:
    """The first day of the ``interval_days``-long period containing ``today``, periods being
    counted from ``anchor`` (also backwards: a day before the anchor is in an earlier period)."""
    if interval_days < 1:
        raise ValueError("interval_days must be at least 1.")
    offset = (today - anchor).days
    return anchor + datetime.timedelta(days=offset - offset % interval_days)


def current_period_start(today: datetime.date | None = None) -> datetime.date:
    return review_period_start(
        today or timezone.localdate(),
        anchor=settings.REVIEW_ANCHOR_DATE,
        interval_days=settings.REVIEW_INTERVAL_DAYS,
    )


def reviewers_of(administrator: str) -> QuerySet[User]:
    """The active reviewers of an administrator's territory, in rotation order (by id)."""
    return User.objects.filter(is_active=True, role=REVIEWER_ROLE[administrator]).order_by("pk")


def pending_jobs_of(administrator: str) -> QuerySet[Job]:
    """BPA Pending jobs of the administrator's territory (utilities.administrators)."""
    return Job.objects.filter(
        administrators.jobs_of({administrator}), status=Job.Status.BPA_PENDING
    )


def review_batch_open(
    *, administrator: str, today: datetime.date | None = None
) -> ReviewBatch | None:
    """Open the review batch of the period containing ``today`` and assign its pending jobs.

    Idempotent per period: the batch is got or created (``reviewbatch_one_per_period``; a
    concurrent run that loses the insert race reads the winner's row), and only jobs not yet
    assigned in this batch are assigned, so a rerun in the same period assigns exactly the
    jobs that became pending since. Each job goes to the active reviewer with the fewest
    assignments in the batch (ties: lowest id), which is round-robin from the first run on;
    never to the reviewer who entered or last corrected it (four eyes, REVIEW_FOUR_EYES), and
    a job that only such a reviewer could take is left unassigned.

    Returns None, creating nothing, when the period has no batch yet and nothing is pending.
    Without active reviewers the batch is opened without assignments and a warning is logged
    (the jobs are assigned by a later run once a reviewer exists). No e-mail is sent here:
    ``jobs.review.tasks.open_review_batches`` queues the notices after commit.
    Raises KeyError for an unknown administrator.
    """
    reviewer_role = REVIEWER_ROLE[administrator]
    period_start = current_period_start(today)
    pending = pending_jobs_of(administrator)
    with transaction.atomic():
        batch = ReviewBatch.objects.filter(
            administrator=administrator, period_start=period_start
        ).first()
        if batch is None:
            if not pending.exists():
                return None
            # get_or_create inserts inside a savepoint and, on the IntegrityError of a
            # concurrent run's committed insert, reads that row instead.
            batch, created = ReviewBatch.objects.get_or_create(
                administrator=administrator, period_start=period_start
            )
            if created:
                logger.info("Opened the %s review batch of %s.", administrator, period_start)
        # Lock the batch row: two runs at once assign one after the other, and the second
        # sees the first's assignments (no job assigned twice, no unfair rotation).
        batch = ReviewBatch.objects.select_for_update().get(pk=batch.pk)
        jobs = list(
            pending.exclude(review_assignments__batch=batch)
            .order_by(*_review_order())
            .values_list("pk", "measure_id", "entered_by_id", "corrected_by_id")
        )
        if not jobs:
            return batch
        reviewers = list(reviewers_of(administrator).values_list("pk", flat=True))
        if not reviewers:
            logger.warning(
                "The %s review batch of %s has %d pending job(s) but no active reviewer "
                "(role %s): nothing was assigned.",
                administrator,
                period_start,
                len(jobs),
                reviewer_role,
            )
            return batch
        load = Counter({pk: 0 for pk in reviewers})
        load.update(
            batch.assignments.filter(reviewer__in=reviewers).values_list("reviewer_id", flat=True)
        )
        rows = []
        for job_id, measure_id, entered_by_id, corrected_by_id in jobs:
            # Four eyes: never hand a job to the reviewer who entered or last corrected it.
            # With no one else to decide it (one reviewer, REVIEW_FOUR_EYES on) it stays
            # unassigned, in the queue, for a later run once another reviewer exists.
            deciders = [
                pk
                for pk in reviewers
                if not rules.own_work(
                    pk,
                    entered_by_id=entered_by_id,
                    corrected_by_id=corrected_by_id,
                    four_eyes=settings.REVIEW_FOUR_EYES,
                )
            ]
            if not deciders:
                logger.warning(
                    "Job %d of the %s review batch of %s is its only reviewer's own work "
                    "(REVIEW_FOUR_EYES): not assigned.",
                    measure_id,
                    administrator,
                    period_start,
                )
                continue
            reviewer_id = min(deciders, key=lambda pk: (load[pk], pk))
            load[reviewer_id] += 1
            rows.append(ReviewAssignment(batch=batch, job_id=job_id, reviewer_id=reviewer_id))
        ReviewAssignment.objects.bulk_create(rows)
        logger.info(
            "Assigned %d job(s) of the %s review batch of %s to %d reviewer(s).",
            len(rows),
            administrator,
            period_start,
            len(reviewers),
        )
    return batch


def reviewers_to_notify(batch: ReviewBatch) -> list[int]:
    """Ids of the reviewers with assignments in the batch whose notice has not gone out."""
    sent = ReviewerNotice.objects.filter(batch=batch, sent_at__isnull=False).values("reviewer_id")
    return list(
        batch.assignments.exclude(reviewer_id__in=sent)
        .order_by("reviewer_id")
        .values_list("reviewer_id", flat=True)
        .distinct()
    )


def reviewer_assignments(batch: ReviewBatch, reviewer: User) -> list[ReviewAssignment]:
    """The reviewer's still-pending jobs in the batch, urgent first, then longest waiting."""
    return list(
        ReviewAssignment.objects.filter(
            batch=batch, reviewer=reviewer, job__status=Job.Status.BPA_PENDING
        )
        .select_related("job__site", "job__utility")
        .order_by(*_review_order("job__"))
    )


def flag_overdue_pending_jobs(*, now: datetime.datetime | None = None) -> int:
    """Flag every BPA Pending job that has waited longer than REVIEW_OVERDUE_DAYS (strictly:
    a job pending exactly that long is not overdue yet) and is not flagged already; returns
    how many were flagged. A conditional update, so concurrent or repeated runs flag once; the
    flag is cleared when the job leaves BPA Pending (jobs.services.set_status)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REVIEW_OVERDUE_DAYS)
    return Job.objects.filter(
        status=Job.Status.BPA_PENDING,
        pending_since__lt=cutoff,
        overdue_flagged_at__isnull=True,
    ).update(overdue_flagged_at=now)
