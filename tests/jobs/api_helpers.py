"""Helpers shared by the jobs REST API tests (tests/jobs/test_api_*.py)."""

from __future__ import annotations

import json

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobs import services
from jobs.models import Job, JobStatusChange
from tests.jobs.factories import ashp_payload

LIST = reverse("api-job-list")


def api_client(user=None) -> APIClient:
    """A client that authenticates as the API clients do: ``Authorization: Token <key>``."""
    client = APIClient()
    client.default_format = "json"
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def submit(user, action: str = "complete", payload: dict | None = None, **overrides) -> Job:
    return services.job_submit(
        actor=user, payload=payload or ashp_payload(**overrides), action=action
    )


def post(client: APIClient, body, **extra):
    """POST a JSON body; a str is sent as is (raw JSON), anything else is encoded."""
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(LIST, data=raw, content_type="application/json", **extra)


def written() -> tuple[int, int]:
    return Job.objects.count(), JobStatusChange.objects.count()
