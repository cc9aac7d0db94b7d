"""Certification renewal: reminders 60 and 14 days before expiry, sent once each;
expiry sets the status; an expired certification blocks completion with a clear message."""

import datetime

import pytest
from django.core.management import call_command

from jobs import services
from jobs.models import Job
from technicians.models import (
    Certification,
    CertificationReminder,
    CertificationStatusChange,
    CertificationType,
)
from technicians.renewal import reminders_due
from technicians.tasks import expire_certifications, send_certification_reminders
from tests.jobs.factories import ashp_payload
from tests.technicians.factories import CertificationFactory

EXPIRY = datetime.date(2030, 6, 30)


def before(days: int) -> datetime.date:
    return EXPIRY - datetime.timedelta(days=days)


# --- Pure thresholds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "due"),
    [
        (61, []),
        (60, [60]),
        (59, [60]),
        (15, [60]),
        (14, [60, 14]),
        (13, [60, 14]),
        (1, [60, 14]),
        (0, []),
        (-1, []),
    ],
)
def test_reminders_due_at_the_thresholds(days_left, due):
    assert reminders_due(before(days_left), EXPIRY) == due


# --- Reminder e-mails ------------------------------------------------------------------------


@pytest.fixture
def cert(db):
    return CertificationFactory(cert_type=CertificationType.PTCS_HEAT_PUMP, expiry_date=EXPIRY)


def run(day: datetime.date) -> int:
    return send_certification_reminders(day.isoformat())


def test_reminders_at_60_and_14_days_are_sent_exactly_once_each(cert, mailoutbox):
    assert run(before(61)) == 0
    assert run(before(60)) == 1
    assert run(before(60)) == 0  # the task runs twice: no second e-mail
    assert run(before(30)) == 0
    assert run(before(14)) == 1
    assert run(before(14)) == 0
    assert run(before(13)) == 0

    assert len(mailoutbox) == 2
    first = mailoutbox[0]
    assert first.to == [cert.technician.user.email]
    assert "PTCS Heat Pump" in first.subject
    assert "June 30, 2030" in first.subject
    assert "Certified Technician Application" in first.body
    assert "/technicians/apply/technician/" in first.body
    assert "Certified Technician Application" in first.alternatives[0][0]
    rows = CertificationReminder.objects.filter(certification=cert)
    assert sorted(rows.values_list("days_before", flat=True)) == [14, 60]
    assert all(r.sent_at is not None for r in rows)


def test_the_management_command_sends_the_same_reminders(cert, mailoutbox):
    call_command("certification_reminders", today=before(60).isoformat())
    call_command("certification_reminders", today=before(60).isoformat())
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("status", [Certification.Status.SUSPENDED, Certification.Status.EXPIRED])
def test_no_reminders_for_certifications_that_are_not_active(cert, status, mailoutbox):
    cert.status = status
    cert.save()
    assert run(before(14)) == 0
    assert not CertificationReminder.objects.exists()
    assert mailoutbox == []


def test_no_reminders_without_an_expiry_date(db, mailoutbox):
    CertificationFactory(expiry_date=None)
    assert run(before(14)) == 0
    assert not CertificationReminder.objects.exists()
    assert mailoutbox == []


def test_a_renewed_certification_gets_new_reminders(cert, mailoutbox):
    run(before(14))
    assert len(mailoutbox) == 2  # the 60-day reminder caught up, then the 14-day one

    new_expiry = EXPIRY.replace(year=2032)
    cert.expiry_date = new_expiry
    cert.save()
    run(new_expiry - datetime.timedelta(days=60))
    run(new_expiry - datetime.timedelta(days=14))

    assert len(mailoutbox) == 4
    assert "June 30, 2032" in mailoutbox[-1].subject
    assert CertificationReminder.objects.filter(expiry_date=new_expiry).count() == 2


# --- Expiry ----------------------------------------------------------------------------------


def test_expire_task_sets_expired_with_a_status_row(cert):
    assert expire_certifications(EXPIRY.isoformat()) == 0  # expires at the end of the day
    cert.refresh_from_db()
    assert cert.status == Certification.Status.ACTIVE

    assert expire_certifications((EXPIRY + datetime.timedelta(days=1)).isoformat()) == 1
    assert expire_certifications((EXPIRY + datetime.timedelta(days=2)).isoformat()) == 0
    cert.refresh_from_db()
    assert cert.status == Certification.Status.EXPIRED
    change = CertificationStatusChange.objects.get(certification=cert)
    assert (change.from_status, change.to_status) == ("active", "expired")
    assert change.actor is None
    assert change.reason == "Expired on 2030-06-30"


