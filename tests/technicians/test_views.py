"""The technician pages, the staff decision views and the public look-up, through HTTP."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from technicians import services
from technicians.models import Application, Certification, CertificationType
from tests.technicians.factories import (
    PDF_BYTES,
    CertificationFactory,
    CompanyFactory,
    TechnicianProfileFactory,
    application_data,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

APPLY = reverse("technicians:apply", kwargs={"kind_slug": "technician"})
LOOKUP = reverse("technicians:lookup")
API_LOOKUP = reverse("api-technician-list")


class _Inputs(HTMLParser):
    """The <input> elements of a page, as attribute dicts."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def _typed_values(response) -> dict[str, str]:
    return {
        i["name"]: i.get("value")
        for i in _Inputs(response.content.decode()).inputs
        if i.get("type") in ("text", "date", "email", "tel", None) and "name" in i
    }


def _checked(response, name: str) -> set[str]:
    return {
        i["value"]
        for i in _Inputs(response.content.decode()).inputs
        if i.get("name") == name and "checked" in i
    }


def _stored_files() -> list[Path]:
    return [p for p in Path(django_settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def application(applicant):
    return services.application_submit(
        actor=applicant,
        kind=Application.Kind.TECHNICIAN,
        data=application_data(),
        proof=pdf_upload("WSU heat pump training 2026.pdf"),
    )


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- Applying --------------------------------------------------------------------------------


def _apply(client, proof=None, **overrides):
    data = application_data(**overrides)
    if proof is not None:
        data["proof_of_training"] = proof
    return client.post(APPLY, data)


def _text_named_pdf():
    return SimpleUploadedFile("proof.pdf", b"I promise I passed the training.\n")


FORM_ERRORS = [
    pytest.param({"training_date": ""}, pdf_upload, id="missing-training-date"),
    pytest.param({}, _text_named_pdf, id="wrong-file-type"),
]


@pytest.mark.parametrize(("overrides", "make_upload"), FORM_ERRORS)
def test_apply_with_an_error_answers_400(applicant_client, overrides, make_upload):
    response = _apply(applicant_client, make_upload(), **overrides)

    assert response.status_code == 400


@pytest.mark.parametrize(("overrides", "make_upload"), FORM_ERRORS)
def test_apply_with_an_error_keeps_every_typed_value(applicant_client, overrides, make_upload):
    response = _apply(applicant_client, make_upload(), **overrides)

    values = _typed_values(response)
    assert (
        values["company_name"],
        values["company_license_number"],
        values["company_street_address"],
        values["company_city"],
        values["company_state"],
        values["company_zip_code"],
        values["company_phone"],
        values["training_provider"],
    ) == (
        "Yakima Valley Heat Pumps",
        "YAKIMVH900KL",
        "22 Fruitvale Blvd",
        "Yakima",
        "WA",
        "98902",
        "509-555-0199",
        "WSU Energy Program",
    )
    assert _checked(response, "certifications_sought") == {"ptcs_heat_pump", "ptcs_duct_sealing"}
    assert _checked(response, "training_path") == {"bpa_training"}


def test_apply_without_training_date_says_the_field_is_required(applicant_client):
    response = _apply(applicant_client, pdf_upload(), training_date="")

    assert response.context["form"].errors["training_date"] == ["This field is required."]


def test_valid_application_is_recorded_pending(applicant_client, applicant):
    _apply(applicant_client, pdf_upload())

    application = Application.objects.get(applicant=applicant)
    assert (application.status, application.company_name, application.proof_size) == (
        Application.Status.PENDING,
        "Yakima Valley Heat Pumps",
        len(PDF_BYTES),
    )


def test_valid_application_keeps_the_proof_in_private_storage(applicant_client):
    _apply(applicant_client, pdf_upload())

    assert [p.read_bytes() for p in _stored_files()] == [PDF_BYTES]


def test_valid_application_redirects_to_my_certification_with_a_success_message(
    applicant_client,
):
    response = _apply(applicant_client, pdf_upload())

    assert response.status_code == 302
    assert response["Location"] == reverse("technicians:me")
    page = applicant_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Your Certified Technician Application was received. PTCS staff will review it and "
        "e-mail you the decision."
    ]


REFUSED_UPLOADS = [
    pytest.param(
        _text_named_pdf,
        "Proof of training must be a PDF, PNG or JPEG file",
        id="text-named-pdf",
    ),
    pytest.param(
        lambda: SimpleUploadedFile("proof.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120),
        "Proof of training must be a PDF, PNG or JPEG file",
        id="exe-renamed-png",
    ),
    pytest.param(
        lambda: None,
        "Attach your dated proof of training (PDF, PNG or JPEG).",
        id="missing-file",
    ),
    pytest.param(
        lambda: SimpleUploadedFile("proof.pdf", b""),
        "The submitted file is empty.",
        id="empty-file",
    ),
]


@pytest.mark.parametrize(("make_upload", "message"), REFUSED_UPLOADS)
def test_refused_upload_shows_why(applicant_client, make_upload, message):
    response = _apply(applicant_client, make_upload())

    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(("make_upload", "message"), REFUSED_UPLOADS)
def test_refused_upload_writes_nothing(applicant_client, make_upload, message):
    _apply(applicant_client, make_upload())

    assert (Application.objects.count(), _stored_files()) == (0, [])


def test_upload_at_the_size_limit_is_accepted(applicant_client, settings):
    content = PDF_BYTES + b"%" * 40
    settings.PROOF_MAX_BYTES = len(content)

    response = _apply(applicant_client, pdf_upload(content=content))

    assert response.status_code == 302
    assert Application.objects.get().proof_size == len(content)


def test_upload_one_byte_over_the_limit_is_refused_with_both_sizes(applicant_client, settings):
    content = PDF_BYTES + b"%" * 41
    settings.PROOF_MAX_BYTES = len(content) - 1

    response = _apply(applicant_client, pdf_upload(content=content))

    assert response.status_code == 400
    assert (
        f"The file is {filesizeformat(len(content))}; "
        f"the limit is {filesizeformat(len(content) - 1)}."
    ) in response.content.decode()


def test_upload_over_the_limit_writes_nothing(applicant_client, settings):
    settings.PROOF_MAX_BYTES = len(PDF_BYTES) - 1

    _apply(applicant_client, pdf_upload())

    assert (Application.objects.count(), _stored_files()) == (0, [])


# --- Proof of training download --------------------------------------------------------------


def _proof_url(application):
    return reverse("technicians:application-proof", kwargs={"pk": application.pk})


def test_applicant_downloads_their_proof_as_an_attachment_with_its_original_name(
    applicant_client, application
):
    response = applicant_client.get(_proof_url(application))

    assert response["Content-Disposition"] == (
        'attachment; filename="WSU heat pump training 2026.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_proof_download_is_never_cached(applicant_client, application):
    response = applicant_client.get(_proof_url(application))
    response.close()

    assert response["Cache-Control"] == "private, no-store"


def test_ptcs_staff_download_any_proof(staff_client, application):
    response = staff_client.get(_proof_url(application))

    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF_BYTES)


def test_another_technician_cannot_download_someone_elses_proof(client, technician, application):
    client.force_login(technician)

    response = client.get(_proof_url(application))

    assert response.status_code == 404


# --- Public look-up --------------------------------------------------------------------------


def _listed(response) -> list[int]:
    return [t.technician_id for t in response.context["page"].object_list]


@pytest.fixture
def hannah(db):
    """An active heat pump technician whose duct sealing certification is suspended."""
    profile = TechnicianProfileFactory(
        user__first_name="Hannah",
        user__last_name="Oyelaran",
        company=CompanyFactory(name="Walla Walla Airflow"),
    )
    CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_HEAT_PUMP)
    CertificationFactory(
        technician=profile,
        cert_type=CertificationType.PTCS_DUCT_SEALING,
        status=Certification.Status.SUSPENDED,
    )
    return profile


@pytest.fixture
def marco(db):
    profile = TechnicianProfileFactory(
        user__first_name="Marco",
        user__last_name="Lindqvist",
        company=CompanyFactory(name="Spokane Comfort Systems"),
    )
    CertificationFactory(technician=profile, cert_type=CertificationType.GROUND_SOURCE)
    return profile


def test_lookup_lists_a_technician_with_an_active_certification(client, hannah):
    response = client.get(LOOKUP)

    assert _listed(response) == [hannah.technician_id]


def test_lookup_shows_only_active_certifications(client, hannah):
    html = client.get(LOOKUP).content.decode()

    assert "PTCS Heat Pump" in html
    assert "PTCS Duct Sealing" not in html


@pytest.mark.parametrize(
    "query_for",
    [
        pytest.param(lambda t: "hannah", id="first-name"),
        pytest.param(lambda t: "Oyelaran", id="last-name"),
        pytest.param(lambda t: "walla walla", id="company-name"),
        pytest.param(lambda t: str(t.technician_id), id="technician-id"),
    ],
)
def test_lookup_finds_a_technician_by(client, hannah, marco, query_for):
    response = client.get(LOOKUP, {"q": query_for(hannah)})

    assert _listed(response) == [hannah.technician_id]


def test_lookup_does_not_list_a_technician_whose_certifications_are_only_applied(client, hannah):
    waiting = TechnicianProfileFactory(user__first_name="Wanda", user__last_name="Waiting")
    CertificationFactory(
        technician=waiting,
        cert_type=CertificationType.PTCS_HEAT_PUMP,
        status=Certification.Status.APPLIED,
        effective_date=None,
    )

    response = client.get(LOOKUP)

    assert waiting.technician_id not in _listed(response)


def test_lookup_does_not_list_an_applicant_waiting_for_review(client, hannah, application):
    response = client.get(LOOKUP, {"q": application.applicant.last_name})

    assert _listed(response) == []


def test_lookup_htmx_request_gets_only_the_results_partial(client, hannah):
    response = client.get(LOOKUP, {"q": "hannah"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "Oyelaran" in html


# --- Staff decisions -------------------------------------------------------------------------


def _decide_url(action, application):
    return reverse(f"staff:application-{action}", kwargs={"pk": application.pk})


def test_reject_without_a_reason_answers_400_with_the_error(staff_client, application):
    response = staff_client.post(_decide_url("reject", application), {"reason": "   "})

    assert response.status_code == 400
    assert response.context["reject_form"].errors["reason"] == [
        "Give the applicant a reason for the rejection."
    ]


def test_reject_without_a_reason_leaves_the_application_pending(staff_client, application):
    staff_client.post(_decide_url("reject", application), {"reason": ""})

    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_approving_through_the_view_sends_exactly_one_email(
    staff_client, application, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_decide_url("approve", application))

    assert [m.to for m in mail.outbox] == [[application.applicant.email]]


# --- API look-up ------------------------------------------------------------------------------


def test_api_lookup_answers_anonymous_callers(client, hannah):
    response = client.get(API_LOOKUP, {"q": "Oyelaran"})

    assert response.status_code == 200


def test_api_lookup_filters_by_query(client, hannah, marco):
    response = client.get(API_LOOKUP, {"q": "Oyelaran"})

    assert [t["technician_id"] for t in response.json()["results"]] == [hannah.technician_id]


def test_api_lookup_returns_only_active_certifications(client, hannah):
    response = client.get(API_LOOKUP, {"q": "Oyelaran"})

    [found] = response.json()["results"]
    assert [c["cert_type"] for c in found["certifications"]] == ["ptcs_heat_pump"]


def test_lookup_pages_keep_the_search(client):
    for n in range(27):
        profile = TechnicianProfileFactory(company__name=f"Pager Heating {n}")
        CertificationFactory(technician=profile)

    response = client.get(reverse("technicians:lookup"), {"q": "Pager"})

    html = response.content.decode()
    assert "Page 1 of 2" in html
    assert "?q=Pager&amp;page=2" in html
