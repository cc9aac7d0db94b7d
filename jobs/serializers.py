"""API shapes of a job: what a client sends and what it gets back.

Both are built from the data dictionary (``jobs.dictionary.fields.FIELDS``), so the API documents the
same names, types, ranges and choices as the entry forms. The input serializer documents the
request; the payload itself is parsed and validated by the service (``jobs.dictionary.inputs`` through
``services.job_submit``), exactly as for the form, so the two can never disagree.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from rest_framework import serializers
from rest_framework.fields import SkipField

from jobs.dictionary import fields as dd
from jobs.dictionary.inputs import SITE_LIMITS
from jobs.models import Job
from jobs.services import job_payload
from registry.lib import text_fields

ACTIONS = (
    ("save_progress", "Save Progress: In Progress, partial data accepted"),
    ("complete", "Complete: every required field; the status comes from the rules"),
)


def _data_field(spec: dd.FieldSpec) -> serializers.Field:
    """One data-dictionary field as a DRF field (its type, range and choices). Never required:
    each belongs to some measures only, and Save Progress accepts a partial job."""
    field_class, kwargs = _data_field_args(spec.name)
    return field_class(**kwargs)


@functools.cache
def _data_field_args(name: str) -> tuple[type[serializers.Field], dict[str, Any]]:
    """The DRF field class and arguments of a data-dictionary field, worked out once (every
    serializer instance builds some 130 of these fields)."""
    spec = dd.FIELDS_BY_NAME[name]
    measures = ", ".join(sorted(m.value for m in spec.measures))
    # The form's help names a lockout's choices by label; a program sends their codes.
    codes = (
        f"Codes: {', '.join(code for code, _ in spec.choices)}, or the temperature in °F."
        if spec.kind == "lockout"
        else ""
    )
    common: dict[str, Any] = {
        "label": spec.label,
        "help_text": " ".join(filter(None, [spec.help, codes, f"Measures: {measures}."])),
        "allow_null": True,
        "required": False,
    }
    if spec.kind in ("decimal", "int"):
        field_class = serializers.FloatField if spec.kind == "decimal" else serializers.IntegerField
        return field_class, {"min_value": spec.min_value, "max_value": spec.max_value, **common}
    if spec.kind == "bool":
        return serializers.BooleanField, common
    if spec.kind == "choice":
        return serializers.ChoiceField, {"choices": spec.choices, **common}
    # Text, and the aux heat lockout: a choice or a temperature in °F ("35f", "below_35f", "30").
    return serializers.CharField, {"max_length": spec.max_length, **common}


class _WithDataFields(text_fields.Serializer):
    """Adds every data-dictionary field after the declared ones."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for spec in dd.FIELDS:
            fields.setdefault(spec.name, _data_field(spec))
        return fields


class JobInputSerializer(_WithDataFields):
    """A job as entered: the site block, the action, and the measure's data-dictionary fields,
    flat. Keys that are not fields of the measure are refused."""

    measure_type = serializers.ChoiceField(choices=Job.MeasureType.choices)
    action = serializers.ChoiceField(choices=ACTIONS)
    tech_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The installing technician's PTCS Technician ID: optional for a technician "
        "(their own); required for a company administrator (a current technician of the "
        "company).",
    )
    install_date = serializers.DateField()
    electric_utility = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="Name of a utility serving the site's ZIP code (required to complete).",
    )
    street_address = serializers.CharField(max_length=SITE_LIMITS["street_address"])
    street_address_2 = serializers.CharField(
        max_length=SITE_LIMITS["street_address_2"],
        required=False,
        allow_blank=True,
        help_text="Lot or unit number.",
    )
    city = serializers.CharField(max_length=SITE_LIMITS["city"])
    state = serializers.CharField(max_length=SITE_LIMITS["state"])
    zip_code = serializers.CharField(max_length=SITE_LIMITS["zip_code"])


class JobCompleteInputSerializer(_WithDataFields):
    """Optional changes made while completing an In Progress job: the site block and any
    data-dictionary field of its measure. The measure type cannot change."""

    tech_id = serializers.IntegerField(required=False, allow_null=True)
    install_date = serializers.DateField(required=False)
    electric_utility = serializers.CharField(max_length=120, required=False, allow_blank=True)
    street_address = serializers.CharField(max_length=SITE_LIMITS["street_address"], required=False)
    street_address_2 = serializers.CharField(
        max_length=SITE_LIMITS["street_address_2"], required=False, allow_blank=True
    )
    city = serializers.CharField(max_length=SITE_LIMITS["city"], required=False)
    state = serializers.CharField(max_length=SITE_LIMITS["state"], required=False)
    zip_code = serializers.CharField(max_length=SITE_LIMITS["zip_code"], required=False)