def test_expire_command(cert):
    call_command("expire_certifications", today="2030-07-01")
    cert.refresh_from_db()
    assert cert.status == Certification.Status.EXPIRED


# --- An expired certification blocks completion ----------------------------------------------

HEAT_PUMP_EXPIRY = datetime.date(2024, 9, 30)


@pytest.fixture
def expired_technician(technician):
    Certification.objects.filter(
        technician=technician.technician, cert_type=CertificationType.PTCS_HEAT_PUMP
    ).update(expiry_date=HEAT_PUMP_EXPIRY)
    assert expire_certifications() == 1
    return technician


def complete(user, payload):
    return services.job_submit(actor=user, payload=payload, action="complete")


def test_after_expiry_a_job_installed_after_the_expiry_cannot_be_completed(
    expired_technician, benton_rea
):
    with pytest.raises(services.JobError) as exc:
        complete(expired_technician, ashp_payload(install_date="2024-10-15"))
    assert exc.value.message_dict["tech_id"] == [
        "The installing technician's PTCS Heat Pump certification expired, so this job "
        "cannot be completed; renew it with a new Certified Technician Application."
    ]
    assert not Job.objects.exists()


def test_after_expiry_a_job_installed_before_the_expiry_still_completes(
    expired_technician, benton_rea
):
    job = complete(expired_technician, ashp_payload(install_date="2024-06-03"))
    assert job.status == Job.Status.BPA_APPROVED


# --- Company administrators are told too -----------------------------------------------------


@pytest.fixture
def admin_of_cert(cert):
    from accounts.models import User
    from tests.accounts.factories import UserFactory

    return UserFactory(
        username="olive-office",
        role=User.Role.COMPANY_ADMIN,
        administered_company=cert.technician.company,
    )


@pytest.mark.parametrize(
    ("days_left", "admin_mails"),
    [(61, 0), (60, 1), (59, 1), (15, 1), (14, 2), (13, 2)],
)
def test_administrators_get_each_reminder_once_at_the_thresholds(
    cert, admin_of_cert, mailoutbox, days_left, admin_mails
):
    run(before(days_left))
    run(before(days_left))  # twice: still once each

    to_admin = [m for m in mailoutbox if m.to == [admin_of_cert.email]]
    to_technician = [m for m in mailoutbox if m.to == [cert.technician.user.email]]
    assert len(to_admin) == admin_mails
    assert len(to_technician) == admin_mails  # the technician is told just the same
    assert len(mailoutbox) == 2 * admin_mails


def test_the_administrators_reminder_names_the_technician(cert, admin_of_cert, mailoutbox):
    technician = cert.technician.user
    technician.first_name, technician.last_name = "Tess", "Installer"
    technician.save()

    run(before(60))

    mail = next(m for m in mailoutbox if m.to == [admin_of_cert.email])
    assert "Tess Installer's PTCS Heat Pump" in mail.subject
    assert "June 30, 2030" in mail.subject
    assert f"Technician ID {cert.technician.technician_id}" in mail.body
    assert "/technicians/company/" in mail.body
    assert "Tess Installer" in mail.alternatives[0][0]
    rows = CertificationReminder.objects.filter(certification=cert, days_before=60)
    assert {r.recipient for r in rows} == {technician, admin_of_cert}


def test_an_owner_who_installs_and_administers_is_told_once(cert, mailoutbox):
    owner = cert.technician.user
    owner.administered_company = cert.technician.company
    owner.save()

    run(before(60))

    assert [m.to for m in mailoutbox] == [[owner.email]]


def test_administrators_of_a_former_company_are_not_told(cert, admin_of_cert, mailoutbox):
    from technicians.models import CompanyMembership

    CompanyMembership.objects.filter(technician=cert.technician).update(
        ended_on=datetime.date(2030, 1, 1)
    )
    cert.technician.company = None
    cert.technician.save()

    run(before(60))

    assert [m.to for m in mailoutbox] == [[cert.technician.user.email]]
