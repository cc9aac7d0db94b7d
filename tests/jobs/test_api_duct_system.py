"""Whole duct sealing jobs through the API: a job with no sealing done is Record Only whatever
its specification statement (seed 000 L27; form 004 L364, L378), and the leakage limits of a
home with two duct systems are a share of the floor area the system serves (004 C.2.2 L524;
IM §10.8.2.3, 003 L10369-10371)."""

from __future__ import annotations

import pytest

from jobs.models import Job
from tests.jobs.api_helpers import api_client, post
from tests.jobs.factories import duct_payload

pytestmark = pytest.mark.django_db


def complete(user, **overrides):
    response = post(api_client(user), {**duct_payload(**overrides), "action": "complete"})
    assert response.status_code == 201, response.json()
    return response.json()


def checks_by_rule(data) -> dict[str, dict]:
    return {c["rule"]: c for c in data["checks"]}


@pytest.mark.parametrize("meets", ["yes", "no", None], ids=["said-yes", "said-no", "not-asked"])
def test_a_job_with_no_sealing_done_is_record_only(technician, benton_rea, meets):
    data = complete(
        technician,
        condition="record_only_no_sealing",
        pre_cfm50=None,
        post_cfm50="320",
        meets_specification=meets,
    )

    assert data["status"] == Job.Status.RECORD_ONLY
    assert "duct.specification_requirements" not in checks_by_rule(data)
    assert Job.objects.get().status == Job.Status.RECORD_ONLY


def test_a_sealed_job_must_still_answer_the_specification_statement(technician, benton_rea):
    response = post(
        api_client(technician),
        {**duct_payload(meets_specification=None), "action": "complete"},
    )

    assert response.status_code == 400
    assert "meets_specification" in response.json()
    assert not Job.objects.exists()


def test_a_second_system_is_held_to_the_area_it_serves(technician, benton_rea):
    # 3,000 sq ft home, this system serves 1,200 sq ft: post ≤ 120 CFM50 (not 300); pre 180 →
    # post 130 is a 28 % reduction, so only the absolute limit could pass it.
    common = {
        "heated_area_sqft": "3000",
        "separate_duct_systems": "yes",
        "duct_system_area_sqft": "1200",
        "pre_cfm50": "180",
    }
    within = complete(technician, street_address="10 Two Systems Rd", post_cfm50="120", **common)
    above = complete(technician, street_address="12 Two Systems Rd", post_cfm50="130", **common)

    assert within["status"] == Job.Status.BPA_APPROVED
    assert within["computed"]["post_allowed_cfm50"] == pytest.approx(120)
    assert within["duct_system_area_sqft"] == 1200
    assert above["status"] == Job.Status.REJECTED
    assert checks_by_rule(above)["duct.post_test_leakage"]["passed"] is False


def test_a_second_system_without_the_area_it_serves_goes_to_bpa_pending(technician, benton_rea):
    data = complete(technician, heated_area_sqft="3000", separate_duct_systems="yes")

    assert data["status"] == Job.Status.BPA_PENDING
    reason = checks_by_rule(data)["duct.area_served"]
    assert reason["passed"] is False
    assert "floor area this system serves" in reason["message"]


def test_a_one_system_home_needs_no_area_served(technician, benton_rea):
    data = complete(technician)  # 1,500 sq ft, one system: post ≤ 150 CFM50

    assert data["status"] == Job.Status.BPA_APPROVED
    assert data["computed"]["post_allowed_cfm50"] == pytest.approx(150)
    assert "duct.area_served" not in checks_by_rule(data)
