"""Upload type checks by content: the file's first bytes (its magic number) decide, never the
name or the browser's Content-Type, and the name's ending must agree."""

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


def sniffed_type(upload, allowed: dict[str, set[str]]) -> str | None:
    """The upload's content type if it is one of ``allowed`` (content type → file name
    endings) and its name ends accordingly; None otherwise. Leaves the file at position 0."""
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    name = (upload.name or "").lower()
    if mime in allowed and any(name.endswith(ext) for ext in allowed[mime]):
        return mime
    return None


def refuse_if_larger(upload, limit: int, advice: str, *, subject: str = "The file") -> None:
    """ValidationError "<subject> is 12.3 MB; the limit is 10.0 MB. <advice>" when the upload
    is over ``limit`` bytes: checked on the size the server was told, before reading it."""
    if upload.size > limit:
        raise ValidationError(
            f"{subject} is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}. "
            f"{advice}"
        )
