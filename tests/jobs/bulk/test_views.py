"""Bulk upload pages (jobs.bulk.views): the upload form, the template, the result page and the
in-page correction of failed rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.bulk import parse as bulk
from jobs.bulk.models import BulkUpload, BulkUploadRow
from jobs.models import Job
from tests.jobs.bulk.data import ashp_rows, csv_bytes, run_on_commit, upload_processed

pytestmark = pytest.mark.django_db
UPLOAD = reverse("jobs:bulk-upload")
#: Session, user, may they upload (a technician with a Technician ID), the upload, the row count
#: and the page of rows with their jobs.
RESULT_QUERIES = 6


def post_file(client, data: bytes, name: str = "jobs.csv"):
    """Upload a file; its task (queued on commit) runs before this returns."""
    with run_on_commit():
        return client.post(
            UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
        )


def result_url(done: BulkUpload) -> str:
    return reverse("jobs:bulk-result", kwargs={"upload_id": done.pk})


def row_url(done: BulkUpload, number: int) -> str:
    return reverse("jobs:bulk-row", kwargs={"upload_id": done.pk, "row_number": number})


@pytest.fixture
def admin_client(client, company_admin):
    client.force_login(company_admin)
    return client


def hundred_rows_with_three_bad(tech_id: int) -> list[dict]:
    rows = ashp_rows(100, tech_id=tech_id)
    rows[9]["install_date"] = ""  # row 11
    rows[49]["seer"] = "sixteen"  # row 51
    rows[89]["zip_code"] = ""  # row 91
    return rows


@pytest.mark.slow
def test_three_bad_rows_of_a_hundred_create_97_jobs_and_a_reupload_creates_nothing(
    admin_client, company_admin, technician, benton_rea
):
    data = csv_bytes(hundred_rows_with_three_bad(technician.technician.technician_id))

    response = post_file(admin_client, data)

    done = BulkUpload.objects.get()
    assert response.status_code == 302
    assert response.url == result_url(done)
    assert (done.row_count, done.created_count, done.failed_count) == (100, 97, 3)
    assert Job.objects.count() == 97
    page = admin_client.get(result_url(done), {"show": "failed"})
    failed = {r["row"].row_number: r for r in page.context["rows"]}
    assert set(failed) == {11, 51, 91}
    assert failed[11]["flagged"][0]["errors"] == ["Enter the install date."]
    assert failed[51]["flagged"][0]["errors"] == ["Enter a number."]
    assert failed[91]["flagged"][0]["errors"] == ["This field is required."]
    html = page.content.decode()
    assert "Enter the install date." in html
    assert 'value="sixteen"' in html

    again = post_file(admin_client, data)

    second = BulkUpload.objects.exclude(pk=done.pk).get()
    assert again.url == result_url(second)
    assert (second.created_count, second.duplicate_count, second.failed_count) == (0, 97, 3)
    assert Job.objects.count() == 97
    first_jobs = dict(done.rows.values_list("row_number", "job"))
    assert dict(second.rows.values_list("row_number", "job")) == first_jobs


def test_result_page_shows_measure_ids_and_statuses(admin_client, technician, benton_rea):
    post_file(admin_client, csv_bytes(ashp_rows(2, tech_id=technician.technician.technician_id)))
    done = BulkUpload.objects.get()

    response = admin_client.get(result_url(done))

    job = Job.objects.order_by("measure_id").first()
    html = response.content.decode()
    assert f'href="{reverse("jobs:detail", args=[job.measure_id])}"' in html
    assert "BPA Approved" in html
    assert 'data-testid="created-count">2<' in html


@pytest.mark.parametrize("count", [3, 30])
def test_result_page_queries_do_not_grow_with_rows(
    client, technician, benton_rea, django_assert_num_queries, count
):
    rows = ashp_rows(count)
    rows[0]["seer"] = "x"
    client.force_login(technician)
    post_file(client, csv_bytes(rows))
    done = BulkUpload.objects.get()

    with django_assert_num_queries(RESULT_QUERIES):
        response = client.get(result_url(done))

    assert len(response.context["rows"]) == count


def test_upload_page_and_template(admin_client):
    page = admin_client.get(UPLOAD)
    template = admin_client.get(reverse("jobs:bulk-template"))

    assert page.status_code == 200
    assert reverse("jobs:bulk-template") in page.content.decode()
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    header, example = list(csv.reader(io.StringIO(template.content.decode())))
    assert tuple(header) == bulk.COLUMNS
    assert example[header.index("measure_type")] == "ashp"


def test_the_templates_example_row_uploads_as_a_bpa_approved_job(client, technician, benton_rea):
    """The template is a working file: downloaded and uploaded as it is, its example row
    becomes a job under the uploader's own Technician ID."""
    client.force_login(technician)
    template = client.get(reverse("jobs:bulk-template")).content

    done = upload_processed(technician, template, filename="template.csv")

    row = done.rows.get()
    assert (row.status, row.errors) == (BulkUploadRow.Status.CREATED, {})
    assert row.job.status == Job.Status.BPA_APPROVED
    assert row.job.technician.user == technician


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"measure_type,install_date,street_address,city,state,zip_code,sear\nashp", "“seer”"),
        (b"GIF89a\x00\x00\x01", "This is not a text file"),
    ],
)
def test_refused_files_come_back_with_the_reason_and_create_nothing(admin_client, data, message):
    response = post_file(admin_client, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert BulkUpload.objects.count() == Job.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_reading(
    admin_client, technician, benton_rea, settings
):
    data = csv_bytes(ashp_rows(1, tech_id=technician.technician.technician_id))
    settings.BULK_UPLOAD_MAX_BYTES = len(data) - 1

    response = post_file(admin_client, data)

    assert response.status_code == 400
    assert "the limit is" in response.content.decode()
    assert BulkUpload.objects.count() == Job.objects.count() == 0
    settings.BULK_UPLOAD_MAX_BYTES = len(data)
    assert post_file(admin_client, data).status_code == 302


def _failed_upload(client, technician) -> BulkUpload:
    rows = ashp_rows(2, tech_id=technician.technician.technician_id)
    rows[1]["install_date"] = ""
    post_file(client, csv_bytes(rows))
    return BulkUpload.objects.get()


def test_fixing_a_row_with_htmx_returns_the_row_with_its_job(admin_client, technician, benton_rea):
    done = _failed_upload(admin_client, technician)

    response = admin_client.post(
        row_url(done, 3), {"install_date": "2024-05-03"}, HTTP_HX_REQUEST="true"
    )

    job = done.rows.get(row_number=3).job
    html = response.content.decode()
    assert response.status_code == 200
    assert '<tr id="row-3"' in html
    assert f">{job.measure_id}</a>" in html
    assert "BPA Approved" in html
    assert job.install_date.isoformat() == "2024-05-03"


def test_fixing_a_row_with_htmx_that_still_fails_shows_the_errors(
    admin_client, technician, benton_rea
):
    done = _failed_upload(admin_client, technician)

    response = admin_client.post(
        row_url(done, 3), {"install_date": "2099-01-01"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "The install date cannot be in the future." in response.content.decode()
    assert 'value="2099-01-01"' in response.content.decode()


def test_fixing_a_row_without_javascript(admin_client, technician, benton_rea):
    done = _failed_upload(admin_client, technician)

    still = admin_client.post(row_url(done, 3), {"install_date": "soon"})
    fixed = admin_client.post(row_url(done, 3), {"install_date": "2024-05-03"})

    assert still.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in still.content.decode()
    assert fixed.status_code == 302
    assert fixed.url == f"{result_url(done)}#row-3"
    assert done.rows.get(row_number=3).status == BulkUploadRow.Status.CREATED


def test_an_upload_is_seen_by_its_uploader_and_staff_only(
    client, admin_client, technician, other_technician, staff, benton_rea
):
    done = _failed_upload(admin_client, technician)
    client.force_login(other_technician)

    assert client.get(result_url(done)).status_code == 404
    assert client.post(row_url(done, 3), {"install_date": "2024-05-03"}).status_code == 404
    client.force_login(staff)
    page = client.get(result_url(done))
    assert page.status_code == 200
    assert 'aria-label="Correct row 3"' not in page.content.decode()  # staff read, not fix
    assert client.post(row_url(done, 3), {"install_date": "2024-05-03"}).status_code == 404
    assert done.rows.get(row_number=3).status == BulkUploadRow.Status.FAILED


def test_an_unknown_row_is_404(admin_client, technician, benton_rea):
    done = _failed_upload(admin_client, technician)

    assert admin_client.get(row_url(done, 99)).status_code == 404
