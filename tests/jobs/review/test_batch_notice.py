"""The review batch e-mail (spec §7): each reviewer gets their list once per batch, queued on
commit, claimed before sending and released when sending fails."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from jobs import services
from jobs.models import Job
from jobs.review import emails, tasks
from jobs.review.models import ReviewBatch, ReviewerNotice
from registry.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, gshp_payload

pytestmark = pytest.mark.django_db

WHY_GSHP = "Ground source heat pumps are always reviewed by PTCS staff for eligibility."


def completed_gshp(technician, n: int) -> Job:
    """A job that completes as BPA Pending (a GSHP is always reviewed, seed 000 L29)."""
    payload = gshp_payload(street_address=f"{100 + n} Main St")
    return services.job_submit(actor=technician, payload=payload, action="complete")


def open_and_commit(capture) -> list[int]:
    """Run the batch task and what it queued on commit (the notices, eagerly)."""
    with capture(execute=True):
        return tasks.open_review_batches.delay().get()


def bodies(message) -> tuple[str, str]:
    return message.body, message.alternatives[0][0]


@pytest.fixture
def two_ptcs_reviewers(staff):
    return [staff, UserFactory(username="sue-staff", role=User.Role.PTCS_STAFF)]


def test_each_reviewer_gets_one_email_listing_their_measure_ids(
    technician,
    benton_rea,
    pacific_power,
    two_ptcs_reviewers,
    energy_trust_staff,
    django_capture_on_commit_callbacks,
):
    bpa_jobs = [completed_gshp(technician, n) for n in range(3)]
    et_job = JobFactory(
        status=Job.Status.BPA_PENDING, utility=pacific_power, pending_since=timezone.now()
    )

    open_and_commit(django_capture_on_commit_callbacks)
    open_and_commit(django_capture_on_commit_callbacks)  # a rerun e-mails nobody again

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert len(mail.outbox) == 3
    staff, sue = two_ptcs_reviewers
    expected = {
        staff.email: ([bpa_jobs[0], bpa_jobs[2]], [bpa_jobs[1], et_job]),
        sue.email: ([bpa_jobs[1]], [bpa_jobs[0], bpa_jobs[2], et_job]),
        energy_trust_staff.email: ([et_job], bpa_jobs),
    }
    for address, (theirs, others) in expected.items():
        message = by_recipient[(address,)]
        assert f"{len(theirs)} BPA Pending job" in message.subject
        for body in bodies(message):
            for job in theirs:
                assert str(job.measure_id) in body
                assert reverse("jobs:detail", kwargs={"measure_id": job.measure_id}) in body
            for job in others:
                assert str(job.measure_id) not in body
    assert ReviewerNotice.objects.filter(sent_at__isnull=False).count() == 3


def test_the_list_puts_urgent_requests_first_with_age_and_reason(
    technician, benton_rea, staff, django_capture_on_commit_callbacks
):
    old, urgent = completed_gshp(technician, 1), completed_gshp(technician, 2)
    Job.objects.filter(pk=old.pk).update(pending_since=timezone.now() - timedelta(days=10))
    Job.objects.filter(pk=urgent.pk).update(urgent_requested_at=timezone.now())

    open_and_commit(django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [staff.email]
    assert "(1 urgent)" in message.subject
    for body in bodies(message):
        assert body.index(str(urgent.measure_id)) < body.index(str(old.measure_id))
        assert "URGENT" in body
        assert WHY_GSHP in body
        assert "PTCS Site Registry" in body
    assert "Pending for 10 days." in message.body
    assert '<td align="right">10</td>' in bodies(message)[1]


def test_nothing_is_sent_before_the_transaction_commits(technician, benton_rea, staff):
    completed_gshp(technician, 1)

    tasks.open_review_batches.delay()  # the test's transaction never commits

    assert ReviewBatch.objects.count() == 1
    assert mail.outbox == []


def _batch_with_notice(technician, staff) -> ReviewBatch:
    completed_gshp(technician, 1)
    (batch_id,) = tasks.open_review_batches.delay().get()  # notices not run: no commit
    return ReviewBatch.objects.get(pk=batch_id)


def test_a_failure_releases_the_claim_for_the_next_try(technician, benton_rea, staff):
    batch = _batch_with_notice(technician, staff)

    broken = mock.patch.object(emails, "reviewer_batch", side_effect=RuntimeError("template"))
    with broken, pytest.raises(RuntimeError):
        tasks.send_reviewer_notice.delay(batch.pk, staff.pk)

    assert ReviewerNotice.objects.get(batch=batch, reviewer=staff).sent_at is None
    assert tasks.send_reviewer_notice.delay(batch.pk, staff.pk).get() is True
    assert tasks.send_reviewer_notice.delay(batch.pk, staff.pk).get() is False
    assert len(mail.outbox) == 1
    assert ReviewerNotice.objects.get(batch=batch, reviewer=staff).sent_at is not None


@pytest.fixture
def eager_retries():
    """Without eager propagation, apply() runs the automatic retries in-process."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


@pytest.mark.usefixtures("eager_retries")
def test_a_failed_send_is_retried_and_mails_once(technician, benton_rea, staff):
    batch = _batch_with_notice(technician, staff)
    real, calls = emails.reviewer_batch, []

    def flaky(*args):
        calls.append(args)
        if len(calls) == 1:
            raise SMTPException("mail server hiccup")
        return real(*args)

    with mock.patch.object(emails, "reviewer_batch", side_effect=flaky):
        tasks.send_reviewer_notice.delay(batch.pk, staff.pk)

    assert len(calls) == 2
    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_a_reviewer_whose_jobs_were_all_decided_gets_nothing_yet(technician, benton_rea, staff):
    batch = _batch_with_notice(technician, staff)
    Job.objects.update(status=Job.Status.BPA_APPROVED)

    assert tasks.send_reviewer_notice.delay(batch.pk, staff.pk).get() is False

    assert mail.outbox == []
    # Not claimed: jobs assigned later in the period are still announced.
    assert ReviewerNotice.objects.get(batch=batch, reviewer=staff).sent_at is None


def test_a_reviewer_deactivated_before_the_notice_gets_nothing(technician, benton_rea, staff):
    batch = _batch_with_notice(technician, staff)
    User.objects.filter(pk=staff.pk).update(is_active=False)

    assert tasks.send_reviewer_notice.delay(batch.pk, staff.pk).get() is False
    assert mail.outbox == []
