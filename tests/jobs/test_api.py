"""The jobs REST API (/api/v1/jobs/): entry through the same service as the form, field errors
as 400s (never a 500), and each role seeing exactly what it sees in the browser."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobs import services
from jobs.fields import FIELDS_BY_NAME, fields_for
from jobs.inputs import ENVELOPE
from jobs.models import Job, JobStatusChange, MeasureIdAllocation
from tests.jobs.factories import ashp_payload, duct_payload

pytestmark = pytest.mark.django_db

LIST = reverse("api-job-list")

#: Token lookup, page count, page of jobs (site, technician, user, utility and company joined).
API_LIST_QUERIES = 3


def detail_url(measure_id: int) -> str:
    return reverse("api-job-detail", kwargs={"measure_id": measure_id})


def complete_url(measure_id: int) -> str:
    return reverse("api-job-complete", kwargs={"measure_id": measure_id})


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


def pacific_payload(**overrides) -> dict:
    """A heat pump at a Pacific Power (Energy Trust) site."""
    return ashp_payload(
        street_address="400 Court St NE",
        city="Salem",
        state="OR",
        zip_code="97301",
        electric_utility="Pacific Power",
        **overrides,
    )


def post(client: APIClient, body, **extra):
    """POST a JSON body; a str is sent as is (raw JSON), anything else is encoded."""
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(LIST, data=raw, content_type="application/json", **extra)


def written() -> tuple[int, int]:
    return Job.objects.count(), JobStatusChange.objects.count()


# --- Entering jobs ---------------------------------------------------------------------------


def test_technician_completes_a_job_and_gets_its_status_and_reasons(technician, benton_rea):
    body = {**ashp_payload(), "action": "complete"}

    response = post(api_client(technician), body)

    assert response.status_code == 201, response.json()
    data = response.json()
    job = Job.objects.get()
    assert data["measure_id"] == job.measure_id
    assert 1_000_000 <= data["measure_id"] <= 9_999_999
    assert (data["status"], data["status_label"]) == ("bpa_approved", "BPA Approved")
    assert job.status == Job.Status.BPA_APPROVED
    assert data["ruleset"] == job.ruleset != ""
    assert data["category"] == "conversion"
    assert data["checks"]
    assert all(c["passed"] for c in data["checks"])
    first = data["checks"][0]
    assert {"rule", "source", "passed", "message", "values", "threshold"} <= first.keys()
    assert data["computed"]["cfm_per_ton"] == pytest.approx(400)
    # The data as entered, flat, typed, under the data dictionary's names.
    assert (data["seer"], data["hspf"], data["make"]) == (16.0, 9.5, "Acme")
    assert data["variable_speed"] is False
    assert data["electric_utility"] == "Benton REA"
    assert data["zip_code"] == "99350"
    assert data["tech_id"] == technician.technician.technician_id
    assert data["completed_at"] is not None
    assert JobStatusChange.objects.get(job=job).to_status == Job.Status.BPA_APPROVED


def test_a_job_reads_back_in_the_shape_it_was_entered(technician, benton_rea):
    client = api_client(technician)
    created = post(client, {**ashp_payload(), "action": "complete"}).json()
    measure_fields = {spec.name for spec in fields_for("ashp")}

    # Only the measure's own data-dictionary fields: no duct sealing or GSHP keys.
    assert {k for k in created if k in FIELDS_BY_NAME} == measure_fields
    # Its entered data, posted again (another home), is a valid job with the same outcome.
    again = {k: v for k, v in created.items() if k in measure_fields | ENVELOPE and v is not None}
    again.update(street_address="1300 N Meade Ave", action="complete")
    response = post(client, again)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == created["status"]
    assert response.json()["computed"] == created["computed"]


def test_save_progress_accepts_a_partial_job(technician, benton_rea):
    body = {**ashp_payload(hspf=None, seer=None), "action": "save_progress"}

    response = post(api_client(technician), body)

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "in_progress"
    assert response.json()["hspf"] is None
    assert Job.objects.get().completed_at is None


def test_numbers_may_be_sent_as_json_numbers(technician, benton_rea):
    body = {**ashp_payload(), "seer": 16, "hspf": 9.5, "heated_area_sqft": 2000}

    response = post(api_client(technician), {**body, "action": "complete"})

    assert response.status_code == 201, response.json()
    assert response.json()["heated_area_sqft"] == 2000.0


BAD_FIELDS = [
    # (case id, overrides of a valid complete ASHP payload, the field the error is under)
    ("text-for-number", {"seer": "sixteen"}, "seer"),
    ("negative", {"seer": -5}, "seer"),
    ("absurd-area", {"heated_area_sqft": 1_000_000_000}, "heated_area_sqft"),
    ("huge-int", {"heated_area_sqft": 10**40}, "heated_area_sqft"),
    ("huge-exponent-string", {"manufactured_sections": "1e999999999"}, "manufactured_sections"),
    ("nan-string", {"seer": "NaN"}, "seer"),
    ("infinity-string", {"hspf": "Infinity"}, "hspf"),
    ("minus-infinity-string", {"balance_point_f": "-Infinity"}, "balance_point_f"),
    ("bool-for-number", {"seer": True}, "seer"),
    ("bool-false-for-number", {"heated_area_sqft": False}, "heated_area_sqft"),
    ("bool-for-int", {"manufactured_sections": True}, "manufactured_sections"),
    ("bool-for-text", {"zip_code": True}, "zip_code"),
    ("unknown-enum", {"home_type": "castle"}, "home_type"),
    ("unknown-lockout", {"aux_heat_lockout": "warm"}, "aux_heat_lockout"),
    ("nan-lockout", {"aux_heat_lockout": "nan"}, "aux_heat_lockout"),
    ("missing-required", {"hspf": None}, "hspf"),
    ("unknown-field", {"colour": "blue"}, "colour"),
    ("duct-field-on-heat-pump", {"pre_cfm50": 400}, "pre_cfm50"),
    ("unknown-measure-type", {"measure_type": "solar"}, "measure_type"),
    ("nested-object-for-text", {"make": {"brand": "Acme"}}, "make"),
    ("nested-list-for-number", {"seer": [16]}, "seer"),
    ("nested-object-for-choice", {"home_type": {"a": 1}}, "home_type"),
    ("nested-object-for-bool", {"variable_speed": {"a": 1}}, "variable_speed"),
    ("nested-object-for-address", {"street_address": {"line": "1200 Meade"}}, "street_address"),
    ("nested-object-for-measure-type", {"measure_type": {"a": "ashp"}}, "measure_type"),
    ("nested-object-for-date", {"install_date": {"y": 2024}}, "install_date"),
    ("nested-object-for-tech-id", {"tech_id": {"id": 1}}, "tech_id"),
    ("bad-date", {"install_date": "2024-13-45"}, "install_date"),
    ("future-date", {"install_date": "2999-01-01"}, "install_date"),
    ("missing-zip", {"zip_code": None}, "zip_code"),
    ("too-long-text", {"make": "x" * 61}, "make"),
    ("null-character", {"make": "Ac\x00me"}, "make"),
    ("null-character-in-address", {"city": "Pro\x00sser"}, "city"),
    ("utility-not-serving-zip", {"electric_utility": "Pacific Power"}, "electric_utility"),
    ("unicode-digit-utility", {"electric_utility": "²"}, "electric_utility"),
    ("overflowing-utility-id", {"electric_utility": "9" * 30}, "electric_utility"),
    ("someone-elses-tech-id", {"tech_id": 99999}, "tech_id"),
]


@pytest.mark.parametrize(
    ("overrides", "field"), [pytest.param(o, f, id=i) for i, o, f in BAD_FIELDS]
)
def test_bad_input_is_a_400_under_the_field_and_writes_nothing(
    technician, benton_rea, pacific_power, overrides, field
):
    payload = {**ashp_payload(), "action": "complete"}
    payload.update(overrides)
    payload = {k: v for k, v in payload.items() if v is not None}
    allocations = MeasureIdAllocation.objects.count()

    response = post(api_client(technician), payload)

    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(m, str) for m in errors[field])
    assert written() == (0, 0)
    assert MeasureIdAllocation.objects.count() == allocations


@pytest.mark.parametrize("action", ["publish", None, ["complete"], {"a": 1}, 1])
def test_a_missing_or_unknown_action_is_a_field_error(technician, benton_rea, action):
    payload = ashp_payload()
    if action is not None:
        payload["action"] = action

    response = post(api_client(technician), payload)

    assert response.status_code == 400
    assert "action" in response.json()
    assert written() == (0, 0)


def test_a_measure_the_technician_is_not_certified_for_is_refused(other_technician, benton_rea):
    # other_technician holds PTCS duct sealing only.
    response = post(api_client(other_technician), {**ashp_payload(), "action": "complete"})

    assert response.status_code == 400
    assert "tech_id" in response.json()
    assert written() == (0, 0)


def test_the_same_technician_may_enter_the_measure_they_are_certified_for(
    other_technician, benton_rea
):
    response = post(api_client(other_technician), {**duct_payload(), "action": "complete"})

    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param('[{"measure_type": "ashp"}]', id="array"),
        pytest.param('"ashp"', id="string"),
        pytest.param("42", id="number"),
        pytest.param("true", id="boolean"),
        pytest.param("null", id="null"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_non_field_error(technician, benton_rea, raw):
    response = post(api_client(technician), raw)

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert written() == (0, 0)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param('{"measure_type": "ashp",', id="truncated"),
        pytest.param('{"seer": NaN}', id="nan-literal"),
        pytest.param('{"seer": Infinity}', id="infinity-literal"),
        pytest.param("", id="empty"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="nested-deeper-than-the-decoder-recurses"),
        pytest.param('{"make": ' + "[" * 100_000 + "]" * 100_000 + "}", id="deeply-nested-value"),
        pytest.param('{"make": "\\ud800"}', id="lone-surrogate"),
        pytest.param('{"\\udfff": "Acme"}', id="lone-surrogate-in-a-key"),
    ],
)
def test_malformed_json_is_a_400(technician, benton_rea, raw):
    response = post(api_client(technician), raw)

    assert response.status_code == 400
    assert written() == (0, 0)


def test_a_lone_surrogate_in_a_complete_payload_writes_nothing(technician, benton_rea):
    body = json.dumps({**ashp_payload(street_address="\ud800 Meade"), "action": "complete"})

    response = post(api_client(technician), body)

    assert response.status_code == 400
    assert written() == (0, 0)


def test_emoji_are_text_like_any_other(technician, benton_rea):
    body = json.dumps({**ashp_payload(make="Acme \U0001f525"), "action": "complete"})

    response = post(api_client(technician), body)

    assert response.status_code == 201
    assert response.json()["make"] == "Acme \U0001f525"


def test_a_number_beyond_float_range_is_a_field_error(technician, benton_rea):
    # json reads 1e400 as float("inf"): not a number the registry accepts.
    body = json.dumps({**ashp_payload(), "action": "complete"}).replace('"16"', "1e400", 1)

    response = post(api_client(technician), body)

    assert response.status_code == 400
    assert "seer" in response.json()
    assert written() == (0, 0)


def test_a_form_encoded_post_is_refused(technician, benton_rea):
    response = api_client(technician).post(
        LIST, {**ashp_payload(), "action": "complete"}, format="multipart"
    )

    assert response.status_code == 415
    assert written() == (0, 0)


@pytest.mark.parametrize("persona", ["applicant", "staff", "utility_user", "inspector", "trainer"])
def test_only_technicians_enter_jobs(request, persona, benton_rea):
    user = request.getfixturevalue(persona)

    response = post(api_client(user), {**ashp_payload(), "action": "complete"})

    assert response.status_code == 403
    assert written() == (0, 0)


def test_anonymous_callers_are_asked_to_authenticate(benton_rea):
    assert post(api_client(), {**ashp_payload(), "action": "complete"}).status_code == 401
    assert api_client().get(LIST).status_code == 401
    assert written() == (0, 0)


def test_a_wrong_token_is_refused(technician):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert client.get(LIST).status_code == 401


# --- Completing a saved job ------------------------------------------------------------------


@pytest.fixture
def draft(technician, benton_rea):
    """An In Progress job of ``technician`` still missing its HSPF."""
    return submit(technician, action="save_progress", hspf=None)


def test_completing_a_saved_job_with_the_missing_value(technician, draft):
    response = api_client(technician).post(complete_url(draft.measure_id), {"hspf": 9.5})

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "bpa_approved"
    assert response.json()["measure_id"] == draft.measure_id
    draft.refresh_from_db()
    assert draft.status == Job.Status.BPA_APPROVED
    assert draft.completed_at is not None


def test_completing_without_a_body_uses_the_saved_data(technician, benton_rea):
    job = submit(technician, action="save_progress")

    response = api_client(technician).post(complete_url(job.measure_id))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "bpa_approved"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "hspf"),
        ({"hspf": "abc"}, "hspf"),
        ({"hspf": True}, "hspf"),
        ({"hspf": {"value": 9.5}}, "hspf"),
        ({"hspf": 9.5, "colour": "blue"}, "colour"),
        ({"hspf": 9.5, "measure_type": "vshp"}, "measure_type"),
    ],
)
def test_completing_with_bad_data_is_a_400_and_the_job_stays_in_progress(
    technician, draft, body, field
):
    response = api_client(technician).post(complete_url(draft.measure_id), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS
    assert JobStatusChange.objects.filter(job=draft).count() == 1


@pytest.mark.parametrize("raw", ["[1, 2]", '"complete"', "null"])
def test_completing_with_a_body_that_is_not_an_object_is_a_400(technician, draft, raw):
    response = api_client(technician).post(
        complete_url(draft.measure_id), data=raw, content_type="application/json"
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS


def test_completing_a_completed_job_is_a_non_field_error(technician, benton_rea):
    job = submit(technician)

    response = api_client(technician).post(complete_url(job.measure_id), {}, format="json")

    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_another_technician_cannot_complete_the_job(other_technician, draft):
    response = api_client(other_technician).post(complete_url(draft.measure_id), {"hspf": 9.5})

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS


@pytest.mark.parametrize("persona", ["staff", "utility_user", "inspector"])
def test_non_technicians_cannot_complete_jobs(request, persona, draft):
    user = request.getfixturevalue(persona)

    response = api_client(user).post(complete_url(draft.measure_id), {"hspf": 9.5})

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Job.Status.IN_PROGRESS


@pytest.mark.parametrize("measure_id", ["9999999", "99999999999999999999999999"])
def test_completing_an_unknown_job_is_a_404(technician, measure_id):
    response = api_client(technician).post(f"{LIST}{measure_id}/complete/", {})

    assert response.status_code == 404


# --- Who sees what ---------------------------------------------------------------------------


@pytest.fixture
def jobs(technician, other_technician, benton_rea, pacific_power):
    """One job of each kind a role's scope tells apart, by name."""
    return {
        "tech_done": submit(technician, street_address="1200 N Meade Ave"),
        "tech_draft": submit(technician, action="save_progress", street_address="7 Wine Way"),
        "pacific_done": submit(technician, payload=pacific_payload()),
        "other_done": submit(other_technician, payload=duct_payload(street_address="55 Sage Rd")),
    }


