"""Bulk upload services (jobs.bulk.services): every row through job_submit, who may enter
what, re-uploads, in-page corrections."""

from __future__ import annotations

import pytest

from jobs.bulk import services as bulk_services
from jobs.bulk.models import BulkJobKey, BulkUpload, BulkUploadRow
from jobs.models import Job
from tests.jobs.bulk.data import ashp_rows, csv_bytes, upload_processed
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload

pytestmark = pytest.mark.django_db
Status = BulkUploadRow.Status


def upload(actor, rows, **kwargs) -> BulkUpload:
    return upload_processed(actor, csv_bytes(rows, **kwargs))


def tech_id(user) -> int:
    return user.technician.technician_id


def row(done: BulkUpload, number: int) -> BulkUploadRow:
    return done.rows.get(row_number=number)


def test_company_admin_uploads_for_the_company_technician(company_admin, technician, benton_rea):
    done = upload(company_admin, ashp_rows(2, tech_id=tech_id(technician)))

    assert (done.created_count, done.duplicate_count, done.failed_count) == (2, 0, 0)
    jobs = Job.objects.order_by("measure_id")
    assert [j.technician.user for j in jobs] == [technician, technician]
    assert {j.entered_by for j in jobs} == {company_admin}
    assert {j.status for j in jobs} == {Job.Status.BPA_APPROVED}
    assert [r.job for r in done.rows.all()] == list(jobs)


def test_company_admin_cannot_upload_for_another_company_technician(
    company_admin, technician, other_technician, benton_rea
):
    rows = [*ashp_rows(1, tech_id=tech_id(technician))]
    rows += ashp_rows(1, tech_id=tech_id(other_technician), start=500)

    done = upload(company_admin, rows)

    assert (done.created_count, done.failed_count) == (1, 1)
    failed = row(done, 3)
    assert failed.status == Status.FAILED
    assert failed.job is None
    assert list(failed.errors) == ["tech_id"]
    assert "only for the current technicians of your company" in failed.errors["tech_id"][0]
    assert not Job.objects.filter(technician__user=other_technician).exists()


def test_staff_upload_for_any_technician(staff, technician, other_technician, benton_rea):
    rows = ashp_rows(1, tech_id=tech_id(technician))
    rows.append(entry_duct_payload(tech_id=str(tech_id(other_technician))))

    done = upload(staff, rows)

    assert (done.created_count, done.failed_count) == (2, 0)
    assert {j.technician.user for j in Job.objects.all()} == {technician, other_technician}
    assert {j.entered_by for j in Job.objects.all()} == {staff}


def test_staff_must_name_the_technician(staff, technician, benton_rea):
    done = upload(staff, ashp_rows(1))

    assert row(done, 2).errors == {
        "tech_id": ["Name the installing technician by their PTCS Technician ID."]
    }


def test_technician_uploads_own_jobs_and_a_reupload_naming_themself_is_the_same(
    technician, benton_rea
):
    first = upload(technician, ashp_rows(2))
    again = upload(technician, ashp_rows(2, tech_id=tech_id(technician)))

    assert first.created_count == 2
    assert (again.created_count, again.duplicate_count) == (0, 2)
    assert row(again, 2).job == row(first, 2).job
    assert Job.objects.count() == 2


def test_technician_cannot_upload_for_a_colleague(technician, other_technician, benton_rea):
    done = upload(technician, ashp_rows(1, tech_id=tech_id(other_technician)))

    assert row(done, 2).errors == {
        "tech_id": ["You can enter jobs only under your own PTCS Technician ID."]
    }


def test_identical_rows_in_one_file_make_one_job(technician, benton_rea):
    done = upload(technician, [entry_ashp_payload(), entry_ashp_payload()])

    assert (done.created_count, done.duplicate_count) == (1, 1)
    assert row(done, 3).job == row(done, 2).job
    assert Job.objects.count() == BulkJobKey.objects.count() == 1


