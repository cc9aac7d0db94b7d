"""The jobs REST API (/api/v1/jobs/): field errors and malformed bodies are 400s (never a
500) and write nothing."""

from __future__ import annotations

import json

import pytest

from jobs.models import MeasureIdAllocation
from tests.jobs.api_helpers import LIST, api_client, post, written
from tests.jobs.factories import ashp_payload

pytestmark = pytest.mark.django_db


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