VISIBLE = {
    "technician": {"tech_done", "tech_draft", "pacific_done"},
    "other_technician": {"other_done"},
    "staff": {"tech_done", "tech_draft", "pacific_done", "other_done"},
    "energy_trust_staff": {"pacific_done"},
    "utility_user": {"tech_done", "other_done"},  # completed jobs of Benton REA only
    "other_utility_user": {"pacific_done"},
    "inspector": set(),
    "trainer": set(),
    "applicant": set(),
}


EVERY_JOB = VISIBLE["staff"]


def _names(jobs: dict[str, Job], data: dict) -> set[str]:
    by_id = {job.measure_id: name for name, job in jobs.items()}
    return {by_id[row["measure_id"]] for row in data["results"]}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_lists_exactly_the_jobs_it_sees_in_the_browser(request, persona, jobs):
    user = request.getfixturevalue(persona)

    data = api_client(user).get(LIST).json()

    assert _names(jobs, data) == VISIBLE[persona]
    assert data["count"] == len(VISIBLE[persona])


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_opens_exactly_the_jobs_it_sees(request, persona, jobs):
    client = api_client(request.getfixturevalue(persona))

    statuses = {
        name: client.get(detail_url(job.measure_id)).status_code for name, job in jobs.items()
    }

    assert {name for name, code in statuses.items() if code == 200} == VISIBLE[persona]
    assert set(statuses.values()) <= {200, 404}


