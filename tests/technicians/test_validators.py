"""Proof-of-training checks at their thresholds (no database)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from technicians.validators import validate_proof_file
from tests.technicians.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES

LIMIT = 1000


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.PROOF_MAX_BYTES = LIMIT


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def padded(head: bytes, size: int) -> bytes:
    return head + b"\x00" * (size - len(head))


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("proof.pdf", PDF_BYTES, "application/pdf"),
        ("proof.PNG", PNG_BYTES, "image/png"),
        ("proof.jpg", JPEG_BYTES, "image/jpeg"),
        ("proof.jpeg", JPEG_BYTES, "image/jpeg"),
    ],
)
def test_accepted_types(name, content, mime):
    assert validate_proof_file(upload(name, content)) == mime


@pytest.mark.parametrize(
    ("size", "accepted"), [(LIMIT - 1, True), (LIMIT, True), (LIMIT + 1, False)]
)
def test_size_limit(size, accepted):
    proof = upload("proof.pdf", padded(PDF_BYTES, size))
    if accepted:
        assert validate_proof_file(proof) == "application/pdf"
    else:
        with pytest.raises(ValidationError, match="the limit is"):
            validate_proof_file(proof)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("proof.pdf", b"just some text, not a PDF at all"),
        ("proof.png", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows executable renamed
        ("proof.pdf", PNG_BYTES),  # content and name disagree
        ("proof.docx", b"PK\x03\x04" + b"\x00" * 60),
        ("proof.gif", b"GIF89a" + b"\x00" * 60),
    ],
)
def test_refused_types(name, content):
    with pytest.raises(ValidationError, match="must be a PDF, PNG or JPEG"):
        validate_proof_file(upload(name, content))


def test_missing_and_empty_files_are_refused():
    with pytest.raises(ValidationError, match="Attach your dated proof"):
        validate_proof_file(None)
    with pytest.raises(ValidationError, match="empty"):
        validate_proof_file(upload("proof.pdf", b""))
