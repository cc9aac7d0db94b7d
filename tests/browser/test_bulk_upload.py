"""Bulk upload in a real browser: a company administrator uploads a CSV of five jobs,
two of which fail; corrects the two rows on the result page (htmx, in place) and completes
them; uploading the same file again makes nothing new. And the result page of an upload still
being processed follows its progress and shows the rows when done."""

import re

import pytest
from playwright.sync_api import Page, expect

from jobs.bulk.models import BulkUpload
from jobs.models import Job
from tests.browser.test_certification_journey import nav_link, sign_in
from tests.jobs.bulk.data import ashp_rows, csv_bytes

pytestmark = pytest.mark.browser
MEASURE_ID = re.compile(r"^\d{7}$")


def upload(page: Page, data: bytes) -> None:
    nav_link(page, "Bulk upload").click()
    expect(page.get_by_role("heading", name="Bulk upload of jobs")).to_be_visible()
    page.get_by_label("CSV file", exact=True).set_input_files(
        files=[{"name": "october.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Bulk upload: october.csv")).to_be_visible()


def counts(page: Page, created: int, duplicate: int, failed: int) -> None:
    expect(page.get_by_test_id("created-count")).to_have_text(str(created))
    expect(page.get_by_test_id("duplicate-count")).to_have_text(str(duplicate))
    expect(page.get_by_test_id("failed-count")).to_have_text(str(failed))


def row(page: Page, number: int):
    return page.get_by_test_id(f"bulk-row-{number}")


def fix(page: Page, number: int, name: str, value: str) -> str:
    """Correct one field of a failed row, submit it and return the measure ID it got."""
    form = page.get_by_role("form", name=f"Correct row {number}")
    form.locator(f'[name="{name}"]').fill(value)
    form.get_by_role("button", name="Submit this row").click()
    expect(row(page, number).get_by_test_id("row-result")).to_have_text("Created")
    expect(row(page, number).get_by_test_id("row-status")).to_have_text("BPA Approved")
    measure_id = row(page, number).get_by_test_id("row-measure-id")
    expect(measure_id).to_have_text(MEASURE_ID)
    return measure_id.inner_text()


def test_company_admin_bulk_uploads_and_fixes_the_failing_rows_in_the_page(
    page: Page, company_admin, technician, benton_rea
):
    rows = ashp_rows(5, tech_id=technician.technician.technician_id)
    rows[1]["install_date"] = ""  # spreadsheet row 3
    rows[4]["seer"] = "sixteen"  # spreadsheet row 6
    data = csv_bytes(rows)
    sign_in(page, company_admin.username)

    upload(page, data)

    counts(page, created=3, duplicate=0, failed=2)
    for number in (2, 4, 5):
        expect(row(page, number).get_by_test_id("row-measure-id")).to_have_text(MEASURE_ID)
        expect(row(page, number).get_by_test_id("row-status")).to_have_text("BPA Approved")
    expect(row(page, 3).get_by_test_id("row-result")).to_have_text("Failed")
    expect(row(page, 3)).to_contain_text("Enter the install date.")
    expect(row(page, 6)).to_contain_text("Enter a number.")
    expect(row(page, 6).locator('[name="seer"]')).to_have_value("sixteen")

    fixed = {fix(page, 3, "install_date", "2024-05-02"), fix(page, 6, "seer", "16")}

    assert len(fixed) == 2
    assert Job.objects.count() == 5
    assert {str(j.measure_id) for j in Job.objects.filter(install_date="2024-05-02")} <= fixed
    page.reload()
    counts(page, created=5, duplicate=0, failed=0)
    row(page, 3).get_by_test_id("row-measure-id").click()
    expect(page.get_by_test_id("measure-id")).to_have_text(MEASURE_ID)

    # The same file again: the three good rows are already uploaded, the two bad ones still
    # fail as they are in the file, and nothing new is made.
    upload(page, data)

    counts(page, created=0, duplicate=3, failed=2)
    expect(row(page, 2)).to_contain_text("Already uploaded")
    assert Job.objects.count() == 5


def test_the_result_page_follows_the_processing_and_shows_the_rows_when_done(
    page: Page, company_admin, technician, benton_rea, monkeypatch
):
    """With a real broker the rows are processed after the redirect: the page shows the
    progress, polls it (htmx, every 2 s) and reloads itself with the rows once done."""
    from jobs.bulk import processing, tasks

    monkeypatch.setattr(tasks.process_bulk_upload, "delay", lambda upload_id: None)  # no worker
    sign_in(page, company_admin.username)

    upload(page, csv_bytes(ashp_rows(3, tech_id=technician.technician.technician_id)))

    expect(page.get_by_test_id("progress-text")).to_have_text("Processing: 0 of 3 rows")
    expect(page.get_by_test_id("created-count")).to_have_count(0)
    processing.bulk_upload_process(upload_id=BulkUpload.objects.get().pk)  # the worker

    counts(page, created=3, duplicate=0, failed=0)
    expect(row(page, 4).get_by_test_id("row-measure-id")).to_have_text(MEASURE_ID)
    expect(page.get_by_test_id("bulk-progress")).to_have_count(0)
