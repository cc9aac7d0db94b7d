"""Inspection photo checks: PNG or JPEG only, by content, within a size limit (the proof of
training checks of technicians.validators, narrowed to images)."""

from django.conf import settings
from django.core.exceptions import ValidationError

from registry.lib.uploads import refuse_if_larger, sniffed_type
from technicians.validators import ALLOWED_PROOF_TYPES

#: Accepted content types and the file name endings that may carry them.
ALLOWED_PHOTO_TYPES = {
    mime: endings for mime, endings in ALLOWED_PROOF_TYPES.items() if mime.startswith("image/")
}
#: For the file input's ``accept``: the phone offers the camera and the gallery.
ACCEPT = ",".join(sorted(ALLOWED_PHOTO_TYPES))


def validate_photo(upload) -> str:
    """Return the sniffed content type, or raise ValidationError with a message for the user.

    The type comes from the file's first bytes (its magic number), never from the name or the
    browser's Content-Type, and the name's ending must agree with it.
    """
    if upload is None or upload.size == 0:
        raise ValidationError("The photo is empty. Take or choose it again.")
    refuse_if_larger(
        upload, settings.QA_PHOTO_MAX_BYTES, "Choose a smaller photo.", subject=upload.name
    )
    mime = sniffed_type(upload, ALLOWED_PHOTO_TYPES)
    if mime is None:
        raise ValidationError(
            f"{upload.name or 'The file'} is not a PNG or JPEG photo "
            "(the file's content and its name must agree)."
        )
    return mime
