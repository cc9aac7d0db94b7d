"""The API's job representation (jobs/serializers.py): the shortcut that visits only
the fields kept and reuses one serializer per thread gives exactly DRF's own output."""

from __future__ import annotations

import json

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from jobs.dictionary import fields as dd
from jobs.models import Job
from jobs.serializers import CheckSerializer, JobSerializer, job_data
from tests.jobs.api_helpers import api_client, post
from tests.jobs.factories import ashp_payload, duct_payload, gshp_payload

pytestmark = pytest.mark.django_db


def _drf_representation(job) -> dict:
    """What DRF's Serializer.to_representation gives over every field, then filtered to the
    envelope and the measure's own fields (the representation before the shortcut)."""
    serializer = JobSerializer()
    full = serializers.Serializer.to_representation(serializer, serializer.flat(job))
    own = {spec.name for spec in dd.fields_for(job.measure_type)}
    return {k: v for k, v in full.items() if k in own or k not in dd.FIELDS_BY_NAME}


@pytest.mark.parametrize(
    ("payload", "action"),
    [
        (ashp_payload, "complete"),
        (gshp_payload, "complete"),
        (duct_payload, "complete"),
        (ashp_payload, "save_progress"),
    ],
    ids=["ashp", "gshp", "duct", "ashp-in-progress"],
)
def test_representation_equals_drfs_in_values_and_order(technician, benton_rea, payload, action):
    body = {**payload(), "action": action}
    if action == "save_progress":
        body = {k: v for k, v in body.items() if k not in ("seer", "hspf", "make")}
    response = post(api_client(technician), body)
    assert response.status_code == 201, response.json()
    job = Job.objects.get()

    expected = _drf_representation(job)

    assert list(job_data(job).items()) == list(expected.items())
    assert list(JobSerializer(job).data.items()) == list(expected.items())
    # The response holds the job as saved (PostgreSQL's jsonb reorders the keys of a check).
    assert list(response.json()) == list(expected)
    assert response.json() == json.loads(JSONRenderer().render(expected))
    assert job_data(job)["status"] == job.status


def _drf_check(check: dict) -> dict:
    return serializers.Serializer.to_representation(CheckSerializer(), check)


def test_checks_as_stored_equal_drfs(technician, benton_rea):
    for payload in (ashp_payload, gshp_payload, duct_payload):
        post(api_client(technician), {**payload(street_address="9 Elm St"), "action": "complete"})
    checks = [check for job in Job.objects.all() for check in job.checks]
    assert len(checks) > 20

    for check in checks:
        assert list(CheckSerializer().to_representation(check).items()) == list(
            _drf_check(check).items()
        )


@pytest.mark.parametrize(
    "change",
    [
        {"passed": 1},  # not a bool: DRF's BooleanField decides
        {"blocking": "false"},
        {"effect": None, "values": {1: None, "x": [1, 2]}},
        {"rule": None},
        {"threshold": 3.5},
    ],
    ids=["passed-int", "blocking-text", "values-int-key", "rule-none", "threshold-number"],
)
def test_checks_of_another_shape_equal_drfs(change):
    check = {
        "rule": "hp.seer",
        "source": "seed 004",
        "passed": True,
        "message": "SEER 16 ≥ 14",
        "values": {"seer": 16.0},
        "threshold": "14",
        "effect": "bpa_pending",
        "blocking": False,
    } | change

    assert list(CheckSerializer().to_representation(check).items()) == list(
        _drf_check(check).items()
    )


def test_a_check_not_answered_yet_says_so_and_one_stored_before_the_flag_reads_answered():
    stored = {
        "rule": "hp.efficiency",
        "source": "seed 003 L9982",
        "passed": False,
        "message": "HSPF or SEER is missing; PTCS staff will review the job.",
        "values": {},
        "threshold": "",
        "effect": "bpa_pending",
        "blocking": False,
    }
    waiting = stored | {"answered": False, "message": "Not answered yet: HSPF.", "effect": None}

    assert CheckSerializer().to_representation(stored)["answered"] is True
    assert CheckSerializer().to_representation(waiting)["answered"] is False
    assert list(CheckSerializer().to_representation(waiting).items()) == list(
        _drf_check(waiting).items()
    )
