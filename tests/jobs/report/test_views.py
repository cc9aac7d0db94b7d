"""The Registry Installation Report: a printable page and a PDF of a completed job, for
whoever may see the job; nothing for an In Progress job or for anyone else."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobs import emails, services
from jobs.models import Job
from jobs.report import document
from jobs.report.document import NOTIFY_UTILITY
from registry.lib.storage import private_storage
from tests.jobs.factories import ashp_payload, duct_payload

pytestmark = pytest.mark.django_db


def report_url(job: Job) -> str:
    return reverse("jobs:report", kwargs={"measure_id": job.measure_id})


def pdf_url(job: Job) -> str:
    return reverse("jobs:report-pdf", kwargs={"measure_id": job.measure_id})


@pytest.fixture
def job(technician, benton_rea) -> Job:
    """A completed, BPA Approved heat pump job at Benton REA."""
    return services.job_submit(actor=technician, payload=ashp_payload(), action="complete")


def test_the_report_shows_the_job_the_technician_gives_the_utility(client, technician, job):
    client.force_login(technician)

    response = client.get(report_url(job))

    assert response.status_code == 200
    html = response.content.decode()
    profile = technician.technician
    for text in (
        str(job.measure_id),
        "BPA Approved",
        "Air source heat pump",
        "Conversion",
        "June 3, 2024",  # install date
        job.site.street_address,
        "PROSSER",
        "Benton REA",
        technician.get_full_name(),
        str(profile.technician_id),
        profile.company.name,
        # Equipment and test results as entered, labelled by the data dictionary.
        "AHRI #",
        "201234567",
        "HSPF",
        "9.5",
        "Acme",
        "HP-24",
        "Air handler",
        # Computed values.
        "Airflow per ton",
        "400 CFM/ton",
        "Temperature split",
        job.ruleset,
        NOTIFY_UTILITY,
        "Report generated",
    ):
        assert text in html, text
    assert "Unverified address" not in html
    assert "bpa_approved" not in html  # the status by its label only: the code is for machines
    assert 'href="http' not in html  # no CDN: the page prints offline
    assert 'src="http' not in html


def test_every_check_is_listed_with_its_result_message_and_source(client, technician, job):
    client.force_login(technician)

    html = client.get(report_url(job)).content.decode()

    assert html.count('<span class="pass">Pass</span>') == len(job.checks)
    for check in job.checks:
        assert str(check["source"]) in html or check["source"].replace("&", "&amp;") in html
    assert job.checks[0]["message"].split(" ")[0] in html


def test_failed_checks_show_as_fail(client, technician, benton_rea):
    job = services.job_submit(
        actor=technician, payload=ashp_payload(balance_point_f="35"), action="complete"
    )
    client.force_login(technician)

    html = client.get(report_url(job)).content.decode()

    assert job.status != Job.Status.BPA_APPROVED
    assert '<span class="fail">Fail</span>' in html
    assert job.get_status_display() in html
    for check in job.failed_checks:
        assert check["source"] in html


def test_a_duct_sealing_report_shows_the_test_results(client, technician, benton_rea):
    job = services.job_submit(actor=technician, payload=duct_payload(), action="complete")
    client.force_login(technician)

    html = client.get(report_url(job)).content.decode()

    for text in ("PTCS duct sealing", "Pre-test duct blaster CFM", "400", "100", "Post-test"):
        assert text in html, text
    assert "AHRI #" not in html


def test_an_unverified_address_is_flagged(client, technician, benton_rea):
    job = services.job_submit(
        actor=technician,
        payload=ashp_payload(street_address="behind the grain elevator"),
        action="complete",
    )
    assert not job.site.verified
    client.force_login(technician)

    html = client.get(report_url(job)).content.decode()

    assert "Unverified address" in html


def test_the_report_page_leads_back_to_the_job_and_the_pdf_has_no_links(client, technician, job):
    client.force_login(technician)
    back = f'href="{reverse("jobs:detail", args=[job.measure_id])}" data-testid="back-to-job"'

    page = client.get(report_url(job)).content.decode()
    pdf = client.get(pdf_url(job)).content

    assert back in page
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Back to job" not in text


def test_the_pdf_is_an_attachment_named_after_the_measure_id(client, technician, job):
    client.force_login(technician)

    response = client.get(pdf_url(job))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith(f'-{job.measure_id}.pdf"')
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (str(job.measure_id), "BPA Approved", "Benton REA", "notify the utility"):
        assert expected in text, expected
    assert "°F" in text  # the embedded font has the degree sign the checks use


def test_the_utility_prints_the_report_of_its_jobs(client, utility_user, job):
    client.force_login(utility_user)

    assert client.get(report_url(job)).status_code == 200
    assert client.get(pdf_url(job)).status_code == 200


@pytest.mark.parametrize(
    "persona", ["other_utility_user", "other_technician", "energy_trust_staff", "inspector"]
)
def test_users_who_cannot_see_the_job_get_404_for_both(client, request, persona, job):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(report_url(job)).status_code == 404
    assert client.get(pdf_url(job)).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, job):
    for url in (report_url(job), pdf_url(job)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_an_in_progress_job_has_no_report_yet(client, technician, benton_rea):
    draft = services.job_submit(actor=technician, payload=ashp_payload(), action="save_progress")
    client.force_login(technician)

    page = client.get(report_url(draft))
    pdf = client.get(pdf_url(draft))

    assert page.status_code == 404
    assert "available once the installing technician completes the job" in page.content.decode()
    assert pdf.status_code == 404
    assert pdf["Content-Type"].startswith("text/html")


def test_an_unknown_measure_id_is_a_404(client, staff):
    client.force_login(staff)

    assert client.get("/jobs/99999999999999999999/report/").status_code == 404
    assert client.get("/jobs/99999999999999999999/report.pdf").status_code == 404


def test_the_job_page_links_to_the_report_once_the_job_is_complete(client, technician, job):
    client.force_login(technician)
    in_progress = services.job_submit(
        actor=technician, payload=duct_payload(), action="save_progress"
    )

    completed_page = client.get(reverse("jobs:detail", kwargs={"measure_id": job.measure_id}))
    progress_page = client.get(
        reverse("jobs:detail", kwargs={"measure_id": in_progress.measure_id})
    )

    assert report_url(job) in completed_page.content.decode()
    assert pdf_url(job) in completed_page.content.decode()
    assert report_url(in_progress) not in progress_page.content.decode()


def test_the_pdf_is_rendered_once_per_version_of_the_job(client, technician, job, monkeypatch):
    """Rendering takes 0.8–2.3 s: the download and the utility notice reuse one render of each
    version of the job; a new version (a status change, a correction) renders again."""

    renders = []
    real = document.render_report_pdf
    monkeypatch.setattr(document, "render_report_pdf", lambda j: renders.append(j.pk) or real(j))
    client.force_login(technician)

    first = client.get(pdf_url(job)).content
    second = client.get(pdf_url(job)).content
    emails.job_notice(job)

    assert renders == [job.pk]
    assert first == second
    job.save()  # a new version
    third = client.get(pdf_url(job)).content
    assert renders == [job.pk, job.pk]
    assert third.startswith(b"%PDF")
    folder = f"reports/{job.measure_id}"
    assert private_storage.listdir(folder)[1] == [document.report_pdf_name(job).rsplit("/")[-1]]
