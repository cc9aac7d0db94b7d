"""The one check every piece of text typed or sent to the registry passes before it is used:
no NUL character and no lone UTF-16 surrogate.

Both are valid in a Python string and neither can be stored: PostgreSQL refuses NUL in text
and JSON ("\\u0000"), and a lone surrogate ("\\ud800", which JSON can spell) cannot be encoded
as UTF-8 at all. Left alone they end in a 500 wherever the text reaches the database, so they
are refused where the text comes in, with an error on the field that carries them:
``clean_text`` here for code that reads a value itself (the job parser, services), and
``registry.lib.text_fields`` for every CharField of the forms, filters and API serializers.

Plain Python, without Django: the job parser (jobs.dictionary), which has none, uses it too.
"""

from __future__ import annotations

import re
from typing import Any

NUL_ERROR = "Remove the null character."
SURROGATE_ERROR = "Remove the character that is not valid text (a lone UTF-16 surrogate)."
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_error(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return NUL_ERROR if found.group() == "\x00" else SURROGATE_ERROR


def clean_text(value: Any) -> tuple[str, str | None]:
    """``value`` as text and None, or "" and the error to show on its field."""
    text = "" if value is None else str(value)
    error = text_error(text)
    return ("", error) if error else (text, None)
