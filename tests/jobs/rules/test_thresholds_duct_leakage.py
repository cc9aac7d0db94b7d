"""Status-engine thresholds of PTCS duct sealing leakage: pre-test, post-test and the
leakage outcome (each threshold just below, at and just above).


Each case starts from a complete job that is BPA Approved (``tests/jobs/rules/builders.py``),
changes one field, and asserts the resulting status AND the check (by rule id) that the field
feeds. Case ids name the seed clause: ``004-L409`` = seed 004 line 409, ``003-L9982`` = seed
003 line 9982, ``000-L25`` = the status definitions of seed 000.
"""

import pytest

from tests.jobs.rules.builders import (
    APPROVED,
    CERT_ONLY,
    PENDING,
    RECORD_ONLY,
    REJECTED,
    assert_check,
    check,
    duct_job,
    failed_rules,
    rules,
    run,
)

# --- Duct sealing: pre-test (004 B.2.2 L461, B.3.2 L465) ------------------------------------


@pytest.mark.parametrize(
    ("area", "pre", "required", "status"),
    [
        pytest.param(1666, 249.95, 249.9, APPROVED, id="004-L461-1666sqft-uses-15pct"),
        pytest.param(1667, 249.95, 250.0, CERT_ONLY, id="004-L461-1667sqft-uses-250"),
        pytest.param(1667, 250.0, 250.0, APPROVED, id="004-L461-1667sqft-at-250"),
        pytest.param(2000, 250.0, 250.0, APPROVED, id="004-L461-2000sqft-250-not-300"),
    ],
)
def test_site_built_pre_test_rule_changes_at_1667_sqft(area, pre, required, status):
    decision = run(duct_job(heated_area_sqft=area, pre_cfm50=pre, post_cfm50=100.0))

    assert decision.computed["pre_required_cfm50"] == pytest.approx(required)
    assert_check(decision, "duct.pre_test_leakage", status == APPROVED, status)


@pytest.mark.parametrize(
    ("area", "pre", "passed"),
    [
        pytest.param(1500, 224.9, False, id="004-L461-15pct-of-1500-below"),
        pytest.param(1500, 225.0, True, id="004-L461-15pct-of-1500-at"),
        pytest.param(1500, 225.1, True, id="004-L461-15pct-of-1500-above"),
        pytest.param(2000, 249.9, False, id="004-L461-250cfm-below"),
        pytest.param(2000, 250.0, True, id="004-L461-250cfm-at"),
        pytest.param(2000, 250.1, True, id="004-L461-250cfm-above"),
    ],
)
def test_site_built_pre_test_below_the_requirement_is_ptcs_certified_only(area, pre, passed):
    decision = run(duct_job(heated_area_sqft=area, pre_cfm50=pre, post_cfm50=100.0))

    assert_check(decision, "duct.pre_test_leakage", passed, APPROVED if passed else CERT_ONLY)


@pytest.mark.parametrize(
    ("sections", "pre", "passed"),
    [
        pytest.param(1, 99.9, False, id="004-L465-single-wide-99.9"),
        pytest.param(1, 100.0, True, id="004-L465-single-wide-100-at"),
        pytest.param(1, 100.1, True, id="004-L465-single-wide-100.1"),
        pytest.param(2, 149.9, False, id="004-L465-double-wide-149.9"),
        pytest.param(2, 150.0, True, id="004-L465-double-wide-150-at"),
        pytest.param(2, 150.1, True, id="004-L465-double-wide-150.1"),
        pytest.param(3, 224.9, False, id="004-L465-triple-wide-224.9"),
        pytest.param(3, 225.0, True, id="004-L465-triple-wide-225-at"),
        pytest.param(3, 225.1, True, id="004-L465-triple-wide-225.1"),
    ],
)
def test_manufactured_home_pre_test_by_sections(sections, pre, passed):
    decision = run(
        duct_job(
            home_type="manufactured", manufactured_sections=sections, pre_cfm50=pre, post_cfm50=10.0
        )
    )

    assert decision.computed["basis"] == f"manufactured_{sections}_section"
    assert_check(decision, "duct.pre_test_leakage", passed, APPROVED if passed else CERT_ONLY)


