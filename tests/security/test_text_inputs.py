"""Text no database stores (a NUL character, a lone UTF-16 surrogate) typed into a page or sent
to the API is a field error or a 400, never a 500 (registry.lib.text).

SQLite stores both without complaint, so these requests run under ``refused_like_postgresql``:
any query that carries such text fails as it does on PostgreSQL, and a request passes only
if the text never reached the database. Every form's, filter's and serializer's text fields:
tests/registry/lib/test_text.py.
"""

from __future__ import annotations

import contextlib
import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User
from jobs.bulk import services as bulk_services
from jobs.bulk.models import BulkUploadRow
from jobs.models import JobStatusChange
from jobs.review import services as review
from jobs.services import JobError
from registry.lib.text import NUL_ERROR, SURROGATE_ERROR, text_error
from tests.jobs.api_helpers import LIST, api_client, post, written
from tests.jobs.bulk.test_views import _failed_upload, row_url
from tests.jobs.factories import ashp_payload
from tests.jobs.review.data import INSTALL_2018, pending_heat_pump, veteran_technician

pytestmark = pytest.mark.django_db


def _values(params, many):
    rows = params if many else [params]
    for row in rows or []:
        yield from (row.values() if isinstance(row, dict) else row or [])


#: What PostgreSQL's jsonb refuses in JSON text: a NUL, and a surrogate escape not in a pair.
_JSON_REFUSED = re.compile(
    r"\\u0000"
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


@contextlib.contextmanager
def refused_like_postgresql():
    """Queries fail as PostgreSQL's would with NUL in text or JSON, or a lone surrogate
    (psycopg cannot encode one; jsonb refuses its escape)."""

    def refuse(execute, sql, params, many, context):
        for value in _values(params, many):
            if isinstance(value, str) and (text_error(value) or _JSON_REFUSED.search(value)):
                raise ValueError("PostgreSQL refuses this text (NUL or a lone surrogate)")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.parametrize(
    "value",
    ["a\x00", "a\ud800", '{"make": "a\\u0000"}', '{"make": "\\ud800"}', '{"make": "\\udc00 x"}'],
)
def test_the_stand_in_refuses_what_postgresql_refuses(value):
    with refused_like_postgresql(), pytest.raises(ValueError, match="PostgreSQL refuses"):
        User.objects.filter(username=value).exists()


@pytest.mark.parametrize("value", ["a", "Coeur d’Alène 😀", '{"make": "\\ud83d\\ude00"}'])
def test_the_stand_in_lets_storable_text_through(value):
    with refused_like_postgresql():
        assert not User.objects.filter(username=value).exists()


# --- The public look-up ------------------------------------------------------------------------


def test_looking_up_a_nul_is_a_400_that_says_why(client, technician):
    with refused_like_postgresql():
        response = client.get(reverse("technicians:lookup"), {"q": "tina\x00"})

    assert response.status_code == 400
    assert NUL_ERROR in response.content.decode()


def test_the_look_up_still_finds_technicians(client, technician):
    with refused_like_postgresql():
        response = client.get(reverse("technicians:lookup"), {"q": technician.last_name})

    assert response.status_code == 200
    assert str(technician.technician.technician_id) in response.content.decode()


def test_the_api_look_up_answers_a_nul_with_a_field_error(client, technician):
    with refused_like_postgresql():
        response = client.get(reverse("api-technician-list"), {"q": "\x00"})

    assert response.status_code == 400
    assert response.json() == {"q": [NUL_ERROR]}


# --- A staff correction ------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_a_correction_reason_with_a_nul_is_a_400_on_the_reason(staff_client, benton_rea):
    job = pending_heat_pump(veteran_technician())
    changes = JobStatusChange.objects.count()
    form = {**ashp_payload(install_date=INSTALL_2018), "reason": "Typo\x00 in the SEER."}

    with refused_like_postgresql():
        response = staff_client.post(reverse("staff:job-edit", args=[job.measure_id]), form)

    assert response.status_code == 400
    assert NUL_ERROR in response.content.decode()
    assert JobStatusChange.objects.count() == changes


def test_a_correction_reason_with_a_lone_surrogate_is_refused(staff, benton_rea):
    job = pending_heat_pump(veteran_technician())

    with refused_like_postgresql(), pytest.raises(JobError) as refused:
        review.job_staff_edit(
            actor=staff,
            measure_id=job.measure_id,
            payload=ashp_payload(install_date=INSTALL_2018),
            reason="Typo \ud800",
        )

    assert refused.value.message_dict == {"reason": [SURROGATE_ERROR]}


# --- A bulk upload's row corrected on the result page ------------------------------------------


@pytest.fixture
def admin_client(client, company_admin):
    client.force_login(company_admin)
    return client


def test_a_row_correction_with_a_nul_is_a_400_and_keeps_the_other_corrections(
    admin_client, technician, benton_rea
):
    done = _failed_upload(admin_client, technician)

    with refused_like_postgresql():
        response = admin_client.post(
            row_url(done, 3), {"install_date": "2024-05-03", "make": "Ac\x00me"}
        )

    row = done.rows.get(row_number=3)
    assert response.status_code == 400
    assert NUL_ERROR in response.content.decode()
    assert row.status == BulkUploadRow.Status.FAILED
    assert row.errors == {"make": [NUL_ERROR]}
    assert row.payload["install_date"] == "2024-05-03"
    assert "\x00" not in json.dumps(row.payload)


def test_a_row_correction_with_a_lone_surrogate_is_refused(
    admin_client, company_admin, technician, benton_rea
):
    done = _failed_upload(admin_client, technician)
    row = done.rows.get(row_number=3)

    with refused_like_postgresql():
        fixed = bulk_services.bulk_row_fix(
            actor=company_admin,
            row=row,
            posted={"install_date": "2024-05-03", "make": "Ac\ud800me"},
        )

    assert fixed.status == BulkUploadRow.Status.FAILED
    assert fixed.errors == {"make": [SURROGATE_ERROR]}


def test_the_row_corrected_as_it_should_be_still_makes_its_job(
    admin_client, technician, benton_rea
):
    done = _failed_upload(admin_client, technician)

    with refused_like_postgresql():
        response = admin_client.post(row_url(done, 3), {"install_date": "2024-05-03"})

    assert response.status_code == 302
    assert done.rows.get(row_number=3).status == BulkUploadRow.Status.CREATED


# --- The API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"make": "Ac\x00me"}, "make", id="nul-in-a-job-field"),
        pytest.param({"city": "Pro\x00sser"}, "city", id="nul-in-the-address"),
        pytest.param({"electric_utility": "Benton\x00"}, "electric_utility", id="nul-utility"),
    ],
)
def test_a_job_with_a_nul_is_a_400_on_its_field(technician, benton_rea, body, field):
    before = written()

    with refused_like_postgresql():
        response = post(api_client(technician), {**ashp_payload(), **body, "action": "complete"})

    assert response.status_code == 400
    assert response.json()[field] == [NUL_ERROR]
    assert written() == before


