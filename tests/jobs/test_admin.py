"""The jobs admin: staff browse and search jobs, cannot touch statuses or measure IDs, and
maintain the ring calibration table."""

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatusChange, RingCalibration
from tests.jobs.factories import JobFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(benton_rea):
    site = SiteFactory(street_address="1200 N MEADE AVE")
    job = JobFactory(site=site, utility=benton_rea)
    JobStatusChange.objects.create(
        job=job, from_status="", to_status=job.status, actor=job.entered_by
    )
    return job


def test_job_changelist_lists_the_jobs_columns(admin_client, job):
    response = admin_client.get(reverse("admin:jobs_job_changelist"))

    assert response.status_code == 200
    columns = [c for c in response.context["cl"].list_display if c != "action_checkbox"]
    assert columns == [
        "measure_id",
        "measure_type",
        "status",
        "utility",
        "install_date",
    ]
    assert str(job.measure_id) in response.content.decode()


@pytest.mark.parametrize("term", ["measure_id", "Meade", "99350"])
def test_jobs_are_searchable_by_measure_id_and_address(admin_client, job, term):
    other = JobFactory(site=SiteFactory(street_address="9 OTHER RD", zip_code="99320"))
    query = str(job.measure_id) if term == "measure_id" else term

    response = admin_client.get(reverse("admin:jobs_job_changelist"), {"q": query})

    found = {j.pk for j in response.context["cl"].queryset}
    assert job.pk in found
    assert other.pk not in found


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"status__exact": "bpa_approved"}, 1),
        ({"status__exact": "rejected"}, 0),
        ({"measure_type__exact": "ashp"}, 1),
        ({"measure_type__exact": "gshp"}, 0),
    ],
)
def test_jobs_filter_by_status_measure_type_and_utility(admin_client, job, params, count):
    response = admin_client.get(reverse("admin:jobs_job_changelist"), params)

    assert response.context["cl"].result_count == count


def test_jobs_filter_by_utility(admin_client, job, pacific_power):
    url = reverse("admin:jobs_job_changelist")

    assert (
        admin_client.get(url, {"utility__id__exact": job.utility_id}).context["cl"].result_count
        == 1
    )
    assert (
        admin_client.get(url, {"utility__id__exact": pacific_power.pk}).context["cl"].result_count
        == 0
    )


def test_job_change_page_shows_status_measure_id_and_checks_read_only(admin_client, job):
    response = admin_client.get(reverse("admin:jobs_job_change", args=[job.pk]))

    assert response.status_code == 200
    form_fields = set(response.context["adminform"].form.fields)
    assert {"measure_id", "status", "checks"}.isdisjoint(form_fields)
    assert {"install_date", "data"} <= form_fields


def test_posting_a_status_through_the_admin_does_not_change_it(admin_client, job):
    url = reverse("admin:jobs_job_change", args=[job.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(status="rejected", measure_id="1999999", install_date="2024-06-04")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED
    assert job.measure_id != 1_999_999
    assert str(job.install_date) == "2024-06-04"
    assert job.history.count() == 2  # the edit is kept in the job's history


def test_jobs_cannot_be_added_or_deleted_in_the_admin(admin_client, job):
    assert admin_client.get(reverse("admin:jobs_job_add")).status_code == 403
    assert admin_client.get(reverse("admin:jobs_job_delete", args=[job.pk])).status_code == 403


def test_job_history_page_is_available(admin_client, job):
    response = admin_client.get(reverse("admin:jobs_job_history", args=[job.pk]))

    assert response.status_code == 200


def test_status_changes_are_read_only(admin_client, job):
    change = job.status_changes.get()

    assert admin_client.get(reverse("admin:jobs_jobstatuschange_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:jobs_jobstatuschange_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:jobs_jobstatuschange_change", args=[change.pk]), {"to_status": "rejected"}
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.to_status == Job.Status.BPA_APPROVED


def test_site_address_is_read_only_but_verification_is_editable(admin_client, job):
    response = admin_client.get(reverse("admin:jobs_site_change", args=[job.site_id]))

    assert response.status_code == 200
    form_fields = set(response.context["adminform"].form.fields)
    assert {"verified", "verification_note"} <= form_fields
    assert {"street_address", "zip_code", "normalized_key"}.isdisjoint(form_fields)


def test_staff_add_and_edit_ring_calibrations(admin_client):
    response = admin_client.post(
        reverse("admin:jobs_ringcalibration_add"),
        {
            "equipment": "retrotec",
            "ring": "2",
            "c": "12.5",
            "n": "0.5",
            "min_pa": "",
            "max_pa": "",
            "source": "RetroTec manual, table 3",
            "active": "on",
        },
    )

    assert response.status_code == 302
    ring = RingCalibration.objects.get(equipment="retrotec", ring="2")
    assert (ring.c, ring.n) == (12.5, 0.5)

    response = admin_client.post(
        reverse("admin:jobs_ringcalibration_change", args=[ring.pk]),
        {
            "equipment": "retrotec",
            "ring": "2",
            "c": "13",
            "n": "0.5",
            "source": "RetroTec manual, table 3 (2025)",
            "active": "on",
        },
    )

    assert response.status_code == 302
    ring.refresh_from_db()
    assert ring.c == 13.0


def test_non_staff_users_cannot_open_the_jobs_admin(client, technician, job):
    client.force_login(technician)

    response = client.get(reverse("admin:jobs_job_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
