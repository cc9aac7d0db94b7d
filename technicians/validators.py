"""Proof-of-training upload checks: PDF, PNG or JPEG only, by content, within a size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError

from registry.lib.uploads import refuse_if_larger, sniffed_type

#: Accepted content types and the file name endings that may carry them.
ALLOWED_PROOF_TYPES = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}


def validate_proof_file(upload) -> str:
    """Return the sniffed content type, or raise ValidationError with a message for the user.

    The type is read from the file's first bytes (its magic number), never from the name or
    the browser's Content-Type, so a renamed executable is refused.
    """
    if upload is None:
        raise ValidationError("Attach your dated proof of training (PDF, PNG or JPEG).")
    if upload.size == 0:
        raise ValidationError("The file is empty. Attach your dated proof of training.")
    refuse_if_larger(upload, settings.PROOF_MAX_BYTES, "Scan at a lower resolution or send a PDF.")
    mime = sniffed_type(upload, ALLOWED_PROOF_TYPES)
    if mime is None:
        raise ValidationError(
            "Proof of training must be a PDF, PNG or JPEG file "
            "(the file's content and its name must agree)."
        )
    return mime
