"""The jobs REST API's OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


# --- Schema ----------------------------------------------------------------------------------


def test_the_schema_documents_the_jobs_api(client):
    response = client.get(reverse("api-schema"))

    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/jobs/:", "/api/v1/jobs/{measure_id}/:", "/complete/:"):
        assert path in schema
    assert "JobInput" in schema
    assert "non_field_errors" in schema


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