def test_save_progress_action_and_a_bad_action(technician, benton_rea):
    rows = [
        {**entry_duct_payload(post_cfm50=None), "action": "save_progress"},
        {**entry_ashp_payload(), "action": "finish"},
    ]

    done = upload(technician, rows)

    assert row(done, 2).job.status == Job.Status.IN_PROGRESS
    assert row(done, 3).errors == {"action": ["Use save_progress or complete."]}


def test_a_value_in_a_column_of_another_measure_is_an_error(technician, benton_rea):
    done = upload(technician, [entry_duct_payload(seer="16")])

    assert row(done, 2).errors == {"seer": ["Unknown field for a duct_sealing_ptcs job."]}
    assert Job.objects.count() == 0


def test_a_reupload_does_not_disclose_a_job_the_uploader_cannot_see(
    technician, other_technician, benton_rea
):
    upload(technician, ashp_rows(1, tech_id=tech_id(technician)))
    measure_id = Job.objects.get().measure_id

    done = upload(other_technician, ashp_rows(1, tech_id=tech_id(technician)))

    failed = row(done, 2)
    assert failed.status == Status.FAILED
    assert "a job you cannot see" in failed.errors["__all__"][0]
    assert str(measure_id) not in str(failed.errors)
    assert Job.objects.count() == 1


def test_a_refused_file_writes_nothing(technician, benton_rea):
    with pytest.raises(bulk_services.BulkFileError) as caught:
        bulk_services.bulk_upload_create(actor=technician, filename="x.csv", data=b"\x00\x01")

    assert "not a text file" in caught.value.messages[0]
    assert BulkUpload.objects.count() == Job.objects.count() == 0


def test_fixing_a_failed_row_creates_its_job_and_moves_the_counts(technician, benton_rea):
    done = upload(technician, [*ashp_rows(1), entry_ashp_payload(seer="abc", install_date="")])
    failed = row(done, 3)
    assert set(failed.errors) == {"seer", "install_date"}

    still = bulk_services.bulk_row_fix(actor=technician, row=failed, posted={"seer": "15"})
    assert still.status == Status.FAILED
    assert still.errors == {"install_date": ["Enter the install date."]}
    assert still.payload["seer"] == "15"  # kept, nothing typed is lost

    fixed = bulk_services.bulk_row_fix(
        actor=technician, row=still, posted={"install_date": "2024-05-02"}
    )

    assert fixed.status == Status.CREATED
    assert fixed.errors == {}
    assert fixed.job.status == Job.Status.BPA_APPROVED
    assert fixed.job.data["seer"] == 15
    done.refresh_from_db()
    assert (done.created_count, done.duplicate_count, done.failed_count) == (2, 0, 0)
    # Submitting the same correction again (another tab) changes nothing.
    again = bulk_services.bulk_row_fix(actor=technician, row=failed, posted={"seer": "15"})
    assert again.job == fixed.job
    assert Job.objects.count() == 2


def test_fixing_a_row_into_one_already_uploaded_reports_it(technician, benton_rea):
    good = entry_ashp_payload()
    done = upload(technician, [good, {**good, "seer": "abc"}])

    fixed = bulk_services.bulk_row_fix(actor=technician, row=row(done, 3), posted={"seer": "16"})

    assert fixed.status == Status.DUPLICATE
    assert fixed.job == row(done, 2).job
    done.refresh_from_db()
    assert (done.created_count, done.duplicate_count, done.failed_count) == (1, 1, 0)


def test_emptying_a_field_on_the_page_removes_it(technician, benton_rea):
    done = upload(technician, [entry_ashp_payload(install_date="", thermostat_make="Acme")])

    fixed = bulk_services.bulk_row_fix(
        actor=technician,
        row=row(done, 2),
        posted={"install_date": "2024-05-01", "thermostat_make": "  ", "not_a_column": "x"},
    )

    assert fixed.status == Status.CREATED
    assert "not_a_column" not in fixed.payload
    assert "thermostat_make" not in fixed.payload
    assert fixed.job.data["thermostat_make"] is None