# --- Duct sealing: post-test (004 C.1.2 L519, C.2.2 L524, C.3.2 L529) -----------------------


@pytest.mark.parametrize(
    ("post", "passed"),
    [
        pytest.param(149.9, True, id="004-L524-149.9-under-10pct"),
        pytest.param(150.0, True, id="004-L524-150-at-10pct"),
        pytest.param(150.1, False, id="004-L524-150.1-over-10pct"),
    ],
)
def test_site_built_post_test_at_most_10pct_of_area(post, passed):
    # Pre 250: the reduction is under 50 % for every post here, so only the 10 % rule decides.
    decision = run(duct_job(heated_area_sqft=1500, pre_cfm50=250.0, post_cfm50=post))

    assert decision.computed["reduction"] < 0.5
    assert_check(decision, "duct.post_test_leakage", passed, APPROVED if passed else REJECTED)


@pytest.mark.parametrize(
    ("post", "reduction", "passed"),
    [
        pytest.param(501.0, 0.499, False, id="004-L524-49.9pct-reduction"),
        pytest.param(500.0, 0.5, True, id="004-L524-50pct-reduction-at"),
        pytest.param(499.0, 0.501, True, id="004-L524-50.1pct-reduction"),
    ],
)
def test_site_built_post_test_or_a_50pct_reduction(post, reduction, passed):
    # Post far above 150 CFM50 (10 % of 1,500 sq ft): only the reduction can pass it.
    decision = run(duct_job(heated_area_sqft=1500, pre_cfm50=1000.0, post_cfm50=post))

    assert decision.computed["reduction"] == pytest.approx(reduction)
    assert_check(decision, "duct.post_test_leakage", passed, APPROVED if passed else REJECTED)


@pytest.mark.parametrize(
    ("sections", "pre", "post", "passed", "status"),
    [
        # Pre = 2 × allowed − 1, so the reduction stays under 50 % at and above the limit.
        pytest.param(1, 99.0, 49.9, True, CERT_ONLY, id="004-L529-single-wide-49.9"),
        pytest.param(1, 99.0, 50.0, True, CERT_ONLY, id="004-L529-single-wide-50-at"),
        pytest.param(1, 99.0, 50.1, False, RECORD_ONLY, id="004-L529-single-wide-50.1"),
        pytest.param(2, 159.0, 79.9, True, APPROVED, id="004-L529-double-wide-79.9"),
        pytest.param(2, 159.0, 80.0, True, APPROVED, id="004-L529-double-wide-80-at"),
        pytest.param(2, 159.0, 80.1, False, REJECTED, id="004-L529-double-wide-80.1"),
        pytest.param(3, 219.0, 109.9, True, CERT_ONLY, id="004-L529-triple-wide-109.9"),
        pytest.param(3, 219.0, 110.0, True, CERT_ONLY, id="004-L529-triple-wide-110-at"),
        pytest.param(3, 219.0, 110.1, False, RECORD_ONLY, id="004-L529-triple-wide-110.1"),
        # A triple wide that qualified (≥ 225) passes just above 110 by the 50 % reduction.
        pytest.param(3, 225.0, 112.5, True, APPROVED, id="004-L529-triple-wide-50pct-at"),
        pytest.param(3, 225.0, 112.6, False, REJECTED, id="004-L529-triple-wide-49.96pct"),
    ],
)
def test_manufactured_home_post_test_by_sections(sections, pre, post, passed, status):
    decision = run(
        duct_job(
            home_type="manufactured", manufactured_sections=sections, pre_cfm50=pre, post_cfm50=post
        )
    )

    assert_check(decision, "duct.post_test_leakage", passed, status)


