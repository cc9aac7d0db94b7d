"""Every queued side effect survives a broker outage (registry.lib.outbox): with the broker
unreachable each action answers as usual and records its e-mail or upload as not done; the
sweep (registry.tasks.send_due, ``manage.py send_due``) then sends each e-mail once however
often it runs. The actions go through HTTP in transactions that really commit, so the task is
queued inside the request, as in production."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from jobs.bulk.models import BulkUpload
from jobs.models import Job, JobStatusChange
from qa_inspections.inspections import services as inspection_services
from qa_inspections.models import Remediation
from registry.celery import app as celery_app
from registry.tasks import SWEEPS, send_due
from technicians import services as technician_services
from technicians.models import Application, CompanyInvitation
from tests import broker
from tests.jobs.bulk.data import ashp_rows, csv_bytes
from tests.jobs.factories import entry_ashp_payload
from tests.jobs.review.data import bpa_gshp
from tests.qa_inspections.inspections.data import assign, duct_job
from tests.technicians.factories import application_data, pdf_upload

#: Older than every sweep's grace (registry.lib.outbox.GRACE, jobs.bulk.tasks.BULK_STALE_AFTER).
LONG_AGO = timedelta(hours=1)


@dataclass
class People:
    client: object
    staff: object
    applicant: object
    technician: object
    other_technician: object
    company_admin: object
    inspector: object
    utility: object

    def as_(self, user):
        self.client.force_login(user)
        return self.client


@pytest.fixture
def people(
    client,
    staff,
    applicant,
    technician,
    other_technician,
    company_admin,
    inspector,
    benton_rea,
):
    return People(
        client, staff, applicant, technician, other_technician, company_admin, inspector, benton_rea
    )


@dataclass
class Done:
    """An action's answer, whether its side effect is recorded as not done, and the e-mails it
    owes (one each, by recipient)."""

    response: object
    unsent: Callable[[], bool]
    owed: list[str] = field(default_factory=list)


def _submitted(applicant) -> Application:
    return technician_services.application_submit(
        actor=applicant,
        kind=Application.Kind.TECHNICIAN,
        data=application_data(),
        proof=pdf_upload("WSU heat pump training 2026.pdf"),
    )


def approve_application(p: People) -> Done:
    application = _submitted(p.applicant)
    url = reverse("staff:application-approve", kwargs={"pk": application.pk})
    response = p.as_(p.staff).post(url)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    return Done(
        response,
        lambda: Application.objects.get(pk=application.pk).decision_emailed_at is None,
        [p.applicant.email],
    )


def reject_application(p: People) -> Done:
    application = _submitted(p.applicant)
    url = reverse("staff:application-reject", kwargs={"pk": application.pk})
    response = p.as_(p.staff).post(url, {"reason": "The training certificate is unreadable."})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    return Done(
        response,
        lambda: Application.objects.get(pk=application.pk).decision_emailed_at is None,
        [p.applicant.email],
    )


def invite_technician(p: People) -> Done:
    response = p.as_(p.company_admin).post(
        reverse("technicians:company-invite"), {"email": p.other_technician.email}
    )
    invitation = CompanyInvitation.objects.get()
    return Done(
        response,
        lambda: CompanyInvitation.objects.get(pk=invitation.pk).emailed_at is None,
        [p.other_technician.email],
    )


def fail_inspection(p: People) -> Done:
    job = duct_job(p.technician)  # its utility notice is owed too
    inspection = inspection_services.inspection_start(
        actor=p.inspector, assignment_id=assign(job, p.inspector).pk
    )
    response = p.as_(p.inspector).post(
        reverse("qa:inspect", args=[inspection.pk]),
        {
            "kind": "on_site",
            "inspected_on": "2025-03-12",
            "m_post_cfm50": "310",
            "item_duct_1": "pass",
            "item_duct_post_test": "fail",
            "note_duct_post_test": "Return plenum joint left unsealed.",
            "action": "submit",
            "result": "fail",
        },
    )
    remediation = Remediation.objects.get()
    return Done(
        response,
        lambda: Remediation.objects.get(pk=remediation.pk).technician_emailed_at is None,
        [p.technician.email, p.utility.contact_email],
    )


def complete_job(p: People) -> Done:
    response = p.as_(p.technician).post(
        reverse("jobs:new-measure", kwargs={"measure_type": "ashp"}),
        {**entry_ashp_payload(), "action": "complete"},
    )
    job = Job.objects.latest("pk")
    return Done(
        response,
        lambda: Job.objects.get(pk=job.pk).utility_notified_at is None,
        [p.utility.contact_email],
    )


def reject_pending_job(p: People) -> Done:
    job = bpa_gshp(p.technician, street_address="9 Elm St")  # its utility notice is owed too
    response = p.as_(p.staff).post(
        reverse("staff:jobs-review"),
        {"measure_ids": [job.measure_id], "action": "reject", "text": "Open loop."},
    )
    decision = JobStatusChange.objects.get(emails_technician=True)
    assert decision.to_status == Job.Status.REJECTED
    return Done(
        response,
        lambda: JobStatusChange.objects.get(pk=decision.pk).technician_emailed_at is None,
        [p.technician.email, p.utility.contact_email],
    )


def upload_jobs(p: People) -> Done:
    rows = ashp_rows(2, tech_id=p.technician.technician.technician_id)
    response = p.as_(p.company_admin).post(
        reverse("jobs:bulk-upload"),
        {"file": SimpleUploadedFile("jobs.csv", csv_bytes(rows), content_type="text/csv")},
    )
    upload = BulkUpload.objects.get()

    def unsent() -> bool:
        upload.refresh_from_db()
        return upload.status == BulkUpload.Status.PENDING and upload.processed_count == 0

    # Processed, the upload completes two jobs, each announced to the utility.
    return Done(response, unsent, [p.utility.contact_email] * 2)


ACTIONS = [
    reject_application,  # first: the same applicant applies again, and is approved
    approve_application,
    invite_technician,
    fail_inspection,
    complete_job,
    reject_pending_job,
    upload_jobs,
]


def age_everything() -> None:
    """As if every change had been made LONG_AGO (the sweeps leave recent ones to their own
    task, which may still be waiting in a busy queue)."""
    Application.objects.update(decided_at=F("decided_at") - LONG_AGO)
    CompanyInvitation.objects.update(created_at=F("created_at") - LONG_AGO)
    Remediation.objects.update(created_at=F("created_at") - LONG_AGO)
    Job.objects.update(completed_at=F("completed_at") - LONG_AGO)
    JobStatusChange.objects.update(at=F("at") - LONG_AGO)
    BulkUpload.objects.update(updated_at=F("updated_at") - LONG_AGO)


def sent_by_recipient() -> Counter:
    return Counter(to for message in mail.outbox for to in message.to)


def assert_each_sent_once() -> None:
    subjects = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert [key for key, count in subjects.items() if count > 1] == []


# --- With the broker unreachable -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("unreachable_broker")
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
def test_the_action_answers_as_usual_and_its_side_effect_waits(action, people, caplog):
    with caplog.at_level(logging.ERROR, logger="registry.lib.outbox"):
        done = action(people)

    assert done.response.status_code == 302
    assert done.unsent()
    assert mail.outbox == []
    assert "the broker is unreachable" in caplog.text
    assert "manage.py send_due" in caplog.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
def test_once_the_broker_is_back_the_sweep_sends_each_email_once(action, people):
    with broker.down():
        done = action(people)
    assert done.unsent()
    age_everything()

    call_command("send_due")
    call_command("send_due")

    assert not done.unsent()
    assert sent_by_recipient() == Counter(done.owed)
    assert_each_sent_once()
    assert set(send_due().values()) == {0}  # nothing left


@pytest.mark.django_db
def test_the_sweep_leaves_what_was_done_just_now_to_its_own_task(people):
    # The test's transaction never commits: nothing was queued, as with the broker down.
    complete_job(people)
    invite_technician(people)

    assert set(send_due().values()) == {0}
    assert mail.outbox == []


def test_the_sweep_covers_every_kind_and_is_on_the_beat_schedule():
    assert set(SWEEPS) == {
        "bulk uploads",
        "utility notices",
        "review decisions",
        "application decisions",
        "company invitations",
        "remediations",
    }
    entries = [e for e in celery_app.conf.beat_schedule.values() if e["task"] == send_due.name]
    assert len(entries) == 1


def test_the_command_reports_what_it_queued(db, capsys):
    call_command("send_due")

    out = capsys.readouterr().out
    assert "Queued 0 utility notices." in out
    assert "Queued 0 bulk uploads." in out


# --- Through the real broker and a worker ------------------------------------------------------


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_after_an_outage_the_worker_sends_every_email_once(private_queue, people):
    """Every action with Redis unreachable; Redis back, the sweep runs twice before a worker
    starts, so every e-mail and the upload are queued twice; the worker sends each e-mail
    once, and the periodic task run through it afterwards finds nothing left."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    owed = []
    with broker.publishing_to(broker.UNREACHABLE):
        for action in ACTIONS:
            done = action(people)
            assert done.response.status_code == 302, action.__name__
            assert done.unsent(), action.__name__
            owed += done.owed
    assert mail.outbox == []
    age_everything()

    call_command("send_due")
    call_command("send_due")
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=[private_queue],
    ):
        broker.wait_for(lambda: len(mail.outbox) >= len(owed), "the e-mails")
        broker.wait_for(lambda: broker.queue_idle(private_queue), "the duplicates")
        send_due.delay()  # as beat sends it
        broker.wait_for(lambda: broker.queue_idle(private_queue), "the periodic sweep")

    assert sent_by_recipient() == Counter(owed)
    assert_each_sent_once()
    assert BulkUpload.objects.get().status == BulkUpload.Status.DONE
    assert not Job.objects.filter(utility_notified_at__isnull=True).exists()
