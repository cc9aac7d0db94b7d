"""Every CharField of the registry's forms, filters and API serializers refuses text that
cannot be stored (``registry.lib.text``: NUL, lone surrogates) with a field error, so such text
is a 400 or a form error, never a 500 from the database.

Forms derive from ``Form`` / ``ModelForm`` here, filter sets take ``TextFilterSetMixin`` and
serializers derive from ``Serializer`` / ``ModelSerializer`` here;
tests/registry/lib/test_text.py fails for a form, filter set or serializer that does not.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from registry.lib.text import text_error


def validate_text(value: Any) -> None:
    """A validator for form and serializer fields (DRF turns Django's ValidationError into a
    field error as well)."""
    if isinstance(value, str) and (error := text_error(value)):
        raise ValidationError(error, code="unstorable_text")


def _with_text_check(validators: list, replaced: tuple[type, ...]) -> list:
    """The field's validators with ours in place of the frameworks' own (Django's refuses NUL
    only; DRF adds one for surrogates), so a field says one thing, the same everywhere."""
    kept = [v for v in validators if not isinstance(v, replaced) and v is not validate_text]
    return [*kept, validate_text]


class TextFormMixin:
    """Every CharField of the form (EmailField and the like included) refuses unstorable text
    with a field error. Applied when the form is cleaned, so fields a form adds in its own
    ``__init__`` are covered too."""

    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = _with_text_check(
                    field.validators, (ProhibitNullCharactersValidator,)
                )
        super().full_clean()


class Form(TextFormMixin, forms.Form):
    pass


class ModelForm(TextFormMixin, forms.ModelForm):
    pass


class TextFilterSetMixin:
    """The filter form django-filter builds gets ``TextFormMixin``: a bad value is a field
    error (a 400 from DjangoFilterBackend, the page's form error)."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (TextFormMixin, form_class), {})


class TextSerializerMixin:
    """Every CharField of the serializer (a list's items included) refuses unstorable text
    with ``validate_text``. Applied to the bound fields, so fields a serializer adds in its own
    ``get_fields`` are covered too."""

    @cached_property
    def fields(self):
        fields = super().fields
        for field in fields.values():
            for text_field in (field, getattr(field, "child", None)):
                if isinstance(text_field, serializers.CharField):
                    text_field.validators = _with_text_check(
                        text_field.validators,
                        (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator),
                    )
        return fields


class Serializer(TextSerializerMixin, serializers.Serializer):
    pass


class ModelSerializer(TextSerializerMixin, serializers.ModelSerializer):
    pass