def test_detail_shows_the_job(utility_user, jobs):
    job = jobs["tech_done"]

    data = api_client(utility_user).get(detail_url(job.measure_id)).json()

    assert data["measure_id"] == job.measure_id
    assert data["status_label"] == "BPA Approved"
    assert data["checks"] == job.checks
    assert data["street_address"] == job.site.street_address


def test_a_utility_user_cannot_find_another_utilitys_jobs_by_zip(utility_user, jobs):
    data = api_client(utility_user).get(LIST, {"zip_code": "97301"}).json()

    assert (data["count"], data["results"]) == (0, [])


def test_a_utility_user_cannot_find_another_utilitys_job_by_measure_id(utility_user, jobs):
    measure_id = jobs["pacific_done"].measure_id

    data = api_client(utility_user).get(LIST, {"q": str(measure_id)}).json()

    assert (data["count"], data["results"]) == (0, [])
    assert api_client(utility_user).get(detail_url(measure_id)).status_code == 404


def test_a_utility_user_cannot_see_in_progress_jobs_of_their_territory(utility_user, jobs):
    data = api_client(utility_user).get(LIST, {"status": "in_progress"}).json()

    assert data["count"] == 0


def test_the_list_is_paginated_newest_first(technician, jobs):
    data = api_client(technician).get(LIST).json()

    assert set(data) == {"count", "next", "previous", "results"}
    ids = [row["measure_id"] for row in data["results"]]
    assert ids == sorted(ids, reverse=True)  # measure IDs are issued in entry order


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_progress"}, {"tech_draft"}),
        ({"status": "bpa_approved"}, {"tech_done", "pacific_done", "other_done"}),
        ({"measure_type": "duct_sealing_ptcs"}, {"other_done"}),
        ({"measure_type": "ashp"}, {"tech_done", "tech_draft", "pacific_done"}),
        ({"zip_code": "97301"}, {"pacific_done"}),
        ({"zip_code": "99350"}, {"tech_done", "tech_draft", "other_done"}),
        ({"install_date_after": "2024-06-03"}, EVERY_JOB),
        ({"install_date_after": "2024-06-04"}, set()),
        ({"install_date_before": "2024-06-02"}, set()),
        ({"install_date_before": "2024-06-03"}, EVERY_JOB),
        ({"q": "meade"}, {"tech_done"}),
        ({"q": "SAGE"}, {"other_done"}),
        ({"q": "99999999999999999999999"}, set()),
        ({"q": "²"}, set()),
        ({"q": ""}, EVERY_JOB),
    ],
)
def test_filters(staff, jobs, params, expected):
    data = api_client(staff).get(LIST, params).json()

    assert _names(jobs, data) == expected