class CheckSerializer(text_fields.Serializer):
    """One rule applied to the job: why the status is what it is (spec §3)."""

    rule = serializers.CharField()
    source = serializers.CharField(
        help_text="The program document, edition and section the rule comes from."
    )
    passed = serializers.BooleanField()
    answered = serializers.BooleanField(
        default=True,
        help_text="False while a question the check reads is not answered yet (a job saved "
        "in progress): the check has neither passed nor failed and does not count for the "
        "status.",
    )
    message = serializers.CharField()
    values = serializers.DictField(help_text="The values the rule used.")
    threshold = serializers.CharField(allow_blank=True)
    effect = serializers.CharField(
        allow_null=True, help_text="The status a failure of this check leads to."
    )
    blocking = serializers.BooleanField(help_text="A failure stops the job being completed.")
    rests_on = serializers.ListField(
        child=serializers.CharField(),
        default=list,
        help_text="The rule-set values this outcome rests on where the program documents are "
        "silent (the registry's own choices, explained on the rule set page).",
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # A check as Check.as_dict() stores it (every key; text, booleans, a dict of values,
        # an effect or None) gives exactly what DRF's field-by-field loop gives, built
        # directly: a list page holds some 750 checks. Anything else (an older shape, such as
        # a check stored before ``answered``, which DRF's default reads as answered; another
        # type) goes through DRF.
        if type(instance) is dict and instance.keys() == _CHECK_KEYS:
            effect = instance["effect"]
            if (
                type(instance["rule"]) is str
                and type(instance["source"]) is str
                and type(instance["message"]) is str
                and type(instance["threshold"]) is str
                and type(instance["passed"]) is bool
                and type(instance["answered"]) is bool
                and type(instance["blocking"]) is bool
                and type(instance["values"]) is dict
                and type(instance["rests_on"]) is list
                and (effect is None or type(effect) is str)
            ):
                return {
                    "rule": instance["rule"],
                    "source": instance["source"],
                    "passed": instance["passed"],
                    "answered": instance["answered"],
                    "message": instance["message"],
                    # DictField: keys as text, values as stored.
                    "values": {str(k): v for k, v in instance["values"].items()},
                    "threshold": instance["threshold"],
                    "effect": effect,
                    "blocking": instance["blocking"],
                    "rests_on": [str(name) for name in instance["rests_on"]],
                }
        return super().to_representation(instance)


_CHECK_KEYS = frozenset(
    {
        "rule",
        "source",
        "passed",
        "answered",
        "message",
        "values",
        "threshold",
        "effect",
        "blocking",
        "rests_on",
    }
)


class JobSerializer(_WithDataFields):
    """A job as the registry holds it: its status with the checks behind it, the values the
    registry computed, and the data as entered, flat under the names a client POSTs (the
    site block and the data-dictionary fields of the job's measure, no others)."""

    measure_id = serializers.IntegerField(read_only=True, help_text="The 7-digit job ID.")
    status = serializers.ChoiceField(choices=Job.Status.choices, read_only=True)
    status_label = serializers.CharField(read_only=True)
    measure_type = serializers.ChoiceField(choices=Job.MeasureType.choices, read_only=True)
    measure_type_label = serializers.CharField(read_only=True)
    ruleset = serializers.CharField(read_only=True, help_text="The dated rule set applied.")
    category = serializers.CharField(
        read_only=True, help_text="Heat pumps: conversion, upgrade or ccs."
    )
    checks = CheckSerializer(many=True, read_only=True)
    computed = serializers.DictField(read_only=True, help_text="Values the registry computed.")
    tech_id = serializers.IntegerField(read_only=True, help_text="PTCS Technician ID.")
    technician_name = serializers.CharField(read_only=True)
    company = serializers.CharField(read_only=True, allow_null=True)
    install_date = serializers.DateField(read_only=True, allow_null=True)
    electric_utility = serializers.CharField(read_only=True)
    street_address = serializers.CharField(read_only=True)
    street_address_2 = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    zip_code = serializers.CharField(read_only=True)
    address_verified = serializers.BooleanField(read_only=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    def flat(self, instance: Job) -> dict[str, Any]:
        """The job's values under the serializer's field names."""
        return {
            **job_payload(instance),
            "measure_id": instance.measure_id,
            "status": instance.status,
            "status_label": instance.get_status_display(),
            "measure_type_label": instance.get_measure_type_display(),
            "ruleset": instance.ruleset,
            "category": instance.category,
            "checks": instance.checks,
            "computed": instance.computed,
            "technician_name": instance.technician.user.get_full_name(),
            "company": instance.company.name if instance.company_id else None,
            "address_verified": instance.site.verified,
            "completed_at": instance.completed_at,
            "created_at": instance.created_at,
        }

    def to_representation(self, instance: Job) -> dict[str, Any]:
        """DRF's Serializer.to_representation over the fields kept (the envelope and the
        measure's own data-dictionary fields, some 60 of 130, in field order), reading the
        flat dict directly: a list page represents 50 jobs."""
        flat = self.flat(instance)
        out: dict[str, Any] = {}
        for name, field in self._fields_of(instance.measure_type):
            if name in flat:
                attribute = flat[name]
                if callable(attribute):  # DRF calls it; none of ours is, but stay exact
                    attribute = field.get_attribute(flat)
            else:
                try:
                    attribute = field.get_attribute(flat)  # None, a default, or SkipField
                except SkipField:
                    continue
            out[name] = None if attribute is None else field.to_representation(attribute)
        return out

    def _fields_of(self, measure_type: str) -> list[tuple[str, serializers.Field]]:
        """The readable fields kept for a measure, in field order (built once per serializer
        and measure)."""
        plans = self.__dict__.setdefault("_plans", {})
        if measure_type not in plans:
            own = _own_field_names(measure_type)
            plans[measure_type] = [
                (name, field)
                for name, field in self.fields.items()
                if not field.write_only and (name in own or name not in dd.FIELDS_BY_NAME)
            ]
        return plans[measure_type]


@functools.cache
def _own_field_names(measure_type: str) -> frozenset[str]:
    return frozenset(spec.name for spec in dd.fields_for(measure_type))


_local = threading.local()


def job_data(job: Job) -> dict[str, Any]:
    """``JobSerializer(job).data``, with the serializer's fields built once per thread rather
    than once per response (some 130 DRF fields take about 3 ms to build, as long as the rest
    of the representation). The same output: no field of JobSerializer reads the
    serializer's context or keeps state between jobs."""
    serializer = getattr(_local, "job_serializer", None)
    if serializer is None:
        serializer = _local.job_serializer = JobSerializer()
    return serializer.to_representation(job)
