"""Upload attacks on the proof of training and the QA photos.

Both go through registry.lib.uploads.sniffed_type (the first bytes decide, and the name must
agree); tests/technicians/test_validators.py and the view tests cover the ordinary refusals
(text named .pdf, executable named .png, empty, one byte over the limit). Here: files built to
be run or rendered by a browser, names built to escape the storage folder, and how the stored
files are served back.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qa_inspections.inspections import services as inspection_services
from qa_inspections.inspections.photos import validate_photo
from qa_inspections.models import InspectionPhoto
from technicians.models import Application
from technicians.validators import validate_proof_file
from tests.qa_inspections.inspections.data import assign, duct_job
from tests.technicians.factories import PDF_BYTES, PNG_BYTES, application_data

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/me/')</script></body></html>"
PHP = b"<?php system($_GET['c']); ?>"

HOSTILE = [
    pytest.param("proof.pdf", HTML, id="html-named-pdf"),
    pytest.param("proof.pdf", PHP, id="php-named-pdf"),
    pytest.param("proof.svg", SVG, id="svg-with-script"),
    pytest.param("proof.png", SVG, id="svg-named-png"),
    pytest.param("proof.pdf.html", PDF_BYTES, id="pdf-double-extension-html"),
    pytest.param("proof.png.php", PNG_BYTES, id="png-double-extension-php"),
    pytest.param("proof.php", PDF_BYTES, id="pdf-named-php"),
    pytest.param("proof", PDF_BYTES, id="no-extension"),
]


@pytest.mark.parametrize(("name", "content"), HOSTILE)
def test_the_proof_check_refuses_files_built_to_run(name, content):
    with pytest.raises(ValidationError, match="must be a PDF, PNG or JPEG"):
        validate_proof_file(SimpleUploadedFile(name, content, content_type="application/pdf"))


@pytest.mark.parametrize(("name", "content"), HOSTILE)
def test_the_photo_check_refuses_files_built_to_run(name, content):
    with pytest.raises(ValidationError, match="is not a PNG or JPEG photo"):
        validate_photo(SimpleUploadedFile(name, content, content_type="image/png"))


def test_the_photo_check_refuses_a_pdf_and_an_empty_file():
    with pytest.raises(ValidationError, match="is not a PNG or JPEG photo"):
        validate_photo(SimpleUploadedFile("plenum.png", PDF_BYTES))
    with pytest.raises(ValidationError, match="empty"):
        validate_photo(SimpleUploadedFile("plenum.png", b""))


def test_a_photo_one_byte_over_the_limit_is_refused(settings):
    settings.QA_PHOTO_MAX_BYTES = len(PNG_BYTES) - 1
    with pytest.raises(ValidationError, match="the limit is"):
        validate_photo(SimpleUploadedFile("plenum.png", PNG_BYTES))
    settings.QA_PHOTO_MAX_BYTES = len(PNG_BYTES)
    assert validate_photo(SimpleUploadedFile("plenum.png", PNG_BYTES)) == "image/png"


# --- Through the views: stored names and how files are served back ---------------------------


def _stored_files() -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf"]
)
def test_a_path_in_the_file_name_never_leaves_the_private_folder(client, applicant, name):
    client.force_login(applicant)
    # A PDF with a script after its header: a browser must never render it as a page.
    content = PDF_BYTES + HTML

    response = client.post(
        reverse("technicians:apply", kwargs={"kind_slug": "technician"}),
        {**application_data(), "proof_of_training": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 302
    application = Application.objects.get()
    (stored,) = _stored_files()
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert stored.resolve().is_relative_to(root)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)  # our name (a uuid4), not theirs
    assert not {"/", "\\"} & set(application.proof_original_name)  # only shown, never a path

    download = client.get(reverse("technicians:application-proof", kwargs={"pk": application.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


@pytest.mark.django_db
def test_a_photo_is_served_as_the_image_it_is_sandboxed_and_never_sniffed(
    client, inspector, technician, benton_rea
):
    inspection = inspection_services.inspection_start(
        actor=inspector, assignment_id=assign(duct_job(technician), inspector).pk
    )
    inspection_services.inspection_add_photo(
        actor=inspector,
        inspection_id=inspection.pk,
        upload=SimpleUploadedFile("../../plenum.png", PNG_BYTES, content_type="text/html"),
    )
    photo = InspectionPhoto.objects.get()
    client.force_login(inspector)

    response = client.get(reverse("qa:photo", args=[photo.pk]))
    response.close()

    # Shown in the inspection page's <img>, so inline; but only ever as the sniffed image type
    # (not the Content-Type the browser sent), never sniffed, and sandboxed if opened alone.
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert (
        Path(photo.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    )
    assert ".." not in photo.file.name
