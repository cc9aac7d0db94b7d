"""A domain error (a service's ``ValidationError``) as a person or a client reads it: field
errors on the form that was posted, or the API's 400 body. Every interface translates through
here, so a message never reads differently in the page and in the API.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

#: The key a service uses for an error that belongs to no field.
NON_FIELD = NON_FIELD_ERRORS  # "__all__"


def error_dict(exc: ValidationError) -> dict[str, list[str]]:
    """The error's messages by field name; a message for no field under ``NON_FIELD``."""
    if hasattr(exc, "error_dict"):
        return dict(exc.message_dict)
    return {NON_FIELD: list(exc.messages)}


def add_to_form(
    form,
    exc: ValidationError,
    *,
    field_for: Callable[[str], str | None] | None = None,
) -> None:
    """Each message on its field of ``form``, and on the form as a whole when the form has no
    such field. ``field_for`` maps a service's field name to the form's (None: the form as a
    whole) where the two differ."""
    for name, messages in error_dict(exc).items():
        if field_for is None:
            field_for = _same_field(form)
        form.add_error(field_for(name), messages)


def _same_field(form) -> Callable[[str], str | None]:
    return lambda name: name if name in form.fields else None


def api_body(exc: ValidationError, *, non_field_key: str) -> dict[str, list[str]]:
    """The error as the API's 400 body, with DRF's key for messages of no field."""
    return {
        (non_field_key if name == NON_FIELD else name): messages
        for name, messages in error_dict(exc).items()
    }
