"""Every API operation × every persona of the issue, generated from the OpenAPI schema (not a
hand-kept list): never a 500, and an anonymous caller gets 401 on everything the schema does
not document as public.

The issue's personas: anonymous; technician A and B (``technician``, ``other_technician``);
utility A and B (``utility_user``, ``other_utility_user``); staff (PTCS ``staff``); Energy
Trust staff (``energy_trust_staff``); inspector. What each may see of another's objects is in
tests/test_permissions.py (pages and API) and tests/jobs/test_api_visibility.py.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "technician",
    "other_technician",
    "utility_user",
    "other_utility_user",
    "staff",
    "energy_trust_staff",
    "inspector",
]
_SCHEMA = SchemaGenerator().get_schema(request=None, public=True)


def _operations():
    for path, item in sorted(_SCHEMA["paths"].items()):
        for method, operation in item.items():
            # drf-spectacular lists ``{}`` among the security requirements of an operation
            # that needs no credentials.
            public = {} in operation.get("security", [])
            yield path, method.upper(), public


OPERATIONS = list(_operations())


def test_the_schema_lists_every_api_route():
    """The walk below is as wide as the API (a broken generator would pass vacuously)."""
    assert len(OPERATIONS) >= 11
    assert {path for path, _, _ in OPERATIONS} >= {
        "/api/v1/jobs/",
        "/api/v1/jobs/{measure_id}/complete/",
        "/api/v1/inspections/{id}/",
        "/api/v1/technicians/{technician_id}/",
    }


@pytest.fixture
def path_values(technician, benton_rea, inspector):
    """Real objects for the path parameters, so details are found by those who may see them."""
    from tests.jobs.api_helpers import submit
    from tests.qa_inspections.qa_data import inspect

    job = submit(technician)
    return {
        "measure_id": job.measure_id,
        "id": inspect(job, inspector=inspector).pk,
        "technician_id": technician.technician.technician_id,
    }


def _client(persona, request) -> APIClient:
    client = APIClient()
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        key = Token.objects.get_or_create(user=user)[0].key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("path", "method", "public"), [pytest.param(*op, id=f"{op[1]} {op[0]}") for op in OPERATIONS]
)
def test_api_operation(path, method, public, persona, request, path_values):
    client = _client(persona, request)
    url = path.format(**path_values)

    if method == "GET":
        response = client.get(url)
    else:
        response = client.generic(method, url, "{}", content_type="application/json")

    assert response.status_code < 500
    if persona == "anonymous" and not public:
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"  # the challenge: send your token
    elif public:
        assert response.status_code == 200
    else:
        assert response.status_code != 401  # a valid token is never asked for again
