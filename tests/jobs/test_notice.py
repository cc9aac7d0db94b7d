"""The completed-job notice to the utility (spec §6): one e-mail to the utility's contact with
the Registry Installation Report attached, queued on commit, never sent twice."""

from __future__ import annotations

import io
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from jobs import emails, services, tasks
from jobs.models import Job
from registry.celery import app as celery_app
from tests.broker import queue_idle, wait_for
from tests.jobs.factories import ashp_payload, gshp_payload


def _complete(technician, payload=None) -> Job:
    return services.job_submit(
        actor=technician, payload=payload or ashp_payload(), action="complete"
    )


def _complete_and_commit(technician, capture, payload=None) -> Job:
    """Complete a job and run what the service queued on commit (the notice task, eagerly)."""
    with capture(execute=True):
        job = _complete(technician, payload)
    job.refresh_from_db()
    return job


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_completing_a_job_emails_the_utility_contact_once_with_the_report(
    technician, benton_rea, django_capture_on_commit_callbacks
):
    job = _complete_and_commit(technician, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [benton_rea.contact_email]
    assert str(job.measure_id) in message.subject
    assert "BPA Approved" in message.subject
    profile = technician.technician
    html = message.alternatives[0][0]
    for body in (message.body, html):
        for text in (
            str(job.measure_id),
            "BPA Approved",
            "Air source heat pump",
            job.site.street_address,
            technician.get_full_name(),
            str(profile.technician_id),
            profile.company.name,
            "June 3, 2024",
            reverse("jobs:detail", kwargs={"measure_id": job.measure_id}),
            "remain responsible",
        ):
            assert text in body, text
    ((filename, content, mimetype),) = message.attachments
    assert filename == f"registry-installation-report-{job.measure_id}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert str(job.measure_id) in _pdf_text(content)
    assert job.utility_notified_at is not None


@pytest.mark.django_db
def test_a_job_that_is_not_approved_is_announced_too(
    technician, benton_rea, django_capture_on_commit_callbacks
):
    """The utility sees all completed work in its territory, whatever the status (000 L10)."""
    job = _complete_and_commit(technician, django_capture_on_commit_callbacks, gshp_payload())

    assert job.status == Job.Status.BPA_PENDING
    assert len(mail.outbox) == 1
    assert "BPA Pending" in mail.outbox[0].subject


@pytest.mark.django_db
def test_running_the_task_again_sends_nothing(
    technician, benton_rea, django_capture_on_commit_callbacks
):
    job = _complete_and_commit(technician, django_capture_on_commit_callbacks)
    notified_at = job.utility_notified_at

    assert tasks.send_job_notice.delay(job.pk).get() is False

    assert len(mail.outbox) == 1
    job.refresh_from_db()
    assert job.utility_notified_at == notified_at


@pytest.mark.django_db
def test_nothing_is_sent_before_the_transaction_commits(technician, benton_rea):
    _complete(technician)  # the test's transaction never commits: the task is never queued

    assert mail.outbox == []


@pytest.fixture
def eager_retries():
    """Eager tasks that propagate errors re-raise Retry instead of retrying; without
    propagation, apply() runs the automatic retries in-process, as a worker would."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_retries")
def test_a_failed_send_is_retried_and_mails_once(
    technician, benton_rea, django_capture_on_commit_callbacks
):
    real = emails.job_notice
    calls = []

    def flaky(job):
        calls.append(job.pk)
        if len(calls) == 1:
            raise SMTPException("mail server hiccup")
        return real(job)

    with mock.patch.object(emails, "job_notice", side_effect=flaky):
        job = _complete_and_commit(technician, django_capture_on_commit_callbacks)

    assert len(calls) == 2  # the first try failed and released its claim; the retry sent
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [benton_rea.contact_email]
    assert job.utility_notified_at is not None


@pytest.mark.django_db
def test_a_failure_releases_the_claim(technician, benton_rea):
    job = _complete(technician)

    broken = mock.patch.object(emails, "job_notice", side_effect=RuntimeError("no PDF"))
    with broken, pytest.raises(RuntimeError):
        tasks.send_job_notice.delay(job.pk)

    job.refresh_from_db()
    assert job.utility_notified_at is None  # free for a later run to claim
    assert tasks.send_job_notice.delay(job.pk).get() is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_save_progress_sends_nothing(technician, benton_rea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.job_submit(actor=technician, payload=ashp_payload(), action="save_progress")

    assert callbacks == []
    assert tasks.send_job_notice.delay(job.pk).get() is False  # In Progress is never claimed
    assert mail.outbox == []
    job.refresh_from_db()
    assert job.utility_notified_at is None


@pytest.mark.django_db
def test_a_utility_without_contact_email_gets_nothing_and_the_job_is_not_claimed(
    technician, benton_rea, django_capture_on_commit_callbacks
):
    benton_rea.contact_email = ""
    benton_rea.save(update_fields=["contact_email"])

    job = _complete_and_commit(technician, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert job.utility_notified_at is None
    assert tasks.send_job_notice.delay(job.pk).get() is False


@pytest.mark.django_db
def test_the_job_page_says_when_the_utility_was_emailed_and_who_must_still_notify_it(
    client, technician, benton_rea, django_capture_on_commit_callbacks
):
    job = _complete_and_commit(technician, django_capture_on_commit_callbacks)
    client.force_login(technician)

    html = client.get(reverse("jobs:detail", kwargs={"measure_id": job.measure_id})).content
    html = html.decode()

    assert f"e-mailed this job and its report to Benton REA ({benton_rea.contact_email})" in html
    assert "Notify your utility:" in html
    assert "remains responsible" in html


@pytest.mark.django_db
def test_without_a_notice_the_job_page_still_tells_the_technician_to_notify_the_utility(
    client, technician, benton_rea
):
    job = _complete(technician)  # not committed: no notice went out
    client.force_login(technician)

    html = client.get(reverse("jobs:detail", kwargs={"measure_id": job.measure_id})).content
    html = html.decode()

    assert "e-mailed" not in html
    assert "Notify your utility:" in html


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_job_notice_through_the_real_broker_and_worker(real_broker, technician, benton_rea):
    """Complete → on commit the task goes to Redis → an embedded worker sends one e-mail.
    A duplicate delivery of the same task (as after a worker restart) sends nothing more."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    from registry.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        job = _complete(technician)
        wait_for(lambda: len(mail.outbox) >= 1, "the e-mail")
        tasks.send_job_notice.delay(job.pk)  # duplicate delivery
        wait_for(queue_idle, "the duplicate delivery to finish")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [benton_rea.contact_email]
    assert mail.outbox[0].attachments[0][0] == f"registry-installation-report-{job.measure_id}.pdf"
    job.refresh_from_db()
    assert job.utility_notified_at is not None
