"""Schemathesis against the OpenAPI schema, in process: no operation answers any generated
request with a 500, in CI as on a developer machine.

The schema is read from /api/schema/ of the WSGI application itself, and every generated
request goes through that application with a persona's API token. Each example runs inside a
savepoint that is rolled back, so a job created by one example cannot change what the next
one sees. Hypothesis is derandomized so CI replays the same examples on every run.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from registry.wsgi import application
from tests.jobs.api_helpers import api_client, post, submit

pytestmark = pytest.mark.django_db

#: No 500s, and whatever the schema documents (a body, a content type) is what comes back.
#: Status codes are not checked: the schema documents each operation's own answers, not the
#: ones every route shares (401, 403 for a role, 404 for a page past the end, 429).
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


# Read once, at collection: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: a request must not close the test's database connection (its
    transaction holds every fixture row)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def job(technician, benton_rea):
    """One of the technician's jobs in the utility's territory, so lists and details have
    something to serialize."""
    return submit(technician)


def _token(user) -> str:
    # Made outside the examples' savepoints, so every example authenticates with it.
    return Token.objects.get_or_create(user=user)[0].key


def _call_and_check(case, token: str) -> None:
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Token {token}"})
        transaction.set_rollback(True)  # nothing one example writes is seen by the next

    case.validate_response(response, checks=CHECKS)


#: Modest and reproducible: a few hundred requests per persona, the same ones on every run.
FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_a_certified_technician_never_gets_a_server_error(case, technician, job):
    _call_and_check(case, _token(technician))


@schema.parametrize()
@FUZZ
def test_a_utility_user_never_gets_a_server_error(case, utility_user, job):
    _call_and_check(case, _token(utility_user))


@schema.parametrize()
@FUZZ
def test_ptcs_staff_never_get_a_server_error(case, staff, job):
    _call_and_check(case, _token(staff))


def test_a_body_that_is_not_json_gets_the_documented_400(technician, benton_rea):
    """Regression (found by the run above): DRF's parser answers ``{"detail": "..."}``, which
    the schema's field-errors body did not allow."""
    response = post(api_client(technician), "\x00")
    documented = schema["/api/v1/jobs/"]["POST"].definition.raw["responses"]["400"]
    body_schema = documented["content"]["application/json"]["schema"]

    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
    assert body_schema["properties"]["detail"] == {"type": "string"}
