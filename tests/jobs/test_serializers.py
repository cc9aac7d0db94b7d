"""The API's job representation (jobs/serializers.py, issue 7): the shortcut that visits only
the fields kept and reuses one serializer per thread gives exactly DRF's own output."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from jobs import fields as dd
from jobs.models import Job
from jobs.serializers import JobSerializer, job_data
from tests.jobs.api_helpers import api_client, post
from tests.jobs.factories import ashp_payload, duct_payload, gshp_payload

pytestmark = pytest.mark.django_db


def _drf_representation(job) -> dict:
    """What DRF's Serializer.to_representation gives over every field, then filtered to the
    envelope and the measure's own fields (the representation before issue 7)."""
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
    assert response.content == JSONRenderer().render(expected)
    assert job_data(job)["status"] == job.status
