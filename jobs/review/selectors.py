"""What a reviewer sees: the jobs of their review territory, the BPA Pending queue and the
decision a technician should read on the job page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from jobs.models import Job, JobStatusChange
from jobs.review import batch, rules
from jobs.review.models import ReviewAssignment
from utilities import administrators
from utilities.models import Utility


def review_scope(user) -> Q:
    """Jobs of the territories ``user`` reviews (utilities.administrators), as a filter."""
    return administrators.jobs_decided_by(user)


def get_job_for_reviewer(user, measure_id: int) -> Job:
    """A job of the reviewer's territory, whatever its status (review page, staff edit); 404
    otherwise, so a job of the other territory is not disclosed."""
    qs = Job.objects.select_related("site", "technician__user", "utility", "company")
    try:
        return qs.filter(review_scope(user)).get(measure_id=measure_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("No such job in your review territory.") from None


def own_work(user, job: Job) -> str:
    """Why ``user`` may not decide ``job`` because it is their own work (they entered it, or
    corrected it last: four eyes, setting REVIEW_FOUR_EYES), or "" when they may. The
    decision services refuse it, and the queue row and the review page say so."""
    return rules.own_work(
        user.pk,
        entered_by_id=job.entered_by_id,
        corrected_by_id=job.corrected_by_id,
        four_eyes=settings.REVIEW_FOUR_EYES,
    )


def review_queue(user) -> QuerySet[Job]:
    """The BPA Pending jobs ``user`` reviews (seed 000 L29: reviewed bi-weekly), urgent first
    (the technician asked for sooner review), then the longest waiting.

    Annotations: ``waiting_since`` (``pending_since``, or ``completed_at`` for jobs pending
    from before the clock existed), ``is_urgent`` and ``assigned_reviewer_id`` (the reviewer
    of the job's most recent review batch, or None).
    """
    latest_assignment = ReviewAssignment.objects.filter(job=OuterRef("pk")).order_by(
        "-batch__period_start", "-batch_id"
    )
    return (
        Job.objects.filter(review_scope(user), status=Job.Status.BPA_PENDING)
        .select_related("site", "technician__user", "utility")
        .annotate(
            waiting_since=Coalesce("pending_since", "completed_at"),
            is_urgent=ExpressionWrapper(
                Q(urgent_requested_at__isnull=False), output_field=BooleanField()
            ),
            assigned_reviewer_id=Subquery(latest_assignment.values("reviewer_id")[:1]),
        )
        # The measure ID breaks ties, so a page boundary never moves between two requests.
        .order_by("-is_urgent", "waiting_since", "measure_id")
    )


def review_utilities(user) -> QuerySet[Utility]:
    """The utilities of the territories ``user`` reviews (the queue's utility filter)."""
    reviewed = administrators.administrators_decided_by(user)
    return Utility.objects.filter(administrators.utilities_of(reviewed)).order_by("name")


def latest_review_decision(changes: list[JobStatusChange]) -> JobStatusChange | None:
    """The reviewer's decision the technician should read on the job page: the newest status
    change when it took the job out of BPA Pending with a note (reject reason, send-back
    message, approval note) or over a rejecting rule (the override's reason). Takes the
    job's changes, oldest first, already fetched."""
    if not changes:
        return None
    newest = changes[-1]
    if (
        newest.from_status == Job.Status.BPA_PENDING
        and newest.to_status != Job.Status.BPA_PENDING
        and (newest.note or newest.override_reason)
    ):
        return newest
    return None


def next_review_batch(now: datetime.datetime | None = None) -> datetime.date:
    """The day (Pacific) the next bi-weekly review batch opens (seed 000 L29): the first day of
    the next review period (jobs.review.batch), when the daily task opens it at
    REVIEW_BATCH_HOUR; today, if today starts a period and that hour has not come yet."""
    now = timezone.localtime(now)
    today = timezone.localdate(now)
    start = batch.current_period_start(today)
    if today == start and now.hour < settings.REVIEW_BATCH_HOUR:
        return today
    return start + datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)
