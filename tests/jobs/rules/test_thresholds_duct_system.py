"""Status-engine thresholds of a duct sealing job's system: the specification statement when
no sealing was done, and the floor area served by the system (each just below, at and just
above).

Case ids name the seed clause: ``000-L27`` = the status definitions of seed 000 (Record Only
"occurs when there was no sealing done"); ``004-L378`` = the form's specification statement;
``004-L519`` / ``004-L524`` = C.1.2 / C.2.2, "10% of the floor area served by the system";
``003-L10369`` = homes with two independent duct systems (IM §10.8.2.3).
"""

import pytest

from tests.jobs.rules.builders import (
    APPROVED,
    PENDING,
    RECORD_ONLY,
    REJECTED,
    assert_check,
    check,
    duct_job,
    rules,
    run,
)

NO_SEALING = "record_only_no_sealing"

# --- Record Only when no sealing was done (000 L27; 004 L364, L378) ---------------------------


@pytest.mark.parametrize(
    "meets",
    [
        pytest.param(True, id="004-L378-yes"),
        pytest.param(False, id="004-L378-no"),
        pytest.param(None, id="004-L378-not-answered"),
    ],
)
def test_no_sealing_done_is_record_only_whatever_the_specification_statement(meets):
    decision = run(
        duct_job(condition=NO_SEALING, pre_cfm50=None, post_cfm50=320.0, meets_specification=meets)
    )

    assert decision.status == RECORD_ONLY, decision.reasons()
    assert "duct.specification_requirements" not in rules(decision)
    assert_check(decision, "duct.record_only_no_sealing", False, RECORD_ONLY)


@pytest.mark.parametrize(
    ("condition", "meets", "status"),
    [
        pytest.param("none", False, REJECTED, id="004-L378-sealed-and-no-rejects"),
        pytest.param("none", True, APPROVED, id="004-L378-sealed-and-yes"),
        pytest.param(NO_SEALING, False, RECORD_ONLY, id="000-L27-no-sealing-and-no"),
    ],
)
def test_the_statement_rejects_only_a_job_whose_ducts_were_sealed(condition, meets, status):
    overrides = {"condition": condition, "meets_specification": meets}
    if condition == NO_SEALING:
        overrides |= {"pre_cfm50": None, "post_cfm50": 320.0}
    decision = run(duct_job(**overrides))

    assert decision.status == status, decision.reasons()


# --- The floor area served by the system (004 C.1.2 L519, C.2.2 L524; 003 L10369-10371) -----


@pytest.mark.parametrize(
    ("served", "post", "passed"),
    [
        # A 3,000 sq ft home whose second system serves 1,200 sq ft: 10 % = 120 CFM50.
        pytest.param(1200, 119.9, True, id="004-L524-below-10pct-of-area-served"),
        pytest.param(1200, 120.0, True, id="004-L524-at-10pct-of-area-served"),
        pytest.param(1200, 120.1, False, id="004-L524-above-10pct-of-area-served"),
    ],
)
def test_post_test_limit_is_ten_percent_of_the_area_served(served, post, passed):
    # Pre 180 → post 120.1 is a 33 % reduction: only the absolute limit can pass it.
    decision = run(
        duct_job(
            heated_area_sqft=3000,
            separate_duct_systems=True,
            duct_system_area_sqft=served,
            pre_cfm50=180.0,
            post_cfm50=post,
        )
    )

    assert decision.computed["post_allowed_cfm50"] == pytest.approx(120.0)
    assert check(decision, "duct.post_test_leakage").passed is passed


@pytest.mark.parametrize(
    ("served", "required"),
    [
        pytest.param(1666, 249.9, id="004-L461-area-served-1666-uses-15pct"),
        pytest.param(1667, 250.0, id="004-L461-area-served-1667-uses-250"),
        pytest.param(1668, 250.0, id="004-L461-area-served-1668-uses-250"),
    ],
)
def test_pre_test_requirement_uses_the_area_served(served, required):
    decision = run(
        duct_job(
            heated_area_sqft=4000,
            separate_duct_systems=True,
            duct_system_area_sqft=served,
        )
    )

    assert decision.computed["pre_required_cfm50"] == pytest.approx(required)


@pytest.mark.parametrize(
    ("new_ducts_area", "allowed"),
    [
        pytest.param(749, 75.0, id="004-L519-749sqft-75-floor"),
        pytest.param(750, 75.0, id="004-L519-750sqft-equal"),
        pytest.param(751, 75.1, id="004-L519-751sqft-10pct"),
    ],
)
def test_new_ducts_limit_uses_the_area_served(new_ducts_area, allowed):
    decision = run(
        duct_job(
            heated_area_sqft=3000,
            separate_duct_systems=True,
            duct_system_area_sqft=new_ducts_area,
            duct_type="new",
            pre_cfm50=None,
            post_cfm50=60.0,
        )
    )

    assert decision.computed["post_allowed_cfm50"] == pytest.approx(allowed)
    assert decision.status == APPROVED, decision.reasons()


def test_a_one_system_home_uses_its_heated_area():
    decision = run(duct_job(heated_area_sqft=1500))

    assert decision.computed["post_allowed_cfm50"] == pytest.approx(150.0)
    assert decision.status == APPROVED
    assert "duct.area_served" not in rules(decision)


def test_two_systems_without_the_area_served_is_bpa_pending_with_that_reason():
    decision = run(duct_job(heated_area_sqft=3000, separate_duct_systems=True))

    assert_check(decision, "duct.area_served", False, PENDING)
    assert "floor area this system serves" in check(decision, "duct.area_served").message
    assert "post_allowed_cfm50" not in decision.computed


def test_a_manufactured_home_with_two_systems_goes_by_its_sections():
    decision = run(
        duct_job(
            home_type="manufactured",
            manufactured_sections=2,
            separate_duct_systems=True,
            pre_cfm50=200.0,
            post_cfm50=70.0,
        )
    )

    assert decision.computed["post_allowed_cfm50"] == pytest.approx(80.0)
    assert "duct.area_served" not in rules(decision)
    assert decision.status == APPROVED, decision.reasons()