def test_a_job_with_a_lone_surrogate_is_a_400(technician, benton_rea):
    # JSON can spell a lone surrogate; Python's json module reads it into the string.
    body = json.dumps({**ashp_payload(), "action": "complete", "make": "SURROGATE"})
    body = body.replace("SURROGATE", "Ac\\ud800me")
    before = written()

    with refused_like_postgresql():
        response = post(api_client(technician), body)

    assert response.status_code == 400
    assert written() == before


@pytest.mark.parametrize("value", ["\x00", "99\x00"], ids=["nul", "nul-after-digits"])
def test_an_api_filter_with_a_nul_is_a_400_naming_it(technician, value):
    with refused_like_postgresql():
        response = api_client(technician).get(LIST, {"zip_code": value})

    assert response.status_code == 400
    assert response.json() == {"zip_code": [NUL_ERROR]}


# --- Sign-up and sign-in (django-allauth's forms, with the registry's sign-up fields) ----------


def test_signing_up_with_a_nul_in_the_name_is_a_field_error(client):
    form = {
        "email": "nul@example.org",
        "username": "nul-person",
        "password1": "a-long-password-123",
        "password2": "a-long-password-123",
        "first_name": "Nu\x00l",
        "last_name": "Person",
    }
    with refused_like_postgresql():
        response = client.post(reverse("account_signup"), form)

    assert response.status_code in (200, 400)
    assert NUL_ERROR in response.content.decode()


def test_signing_in_with_a_nul_is_a_field_error(client):
    """allauth's own form: Django's CharField refuses NUL (a lone surrogate cannot arrive in
    a form post: Django decodes invalid UTF-8 as U+FFFD)."""
    with refused_like_postgresql():
        response = client.post(reverse("account_login"), {"login": "a\x00", "password": "x"})

    assert response.status_code in (200, 400)
    assert "Null characters are not allowed." in response.content.decode()
