"""Entering jobs on a technician's behalf: who may name which installing technician,
who may continue a job, and what a company administrator sees."""

import pytest
from django.utils import timezone

from jobs import selectors, services
from jobs.models import Job
from technicians.models import CompanyMembership
from tests.jobs.factories import ashp_payload, duct_payload
from tests.technicians.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def tech_id(user):
    return user.technician.technician_id


def submit(actor, action="complete", **overrides):
    return services.job_submit(actor=actor, payload=ashp_payload(**overrides), action=action)


def test_company_admin_enters_a_job_for_the_companys_technician(
    company_admin, technician, benton_rea
):
    job = submit(company_admin, tech_id=tech_id(technician))

    assert job.status == Job.Status.BPA_APPROVED
    assert job.technician.user == technician  # whose certification counts
    assert job.entered_by == company_admin  # who typed it
    assert job.company == technician.technician.company


def test_company_admin_cannot_enter_for_another_companys_technician(
    company_admin, other_technician, benton_rea
):
    with pytest.raises(services.JobError) as exc:
        submit(company_admin, tech_id=tech_id(other_technician))

    assert "current technicians of your company" in exc.value.message_dict["tech_id"][0]
    assert not Job.objects.exists()


def test_company_admin_must_name_the_technician(company_admin, technician, benton_rea):
    with pytest.raises(services.JobError) as exc:
        submit(company_admin, tech_id="")

    assert "Name the installing technician" in exc.value.message_dict["tech_id"][0]


def test_technician_still_cannot_enter_under_another_id(technician, other_technician, benton_rea):
    with pytest.raises(services.JobError) as exc:
        submit(technician, tech_id=tech_id(other_technician))

    assert "your own PTCS Technician ID" in exc.value.message_dict["tech_id"][0]


def test_staff_enter_for_any_technician_and_may_complete_what_they_entered(
    staff, technician, benton_rea
):
    saved = submit(staff, action="save_progress", tech_id=tech_id(technician))

    done = services.job_complete(actor=staff, measure_id=saved.measure_id)

    assert done.entered_by == staff
    assert done.technician.user == technician
    assert done.status != Job.Status.IN_PROGRESS


def test_company_admin_completes_a_job_the_technician_saved(company_admin, technician, benton_rea):
    saved = submit(technician, action="save_progress")

    done = services.job_complete(actor=company_admin, measure_id=saved.measure_id)

    assert done.status == Job.Status.BPA_APPROVED
    assert done.entered_by == technician


def test_a_technician_who_leaves_keeps_past_jobs_and_the_company_keeps_seeing_them(
    company_admin, technician, benton_rea
):
    job = submit(company_admin, tech_id=tech_id(technician))
    profile = technician.technician
    new_company = CompanyFactory(name="Elsewhere Heating")
    CompanyMembership.objects.filter(technician=profile, ended_on__isnull=True).update(
        ended_on=timezone.localdate()
    )
    profile.company = new_company
    profile.save()

    assert list(selectors.jobs_visible_to(technician)) == [job]
    assert list(selectors.jobs_visible_to(company_admin)) == [job]
    assert job.technician not in selectors.technicians_enterable_by(company_admin)
    with pytest.raises(services.JobError):
        submit(company_admin, tech_id=tech_id(technician))


def test_company_admin_sees_only_the_companys_jobs(
    company_admin, technician, other_technician, benton_rea
):
    ours = submit(technician)
    services.job_submit(
        actor=other_technician, payload=duct_payload(street_address="9 Elm St"), action="complete"
    )
    assert Job.objects.count() == 2

    assert set(selectors.jobs_visible_to(company_admin)) == {ours}
