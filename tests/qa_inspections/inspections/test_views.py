"""The inspector's pages, the technician's remediation page and staff's remediation pages:
what each shows, 400s that keep what was typed, photo uploads checked by content and streamed
privately, and list pages whose query count does not grow with their rows."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qa_inspections.inspections import services
from qa_inspections.models import Inspection, InspectionPhoto, Remediation
from technicians.models import Certification
from tests.qa_inspections.inspections.data import assign, duct_job, failed_inspection
from tests.technicians.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(technician, benton_rea):
    return duct_job(technician)


@pytest.fixture
def inspection(inspector, job):
    return services.inspection_start(actor=inspector, assignment_id=assign(job, inspector).pk)


@pytest.fixture
def remediation(inspector, job):
    return failed_inspection(job, inspector).remediation


def form_data(**overrides):
    """The inspection form as a browser posts it (a failing post-test re-measurement)."""
    data = {
        "kind": "on_site",
        "inspected_on": "2025-03-12",
        "m_post_cfm50": "310",
        "item_duct_1": "pass",
        "item_duct_post_test": "fail",
        "note_duct_post_test": "Return plenum joint left unsealed.",
        "notes": "Re-measured with the homeowner present.",
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def photo(name="plenum.png", content=PNG_BYTES, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def inspect_url(inspection):
    return reverse("qa:inspect", args=[inspection.pk])


# --- My assignments and starting ------------------------------------------------------------


def test_my_assignments_lists_mine_and_unassigned_but_not_others(
    client, inspector, technician, benton_rea
):
    mine = assign(duct_job(technician, street_address="1 Elm St"), inspector)
    free = assign(duct_job(technician, street_address="2 Elm St"))
    others = assign(
        duct_job(technician, street_address="3 Elm St"),
        inspector=type(inspector).objects.create_user(
            "ines", "ines@example.com", role="qa_inspector", is_qa_inspector=True
        ),
    )
    client.force_login(inspector)

    response = client.get(reverse("qa:assignments"))

    content = response.content.decode()
    assert f'data-testid="assignment-{mine.job.measure_id}"' in content
    assert f'data-testid="assignment-{free.job.measure_id}"' in content
    assert f'data-testid="assignment-{others.job.measure_id}"' not in content
    assert "unassigned" in content


def test_start_takes_an_unassigned_job_and_opens_the_form(client, inspector, job):
    assignment = assign(job)
    client.force_login(inspector)

    response = client.post(reverse("qa:start", args=[assignment.pk]))

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspect_url(inspection)
    assignment.refresh_from_db()
    assert assignment.inspector == inspector


def test_form_shows_the_reported_values_beside_the_fields(client, inspector, inspection):
    client.force_login(inspector)

    response = client.get(inspect_url(inspection))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="reported-post_cfm50">100 CFM50<' in content
    assert 'data-testid="allowed-post_cfm50">150 CFM50<' in content
    assert 'name="m_post_cfm50"' in content
    assert "Duct leakage post-test" in content
    assert "PTCS Duct Sealing Specification (2015), §9" in content  # 004 L508-510, the CO detector
    assert 'accept="image/jpeg,image/png"' in content


def test_another_inspectors_inspection_is_a_404(client, inspection, db):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(role="qa_inspector", is_qa_inspector=True))

    assert client.get(inspect_url(inspection)).status_code == 404


# --- Save draft, submit, errors -------------------------------------------------------------


def test_save_draft_keeps_everything_and_returns_to_the_form(client, inspector, inspection):
    client.force_login(inspector)

    response = client.post(inspect_url(inspection), form_data())

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.DRAFT
    assert inspection.measured == {"post_cfm50": 310.0}
    assert inspection.items.get(code="duct.post_test").passed is False
    page = client.get(inspect_url(inspection)).content.decode()
    assert 'value="310.0"' in page or 'value="310"' in page
    assert "Return plenum joint left unsealed." in page


def test_a_bad_number_is_a_400_that_keeps_what_was_typed(client, inspector, inspection):
    client.force_login(inspector)

    response = client.post(inspect_url(inspection), form_data(m_post_cfm50="lots"))

    content = response.content.decode()
    assert response.status_code == 400
    assert 'value="lots"' in content
    assert "Return plenum joint left unsealed." in content
    inspection.refresh_from_db()
    assert inspection.measured == {}


def test_submit_without_a_result_is_a_400_and_saves_nothing(client, inspector, inspection):
    client.force_login(inspector)

    response = client.post(inspect_url(inspection), form_data(action="submit"))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Choose pass, pass with notes or fail." in content
    assert 'value="310"' in content
    inspection.refresh_from_db()
    assert (inspection.status, inspection.measured) == (Inspection.Status.DRAFT, {})


def test_submit_fail_opens_the_remediation(client, inspector, inspection, technician):
    client.force_login(inspector)

    response = client.post(inspect_url(inspection), form_data(action="submit", result="fail"))

    assert response.status_code == 302
    assert response["Location"] == reverse("qa:assignments")
    remediation = Remediation.objects.get()
    assert remediation.technician == technician.technician
    page = client.get(inspect_url(inspection)).content.decode()
    assert "Submitted: Fail" in page
    assert "Save draft" not in page


# --- Photos -----------------------------------------------------------------------------------


def test_photos_upload_privately_and_stream_to_the_inspector_and_staff(
    client, inspector, inspection, staff, settings
):
    client.force_login(inspector)

    response = client.post(
        inspect_url(inspection),
        form_data(photos=[photo(), photo("boot.jpg", JPEG_BYTES, "image/jpeg")]),
    )

    assert response.status_code == 302
    stored = list(InspectionPhoto.objects.order_by("pk"))
    assert [p.content_type for p in stored] == ["image/png", "image/jpeg"]
    assert [p.original_name for p in stored] == ["plenum.png", "boot.jpg"]
    path = stored[0].file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(django_settings.MEDIA_ROOT))
    assert "plenum" not in stored[0].file.name  # our name, not the uploader's
    url = reverse("qa:photo", args=[stored[0].pk])
    for user in (inspector, staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG_BYTES
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "persona",
    ["technician", "other_technician", "utility_user", "energy_trust_staff", "trainer"],
)
def test_a_photo_is_a_404_for_everyone_else(client, request, inspector, inspection, persona):
    services.inspection_add_photo(actor=inspector, inspection_id=inspection.pk, upload=photo())
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("qa:photo", args=[InspectionPhoto.objects.get().pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (photo("scan.png", PDF_BYTES, "image/png"), "is not a PNG or JPEG photo"),
        (photo("plenum.jpg", PNG_BYTES, "image/jpeg"), "is not a PNG or JPEG photo"),
        (photo("notes.txt", b"hello", "text/plain"), "is not a PNG or JPEG photo"),
        (photo("empty.png", b""), "is empty"),
    ],
)
def test_a_bad_photo_is_a_400_that_keeps_the_typed_values(
    client, inspector, inspection, upload, message
):
    client.force_login(inspector)

    response = client.post(inspect_url(inspection), form_data(photos=[upload]))

    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert 'value="310"' in content
    assert not InspectionPhoto.objects.exists()
    inspection.refresh_from_db()
    assert inspection.measured == {}  # the draft was not half-saved


def test_an_oversized_photo_is_refused(client, inspector, inspection, settings):
    settings.QA_PHOTO_MAX_BYTES = 32
    client.force_login(inspector)

    response = client.post(inspect_url(inspection), form_data(photos=[photo()]))

    assert response.status_code == 400
    assert "the limit is 32" in response.content.decode()
    assert not InspectionPhoto.objects.exists()


# --- The technician's remediations ------------------------------------------------------------


def test_the_technician_sees_the_remediation_and_the_notice_on_the_job(
    client, technician, remediation
):
    client.force_login(technician)

    page = client.get(reverse("qa:my-remediations")).content.decode()
    job_page = client.get(reverse("jobs:detail", args=[remediation.job.measure_id]))

    assert f'data-testid="remediation-{remediation.job.measure_id}"' in page
    assert "Return plenum joint left unsealed." in page
    assert 'data-testid="qa-remediation"' in job_page.content.decode()


def test_the_utility_sees_no_remediation_notice(client, utility_user, remediation):
    client.force_login(utility_user)

    response = client.get(reverse("jobs:detail", args=[remediation.job.measure_id]))

    assert response.status_code == 200
    assert 'data-testid="qa-remediation"' not in response.content.decode()


def test_an_empty_response_is_a_400_and_a_response_is_kept(client, technician, remediation):
    client.force_login(technician)
    url = reverse("qa:remediation-respond", args=[remediation.pk])
    field = f"r{remediation.pk}-response"

    assert client.post(url, {field: "  "}).status_code == 400
    response = client.post(url, {field: "Sealed the return plenum on March 20."})

    assert response.status_code == 302
    remediation.refresh_from_db()
    assert remediation.technician_response == "Sealed the return plenum on March 20."


def test_another_technicians_remediation_is_a_404(client, other_technician, remediation):
    client.force_login(other_technician)

    response = client.post(
        reverse("qa:remediation-respond", args=[remediation.pk]),
        {f"r{remediation.pk}-response": "Not mine"},
    )

    assert response.status_code == 404
    page = client.get(reverse("qa:my-remediations")).content.decode()
    assert 'data-testid="remediation-' not in page


# --- Staff ------------------------------------------------------------------------------------


def test_staff_resolve_needs_a_note(client, staff, remediation):
    client.force_login(staff)
    url = reverse("qa:remediation-resolve", args=[remediation.pk])

    assert client.post(url, {"note": ""}).status_code == 400
    response = client.post(url, {"note": "Re-tested at 120 CFM50."})

    assert response.status_code == 302
    remediation.refresh_from_db()
    assert remediation.status == Remediation.Status.RESOLVED
    page = client.get(reverse("qa:remediations")).content.decode()
    assert 'data-testid="remediation-' not in page


def test_staff_suspend_and_a_refused_suspension_keeps_the_reason(
    client, staff, remediation, technician
):
    client.force_login(staff)
    url = reverse("qa:remediation-suspend", args=[remediation.pk])

    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Second failure this year."}).status_code == 302
    again = client.post(url, {"reason": "Typed again by mistake."})

    assert again.status_code == 400
    content = again.content.decode()
    assert "already Suspended" in content
    assert "Typed again by mistake." in content
    cert = Certification.objects.get(
        technician=technician.technician, cert_type="ptcs_duct_sealing"
    )
    assert cert.status == Certification.Status.SUSPENDED
    remediation.refresh_from_db()
    assert remediation.status == Remediation.Status.OPEN


def test_nav_links_by_role(client, inspector, staff, technician):
    for user, link in (
        (inspector, "My inspections"),
        (staff, ">QA<"),
        (technician, "Remediations"),
    ):
        client.force_login(user)
        assert link in client.get(reverse("home")).content.decode()


# --- Query counts do not grow with the rows ---------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_query_counts_do_not_grow(client, inspector, staff, technician, benton_rea):
    pages = {
        "qa:assignments": inspector,
        "qa:remediations": staff,
        "qa:my-remediations": technician,
    }

    def fail_one(street):
        failed_inspection(duct_job(technician, street_address=street), inspector)
        assign(duct_job(technician, street_address=f"{street} B"))

    def counts():
        found = {}
        for name, user in pages.items():
            client.force_login(user)
            found[name] = _queries(client, reverse(name))
        return found

    fail_one("1 Elm St")
    with_one = counts()
    fail_one("2 Elm St")
    fail_one("3 Elm St")

    assert counts() == with_one
