"""The decision e-mail task: exactly one e-mail per decision, retries included."""

from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail

from technicians import emails, services, tasks
from technicians.models import Application
from tests.broker import queue_idle, wait_for
from tests.technicians.factories import application_data, pdf_upload


def _submit(user) -> Application:
    data = application_data()
    return services.application_submit(
        actor=user, kind=Application.Kind.TECHNICIAN, data=data, proof=pdf_upload()
    )


@pytest.mark.django_db
def test_running_the_task_twice_sends_one_email(applicant, staff):
    application = _submit(applicant)
    services.application_approve(application_id=application.pk, actor=staff)  # no on_commit here
    assert mail.outbox == []

    assert tasks.send_application_decision_email.delay(application.pk).get() is True
    assert tasks.send_application_decision_email.delay(application.pk).get() is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]


@pytest.mark.django_db
def test_pending_application_is_never_mailed(applicant):
    application = _submit(applicant)
    assert tasks.send_application_decision_email.delay(application.pk).get() is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_send_is_retried_and_mails_once(applicant, staff):
    application = _submit(applicant)
    services.application_approve(application_id=application.pk, actor=staff)
    real = emails.application_decided
    calls = []

    def flaky(app):
        calls.append(app.pk)
        if len(calls) == 1:
            raise SMTPException("mail server hiccup")
        return real(app)

    with mock.patch.object(emails, "application_decided", side_effect=flaky):
        # apply() runs the task and its automatic retries in-process, as a worker would.
        result = tasks.send_application_decision_email.apply(args=[application.pk], throw=False)

    assert result.get() is True
    assert len(calls) == 2  # first try failed and released its claim; the retry sent
    assert len(mail.outbox) == 1
    application.refresh_from_db()
    assert application.decision_emailed_at is not None


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_decision_email_through_the_real_broker_and_worker(real_broker, applicant, staff):
    """Approve → on commit the task goes to Redis → an embedded worker sends one e-mail.
    A duplicate delivery of the same task (as after a worker restart) sends nothing more."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    from registry.celery import app

    application = _submit(applicant)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        services.application_approve(application_id=application.pk, actor=staff)
        wait_for(lambda: len(mail.outbox) >= 1, "the e-mail")
        tasks.send_application_decision_email.delay(application.pk)  # duplicate delivery
        wait_for(queue_idle, "the duplicate delivery to finish")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
