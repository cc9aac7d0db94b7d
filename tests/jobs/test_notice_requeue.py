"""Notices that did not go out when the job was completed are sent by the periodic sweep."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from jobs import services
from jobs.models import Job
from jobs.tasks import NOTICE_GRACE, queue_unsent_job_notices
from tests.jobs.factories import ashp_payload

pytestmark = pytest.mark.django_db


def _completed_without_notice(technician, minutes_ago: float) -> Job:
    """A completed job whose on-commit notice never ran (as when the broker was down)."""
    job = services.job_submit(actor=technician, payload=ashp_payload(), action="complete")
    Job.objects.filter(pk=job.pk).update(
        completed_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return job


@pytest.mark.parametrize(
    ("minutes_ago", "sent"),
    [
        (NOTICE_GRACE.total_seconds() / 60 - 1, 0),  # just completed: its own notice may run
        (NOTICE_GRACE.total_seconds() / 60 + 1, 1),
        (24 * 60, 1),
    ],
)
def test_the_sweep_sends_notices_older_than_the_grace_period(
    technician, benton_rea, minutes_ago, sent
):
    _completed_without_notice(technician, minutes_ago)

    assert queue_unsent_job_notices() == sent
    assert len(mail.outbox) == sent


def test_the_sweep_is_idempotent(technician, benton_rea):
    job = _completed_without_notice(technician, 60)

    call_command("send_job_notices")
    call_command("send_job_notices")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [benton_rea.contact_email]
    job.refresh_from_db()
    assert job.utility_notified_at is not None


def test_the_sweep_skips_in_progress_jobs(technician, benton_rea):
    job = services.job_submit(actor=technician, payload=ashp_payload(), action="save_progress")
    assert job.completed_at is None

    assert queue_unsent_job_notices() == 0
    assert mail.outbox == []


def test_the_sweep_is_part_of_the_periodic_sweep_of_everything_due():
    from registry.celery import app
    from registry.tasks import SWEEPS, send_due

    assert app.conf.beat_schedule["send-due"]["task"] == send_due.name
    assert SWEEPS["utility notices"] is queue_unsent_job_notices
    # Its name stays registered for a message an earlier beat queued.
    assert queue_unsent_job_notices.name == "jobs.tasks.queue_unsent_job_notices"
