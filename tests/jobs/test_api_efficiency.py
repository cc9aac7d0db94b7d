"""Whole jobs through the REST API, on heat pump efficiency: SEER2/HSPF2 ratings, the federal
minimum in force on the install date, and the pair of ratings Complete needs.

Seed lines: "a minimum of 9.0 HSPF and 14 SEER" (003 L9981-9984); below it, installed to PTCS,
"PTCS-Certified Only … did not meet the 9.0 HSPF/14 SEER requirements" (000 L25); CC&S "may be
applied to any new heat pump that meets the federal minimum standards" (003 L9992-9993), so
below that minimum the job is Rejected; the federal 8.2 HSPF from 1 Jan 2015 (003 L913-915).
The 2006 and 2023 federal figures are outside the seeds.
"""

from __future__ import annotations

import datetime

import pytest

from jobs.models import Job, RuleSetRecord
from jobs.rules.ruleset import PTCS_2015_2017, ruleset_to_record_values
from technicians.models import Certification
from tests.jobs.api_helpers import api_client, post, written
from tests.jobs.factories import ashp_payload

pytestmark = pytest.mark.django_db

PAIRS = "Enter both ratings of one pair to complete the job: SEER and HSPF, or SEER2 and HSPF2."


def complete(user, **overrides):
    return post(api_client(user), {**ashp_payload(**overrides), "action": "complete"})


def check(data, rule):
    return next(c for c in data["checks"] if c["rule"] == rule)


def test_a_seer2_rated_heat_pump_is_bpa_approved(technician, benton_rea):
    # 2024: the federal 14.3 SEER2 / 7.5 HSPF2 and the rule set's 13.4 SEER2 / 7.7 HSPF2.
    response = complete(technician, seer=None, hspf=None, seer2="15.2", hspf2="8.1")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["category"]) == ("bpa_approved", "conversion")
    assert (data["seer2"], data["hspf2"], data["seer"], data["hspf"]) == (15.2, 8.1, None, None)
    federal = check(data, "hp.federal_minimum")
    assert federal["passed"]
    assert federal["message"].startswith(
        "Installed 2024-06-03: the federal minimum in force was 14.3 SEER2 / 7.5 HSPF2"
    )
    assert federal["values"] == {
        "seer2": 15.2,
        "hspf2": 8.1,
        "install_date": "2024-06-03",
        "federal_minimum_from": "2023-01-01",
    }
    assert check(data, "hp.efficiency")["threshold"] == "≥ 13.4 SEER2 and ≥ 7.7 HSPF2"


@pytest.fixture
def staff_set_for_2014(db):
    """The registry's rule sets start on 1 Apr 2015; staff add one for earlier installs, with
    the 2015–2017 thresholds and the federal minimum table."""
    return RuleSetRecord.objects.create(
        key="ptcs-2014-10",
        name="PTCS rule set for installs from 1 Oct 2014",
        effective_from=datetime.date(2014, 10, 1),
        effective_to=datetime.date(2015, 3, 31),
        sources=["BPA Implementation Manual, 1 Oct 2014"],
        values=ruleset_to_record_values(PTCS_2015_2017),
    )


@pytest.fixture
def certified_since_2014(technician):
    Certification.objects.filter(technician__user=technician).update(
        effective_date=datetime.date(2014, 1, 1)
    )
    return technician


@pytest.mark.parametrize(
    ("install_date", "ruleset", "status", "federal"),
    [
        # Federal minimum then: 13 SEER / 7.7 HSPF (standard of 23 Jan 2006).
        ("2014-11-12", "ptcs-2014-10", "ptcs_certified_only", True),
        # From 1 Jan 2015 the federal minimum is 14 SEER: the same unit is below it.
        ("2015-06-01", "ptcs-2017", "rejected", False),
    ],
    ids=["2014-ptcs-certified-only", "2015-rejected"],
)
def test_a_13_5_seer_heat_pump_is_ptcs_certified_only_where_the_federal_minimum_allows(
    certified_since_2014, benton_rea, staff_set_for_2014, install_date, ruleset, status, federal
):
    """000 L25 through SEER: at or above the federal minimum of its install date, below the
    program's 14 SEER (003 L9982)."""
    response = complete(certified_since_2014, install_date=install_date, seer="13.5")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["ruleset"], data["status"]) == (ruleset, status)
    assert check(data, "hp.federal_minimum")["passed"] is federal
    assert not check(data, "hp.efficiency")["passed"]
    if federal:
        assert data["category"] == "ccs"
        assert (
            "13 SEER / 7.7 HSPF (DOE standard of 23 Jan 2006)"
            in (check(data, "hp.federal_minimum")["message"])
        )


def test_a_heat_pump_below_the_federal_minimum_is_rejected(technician, benton_rea):
    # 14.5 SEER meets the program's 14 SEER but not the federal 15 SEER of 2023 (8.8 HSPF).
    response = complete(technician, seer="14.5")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "rejected"
    federal = check(data, "hp.federal_minimum")
    assert not federal["passed"]
    assert federal["message"] == (
        "Installed 2024-06-03: the federal minimum in force was 15 SEER / 8.8 HSPF, i.e. 14.3 "
        "SEER2 / 7.5 HSPF2 (DOE standard of 1 Jan 2023). 14.5 SEER / 9.5 HSPF is below it: "
        "not eligible, not even for commissioning, controls & sizing."
    )
    assert federal["threshold"] == "≥ 15 SEER and ≥ 8.8 HSPF (DOE standard of 1 Jan 2023)"
    assert "(2023)" in federal["source"]
    assert Job.objects.get().status == Job.Status.REJECTED


def test_seer_without_hspf_is_a_field_error_naming_the_pairs(technician, benton_rea):
    response = complete(technician, hspf=None)

    assert response.status_code == 400
    assert response.json()["hspf"] == [PAIRS]
    assert "seer" not in response.json()
    assert written() == (0, 0)


def test_no_rating_at_all_names_seer_and_hspf(technician, benton_rea):
    response = complete(technician, seer=None, hspf=None)

    assert response.status_code == 400
    assert (response.json()["seer"], response.json()["hspf"]) == ([PAIRS], [PAIRS])
    assert written() == (0, 0)


def test_save_progress_accepts_half_a_pair(technician, benton_rea):
    body = {**ashp_payload(hspf=None, seer2="15.2"), "action": "save_progress"}

    response = post(api_client(technician), body)

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "in_progress"
