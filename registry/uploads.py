"""Upload type checks by content: the file's first bytes (its magic number) decide, never the
name or the browser's Content-Type, and the name's ending must agree."""

import filetype


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
