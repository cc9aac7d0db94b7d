"""E-mails and bulk uploads each wait in a queue of their own (settings: CELERY_TASK_ROUTES), so
a bulk upload never waits behind a run of utility notices rendering their PDFs, nor an e-mail
behind a bulk upload; the worker of docker-compose.yml serves every queue."""

from pathlib import Path
from smtplib import SMTPException
from unittest import mock

import pytest
from django.conf import settings

from registry.celery import app as celery_app

MAIL, BULK = "mail", "bulk"


def registered_tasks() -> dict:
    celery_app.loader.import_default_modules()  # what a worker registers when it starts
    return {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}


def queue_of(name: str) -> str:
    return celery_app.amqp.router.route({}, name, task_type=celery_app.tasks[name])["queue"].name


def sends_email(task) -> bool:
    """Made by registry.lib.once.email_task: retried on mail-server errors."""
    return SMTPException in (getattr(task, "autoretry_for", ()) or ())


def test_every_email_task_goes_to_the_mail_queue():
    emails = [name for name, task in registered_tasks().items() if sends_email(task)]

    assert len(emails) >= 7
    assert {name: queue_of(name) for name in emails} == dict.fromkeys(emails, MAIL)


@pytest.mark.parametrize(
    ("name", "queue"),
    [
        ("jobs.tasks.send_job_notice", MAIL),  # renders the report PDF
        ("technicians.tasks.send_application_decision_email", MAIL),
        ("technicians.tasks.send_company_invitation", MAIL),
        ("qa_inspections.inspection_tasks.send_remediation_email", MAIL),
        ("jobs.tasks.send_review_decision_email", MAIL),
        ("jobs.tasks.process_bulk_upload", BULK),
        ("registry.tasks.send_due", settings.CELERY_TASK_DEFAULT_QUEUE),
        ("jobs.tasks.open_review_batches", settings.CELERY_TASK_DEFAULT_QUEUE),
    ],
)
def test_each_task_goes_to_its_queue(name, queue):
    registered_tasks()
    assert queue_of(name) == queue


def test_every_other_task_goes_to_the_default_queue():
    others = [
        name
        for name, task in registered_tasks().items()
        if not sends_email(task) and name != "jobs.tasks.process_bulk_upload"
    ]

    assert {queue_of(name) for name in others} == {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_queuing_a_notice_publishes_it_to_the_mail_queue(monkeypatch):
    """What apply_async hands the broker, without one: the queue the message is published to."""
    from jobs.tasks import send_job_notice

    published = []
    celery_app.conf.task_always_eager = False  # restored after each test (tests/conftest.py)
    monkeypatch.setattr(
        celery_app.amqp,
        "send_task_message",
        lambda producer, name, message, **options: published.append(options["queue"].name),
    )

    send_job_notice.apply_async((1,), producer=mock.MagicMock())

    assert published == [MAIL]


def test_a_worker_started_without_q_serves_every_queue_and_compose_names_them():
    declared = list(celery_app.amqp.queues)
    assert declared == [settings.CELERY_TASK_DEFAULT_QUEUE, MAIL, BULK]
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert '"-Q", "celery,mail,bulk"' in compose