def test_search_by_measure_id(staff, jobs):
    job = jobs["other_done"]

    data = api_client(staff).get(LIST, {"q": str(job.measure_id)}).json()

    assert _names(jobs, data) == {"other_done"}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "approved-ish"},
        {"measure_type": "solar"},
        {"install_date_after": "yesterday"},
        {"install_date_before": "2024-02-30"},
        {"zip_code": "97301-1234-5678"},
    ],
)
def test_bad_filter_values_are_a_400(staff, jobs, params):
    response = api_client(staff).get(LIST, params)

    assert response.status_code == 400
    assert set(response.json()) <= set(params)


@pytest.mark.parametrize("measure_id", ["123", "99999999999999999999999999"])
def test_unknown_measure_ids_are_a_404(staff, measure_id):
    client = api_client(staff)

    assert client.get(f"{LIST}{measure_id}/").status_code == 404
    assert client.post(f"{LIST}{measure_id}/complete/").status_code == 403  # staff enter nothing


def test_non_numeric_measure_ids_do_not_route(staff):
    assert api_client(staff).get(f"{LIST}abc/").status_code == 404


# --- Queries ---------------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_jobs(technician, benton_rea, django_assert_num_queries):
    client = api_client(technician)
    Token.objects.get(user=technician)  # the token row exists before counting
    for n in range(5):
        submit(technician, street_address=f"{100 + n} Wine Country Rd")
    with django_assert_num_queries(API_LIST_QUERIES):
        assert client.get(LIST).json()["count"] == 5

    for n in range(5, 30):
        submit(technician, street_address=f"{100 + n} Wine Country Rd")
    with django_assert_num_queries(API_LIST_QUERIES):
        assert client.get(LIST).json()["count"] == 30


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
