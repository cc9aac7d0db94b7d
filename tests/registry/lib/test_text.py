"""Text no database stores (registry.lib.text): the rule, and that every form, filter set and
API serializer of the registry applies it to each of its text fields (registry.lib.text_fields).

The guard tests walk every module of the apps, so a new form, filter set or serializer that
does not derive from the bases fails here; the parametrized ones feed each text field a NUL
and a lone surrogate and expect that field's error.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from types import SimpleNamespace

import django_filters
import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework import serializers

from jobs.dictionary import fields as dd
from jobs.dictionary import inputs
from jobs.forms import JobForm, SiteForm, _ShowOnlyForm
from jobs.review.forms import StaffEditForm
from jobs.rules.types import MeasureType
from registry.lib import text_fields
from registry.lib.text import NUL_ERROR, SURROGATE_ERROR, clean_text

APPS = ("registry.lib", "accounts", "utilities", "technicians", "jobs", "qa_inspections")
#: Two characters: short enough for every field (a state is two letters).
BAD = {"nul": ("W\x00", NUL_ERROR), "surrogate": ("W\ud800", SURROGATE_ERROR)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Prosser", ("Prosser", None)),
        ("  spaces kept  ", ("  spaces kept  ", None)),
        ("Coeur d’Alène 😀", ("Coeur d’Alène 😀", None)),  # a surrogate *pair* is one character
        (None, ("", None)),
        (12, ("12", None)),
        ("Pro\x00sser", ("", NUL_ERROR)),
        ("\x00", ("", NUL_ERROR)),
        ("\ud800", ("", SURROGATE_ERROR)),
        ("x\udfff", ("", SURROGATE_ERROR)),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


# --- Every form, filter set and serializer of the apps ----------------------------------------


def _modules():
    for root in APPS:
        package = importlib.import_module(root)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{root}."):
            if ".migrations" not in info.name:
                yield importlib.import_module(info.name)


def _ours(base: type) -> list[type]:
    found = {
        value
        for module in _modules()
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, base)
        and value.__module__.startswith(APPS)
        and value.__module__ != text_fields.__name__
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


FORMS = _ours(forms.BaseForm)
FILTER_SETS = _ours(django_filters.FilterSet)
SERIALIZERS = _ours(serializers.BaseSerializer)
#: Forms that only render: whatever is typed goes to the job parser (jobs.dictionary.inputs),
#: which checks it with clean_text (test_the_job_forms_values_go_through_the_parser).
RENDER_ONLY = {_ShowOnlyForm, SiteForm, JobForm, StaffEditForm}


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_the_walk_finds_the_forms_filter_sets_and_serializers():
    assert len(FORMS) > 15
    assert len(FILTER_SETS) >= 6
    assert len(SERIALIZERS) >= 10


def test_every_form_checks_its_text():
    unchecked = [
        _name(cls)
        for cls in FORMS
        if cls not in RENDER_ONLY and not issubclass(cls, text_fields.TextFormMixin)
    ]
    assert unchecked == [], "derive from registry.lib.text_fields.Form or ModelForm"


def test_every_filter_set_checks_its_text():
    unchecked = [
        _name(cls) for cls in FILTER_SETS if not issubclass(cls, text_fields.TextFilterSetMixin)
    ]
    assert unchecked == [], "add registry.lib.text_fields.TextFilterSetMixin"


def test_every_serializer_checks_its_text():
    unchecked = [
        _name(cls)
        for cls in SERIALIZERS
        if not issubclass(cls, text_fields.TextSerializerMixin)
        and not cls.__name__.startswith("_")  # a mixin of fields, used with a checked base
    ]
    assert unchecked == [], "derive from registry.lib.text_fields.Serializer or ModelSerializer"


# --- ... and each text field says so -----------------------------------------------------------


def _inspection():
    """Just what InspectionForm reads of a new inspection of a heat pump job."""
    return SimpleNamespace(
        job=SimpleNamespace(measure_type=MeasureType.ASHP, data={}, computed={}),
        measured={},
        kind="",
        inspected_on=None,
        notes="",
        items=SimpleNamespace(all=list),
    )


#: How to make the forms whose constructor takes more than the data.
MAKE = {
    "ScopeForm": lambda cls, data: cls(data, utilities=[], all_label="Every utility"),
    "UtilityChoiceForm": lambda cls, data: cls(data, utilities=[]),
    "InspectionForm": lambda cls, data: cls(data, inspection=_inspection()),
}


def _form(cls: type, data: dict):
    return MAKE.get(cls.__name__, lambda cls, data: cls(data))(cls, data)


CHECKED_FORMS = [cls for cls in FORMS if cls not in RENDER_ONLY]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("cls", CHECKED_FORMS, ids=_name)
def test_each_text_field_of_a_form_refuses_unstorable_text(cls, bad):
    value, message = bad
    names = [n for n, f in _form(cls, {}).fields.items() if isinstance(f, forms.CharField)]

    for name in names:
        form = _form(cls, {name: value})
        assert not form.is_valid()
        assert message in form.errors.get(name, []), f"{_name(cls)}.{name}: {form.errors}"


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("measure", list(MeasureType), ids=str)
def test_the_job_forms_values_go_through_the_parser(measure, bad):
    """The job forms validate nothing themselves: each of their fields, as posted, gets the
    parser's field error, the text ones this one (the staff correction's reason is the
    service's: tests/security/test_text_inputs.py)."""
    value, message = bad
    form = StaffEditForm(measure=measure, utilities=[], technicians=[])
    free_text = {*inputs.SITE_FIELDS, "electric_utility"} | {
        spec.name for spec in dd.fields_for(measure) if spec.kind == "text"
    }

    for name in form.fields.keys() - {"reason", "measure_type", "tech_id"}:
        parsed = inputs.parse(
            {"measure_type": measure.value, name: value},
            completing=False,
            today=datetime.date(2025, 3, 12),
        )
        assert parsed.errors.get(name), f"{measure}.{name}"
        if name in free_text:
            assert parsed.errors[name] == [message], f"{measure}.{name}"


def _filter_set(cls: type, data: dict):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    model = cls._meta.model
    kwargs = {"utilities": model.objects.none()} if cls.__name__ == "TerritoryFilter" else {}
    return cls(data, queryset=model.objects.none(), request=request, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("cls", FILTER_SETS, ids=_name)
def test_each_text_filter_refuses_unstorable_text(cls, bad):
    value, message = bad
    names = [
        n for n, f in _filter_set(cls, {}).form.fields.items() if isinstance(f, forms.CharField)
    ]

    for name in names:
        filterset = _filter_set(cls, {name: value})
        assert not filterset.is_valid()
        assert message in filterset.errors.get(name, []), f"{_name(cls)}.{name}"


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize(
    "cls", [c for c in SERIALIZERS if not c.__name__.startswith("_")], ids=_name
)
def test_each_text_field_of_a_serializer_refuses_unstorable_text(cls, bad):
    value, message = bad
    text_fields_of = {}
    for name, field in cls().fields.items():
        for candidate in (field, getattr(field, "child", None)):
            if isinstance(candidate, serializers.CharField) and not candidate.read_only:
                text_fields_of[name] = candidate

    for name, field in text_fields_of.items():
        with pytest.raises(serializers.ValidationError) as refused:
            field.run_validation(value)
        assert message in refused.value.detail, f"{_name(cls)}.{name}"