@pytest.mark.parametrize(
    ("area", "post", "allowed", "passed"),
    [
        pytest.param(700, 74.9, 75.0, True, id="004-L519-700sqft-75-floor-below"),
        pytest.param(700, 75.0, 75.0, True, id="004-L519-700sqft-75-floor-at"),
        pytest.param(700, 75.1, 75.0, False, id="004-L519-700sqft-75-floor-above"),
        pytest.param(750, 75.0, 75.0, True, id="004-L519-750sqft-both-75"),
        pytest.param(800, 79.9, 80.0, True, id="004-L519-800sqft-10pct-below"),
        pytest.param(800, 80.0, 80.0, True, id="004-L519-800sqft-10pct-at"),
        pytest.param(800, 80.1, 80.0, False, id="004-L519-800sqft-10pct-above"),
    ],
)
def test_new_ducts_post_test_at_most_the_greater_of_10pct_and_75(area, post, allowed, passed):
    decision = run(
        duct_job(duct_type="new", heated_area_sqft=area, pre_cfm50=None, post_cfm50=post)
    )

    assert decision.computed["post_allowed_cfm50"] == pytest.approx(allowed)
    assert_check(decision, "duct.post_new_ducts", passed, APPROVED if passed else REJECTED)
    assert "duct.pre_test_leakage" not in rules(decision)  # B.1.1: no pre-test for new ducts


@pytest.mark.parametrize(
    ("overrides", "status", "outcome_passed"),
    [
        pytest.param(
            {"pre_cfm50": 400.0, "post_cfm50": 100.0}, APPROVED, True, id="000-L23-pre-ok-post-ok"
        ),
        pytest.param(
            {"pre_cfm50": 200.0, "post_cfm50": 100.0},
            CERT_ONLY,
            False,
            id="000-L26-pre-low-post-ok",
        ),
        pytest.param(
            {"pre_cfm50": 200.0, "post_cfm50": 180.0},
            RECORD_ONLY,
            False,
            id="000-L27-pre-low-post-high",
        ),
        pytest.param(
            {"pre_cfm50": 400.0, "post_cfm50": 250.0},
            REJECTED,
            False,
            id="INF-6.2-pre-ok-post-high",
        ),
    ],
)
def test_duct_leakage_outcome_matrix(overrides, status, outcome_passed):
    decision = run(duct_job(**overrides))

    assert_check(decision, "duct.leakage_outcome", outcome_passed, status)
    if not outcome_passed:
        assert check(decision, "duct.leakage_outcome").effect == status


def test_record_only_no_sealing_with_only_a_post_test_is_record_only():
    decision = run(duct_job(condition="record_only_no_sealing", pre_cfm50=None, post_cfm50=300.0))

    assert_check(decision, "duct.record_only_no_sealing", False, RECORD_ONLY)
    assert "duct.leakage_outcome" not in rules(decision)


@pytest.mark.parametrize(
    ("pre", "status", "declared_check"),
    [
        pytest.param(200.0, CERT_ONLY, False, id="004-L364-declared-and-pre-low"),
        pytest.param(400.0, PENDING, True, id="004-L364-declared-but-pre-qualifies"),
    ],
)
def test_declared_certification_only_is_checked_against_the_pre_test(pre, status, declared_check):
    decision = run(duct_job(condition="certification_only", pre_cfm50=pre, post_cfm50=100.0))

    assert decision.status == status
    assert ("duct.declared_certification_only" in failed_rules(decision)) is declared_check


@pytest.mark.parametrize(
    ("override", "rule"),
    [
        pytest.param({"post_cfm50": None}, "duct.leakage_readings", id="004-C-no-post-test"),
        pytest.param({"heated_area_sqft": None}, "duct.leakage_readings", id="004-C-no-area"),
        pytest.param(
            {"home_type": "manufactured", "manufactured_sections": None},
            "duct.leakage_readings",
            id="004-L465-no-sections",
        ),
        pytest.param({"house_pressure_pa": 45}, "duct.house_pressure", id="004-L548-house-45Pa"),
    ],
)
def test_unusable_leakage_data_goes_to_review(override, rule):
    assert_check(run(duct_job(**override)), rule, False, PENDING)


def test_house_pressure_of_50Pa_adds_no_check():
    assert "duct.house_pressure" not in rules(run(duct_job(house_pressure_pa=50)))
