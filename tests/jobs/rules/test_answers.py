"""Not answered is not failed (jobs/rules/answers.py and the engine's ``unanswered``).

A check whose question is not filled in yet says so ("Not answered yet") and never counts as
failed: it has no effect, blocks nothing and never makes a job Rejected or BPA Pending. While
questions are left the status is In Progress. Only a completed job, which answers every
question, has checks that all pass or fail; with nothing unanswered the engine decides as
it always did.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given

import jobs.rules
from jobs.dictionary import fields as dd
from jobs.dictionary import inputs
from jobs.rules import Check, Status, answers, engine, evaluate
from tests.jobs.rules import test_properties as props
from tests.jobs.rules.builders import (
    APPROVED,
    CERT_ONLY,
    PENDING,
    REJECTED,
    ashp_job,
    assert_check,
    check,
    context_for,
    duct_job,
    failed_rules,
    run,
)

LABELS = inputs.LABELS
IN_PROGRESS = Status.IN_PROGRESS


def unanswered_of(facts: dict) -> tuple[str, ...]:
    """What the services pass for a job saved in progress: what Complete still requires."""
    names = list(dd.completion_errors(facts["measure_type"], facts))
    if engine._install_date(facts) is None:
        names.insert(0, "install_date")
    return tuple(names)


# --- A heat pump whose HSPF and SEER are not entered yet ----------------------------------


def test_efficiency_not_entered_is_not_answered_not_failed():
    facts = ashp_job(hspf=None, seer=None)

    decision = run(facts, in_progress=True, unanswered=unanswered_of(facts), labels=LABELS)

    efficiency = check(decision, "hp.efficiency")
    assert efficiency.answered is False
    assert efficiency.passed is False
    assert efficiency.failed is False
    assert efficiency.effect is None
    assert efficiency.message == "Not answered yet: HSPF and SEER."
    assert "hp.efficiency" not in failed_rules(decision)
    assert decision.unanswered == (efficiency,)
    assert decision.reasons() == []
    assert decision.status == IN_PROGRESS
    assert decision.questions_left == ("seer", "hspf")
    # Its category (conversion, upgrade or CC&S only) waits for the efficiency too.
    assert decision.category is None


def test_the_live_check_of_a_partly_filled_heat_pump_is_in_progress_not_pending():
    # The preview evaluates as if completing (no in_progress): with questions left, the
    # status is still In Progress, never the BPA Pending a missing value used to give.
    facts = ashp_job(hspf=None, seer=None, balance_point_f=None)

    decision = run(facts, unanswered=unanswered_of(facts), labels=LABELS)

    assert decision.status == IN_PROGRESS
    assert decision.failed == ()
    assert {c.rule for c in decision.unanswered} == {"hp.efficiency", "hp.balance_point"}
    assert check(decision, "hp.balance_point").message == "Not answered yet: Balance point (°F)."


def test_the_same_heat_pump_answered_with_a_failing_value_fails_as_before():
    facts = ashp_job(hspf=8.5)

    decision = run(facts, unanswered=unanswered_of(facts), labels=LABELS)

    assert unanswered_of(facts) == ()
    assert decision.questions_left == ()
    assert_check(decision, "hp.efficiency", False, CERT_ONLY)
    assert check(decision, "hp.efficiency").answered is True
    assert decision.category == "ccs"


def test_a_check_answered_already_fails_while_other_questions_are_left():
    # Balance point 40 °F is above the 30 °F maximum (seed 004 L398) and the review band up
    # to 35 °F of rule set ptcs-2017: that answer fails now, and the job would be Rejected.
    # But with HSPF still empty the job is not complete, so its status is In Progress.
    facts = ashp_job(hspf=None, balance_point_f=40.0)

    decision = run(facts, unanswered=unanswered_of(facts), labels=LABELS)

    balance = check(decision, "hp.balance_point")
    assert balance.failed
    assert balance.effect == REJECTED
    assert failed_rules(decision) == {"hp.balance_point"}
    assert decision.status == IN_PROGRESS


def test_a_passing_check_stays_passed_though_a_question_it_reads_is_left():
    # No compressor box ticked is no mismatch (seed 004 L217): passed, whatever is left.
    decision = run(ashp_job(variable_speed=None), unanswered=("variable_speed",))

    assert check(decision, "hp.compressor_matches_measure").passed
    assert check(decision, "hp.compressor_matches_measure").answered


# --- Thresholds: an answer just past the limit fails; no answer is not answered -----------


@pytest.mark.parametrize(
    ("field", "rule", "value", "status"),
    [
        # 004 L398: balance point ≤ 30 °F; rule set ptcs-2017 reviews 30–35 °F.
        pytest.param("balance_point_f", "hp.balance_point", 30.1, PENDING, id="004-L398-30.1"),
        # 003 L9982: 9.0 HSPF.
        pytest.param("hspf", "hp.efficiency", 8.9, CERT_ONLY, id="003-L9982-hspf-8.9"),
        # 004 L409: external static pressure ≤ 0.8 in. w.c. (return −0.30 + supply 0.51).
        pytest.param("supply_static", "hp.external_static_pressure", 0.51, REJECTED, id="004-L409"),
    ],
)
def test_a_just_failing_answer_fails_and_no_answer_is_not_answered(field, rule, value, status):
    answered = run(ashp_job(**{field: value}))
    assert_check(answered, rule, False, status)
    assert check(answered, rule).answered

    facts = ashp_job(**{field: None})
    left = run(facts, unanswered=unanswered_of(facts), labels=LABELS)
    assert field in left.questions_left
    assert check(left, rule).answered is False
    assert check(left, rule).message.startswith("Not answered yet: ")
    assert LABELS[field] in check(left, rule).message
    assert left.status == IN_PROGRESS


# --- Duct sealing -----------------------------------------------------------------------


def test_a_duct_job_without_an_install_date_is_not_blocked_or_rejected_in_progress():
    facts = duct_job(install_date=None)

    decision = run(facts, in_progress=True, unanswered=unanswered_of(facts), labels=LABELS)

    certified = check(decision, "technician.certified_on_install_date")
    assert certified.answered is False
    assert certified.blocking is False
    assert certified.effect is None
    assert certified.message == "Not answered yet: Install date."
    # Without a date there is no rule set in force either: not answered, not BPA Pending.
    assert check(decision, "ruleset.in_force").answered is False
    assert decision.blocking == ()
    assert decision.can_complete
    assert decision.failed == ()
    assert decision.status == IN_PROGRESS
    assert decision.questions_left == ("install_date",)


def test_an_uncertified_technician_still_blocks_once_the_install_date_is_answered():
    decision = run(duct_job(), context_for("ashp"), in_progress=True)

    assert [c.rule for c in decision.blocking] == ["technician.certified_on_install_date"]


def test_a_duct_job_without_its_post_test_waits_for_it():
    facts = duct_job(post_cfm50=None)

    decision = run(facts, unanswered=unanswered_of(facts), labels=LABELS)

    assert decision.questions_left == ("post_cfm50",)
    readings = check(decision, "duct.leakage_readings")
    assert readings.answered is False
    assert readings.message == "Not answered yet: Post-test duct blaster CFM."
    assert decision.status == IN_PROGRESS


def test_a_duct_job_with_every_answer_is_decided_as_before():
    facts = duct_job(pre_cfm50=200.0, post_cfm50=180.0)  # pre low, post high (000 L27)

    decision = run(facts, unanswered=unanswered_of(facts), labels=LABELS)

    assert decision.questions_left == ()
    assert decision.status == Status.RECORD_ONLY
    assert all(c.answered for c in decision.checks)


def test_a_two_system_home_without_the_area_served_still_goes_to_review():
    # Complete does not require the area served (the heated area stands in for a one-system
    # home), so it is no question left: the job goes to review as before (004 C.2.2 L524).
    facts = duct_job(heated_area_sqft=3000, separate_duct_systems=True)

    decision = run(facts, unanswered=unanswered_of(facts), labels=LABELS)

    assert decision.questions_left == ()
    assert_check(decision, "duct.area_served", False, PENDING)


# --- Status functions on stored checks --------------------------------------------------


def _stored(**changes) -> dict:
    return {
        "rule": "hp.balance_point",
        "source": "seed 004 L398",
        "passed": False,
        "message": "m",
        "values": {},
        "threshold": "",
        "effect": "rejected",
        "blocking": False,
    } | changes


def test_stored_checks_not_answered_count_for_no_status():
    unanswered = _stored(answered=False)

    assert engine.rejecting_checks([unanswered]) == []
    assert engine.status_after_review([_stored(answered=False, effect="record_only")]) == APPROVED
    # Checks stored before the flag existed read as answered.
    assert engine.rejecting_checks([_stored()]) == [_stored()]


def test_resolve_status_ignores_a_check_not_answered():
    waiting = Check("hp.x", "s", passed=False, message="m", effect=REJECTED, answered=False)

    assert engine.resolve_status([waiting]) == APPROVED
    assert waiting.as_dict()["answered"] is False


# --- The table covers every rule the engine can emit -------------------------------------

RULE_MODULES = sorted(Path(jobs.rules.__file__).parent.glob("*.py"))
RULE_PREFIXES = ("technician.", "site.", "ruleset.", "hp.", "gshp.", "duct.")


def _rule_names_in_source() -> set[str]:
    """Every rule name written in the engine's modules (each is spelled out whole)."""
    names = set()
    for path in RULE_MODULES:
        if path.name == "answers.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "rule":
                # A rule name built from pieces would escape this search.
                assert not isinstance(node.value, ast.JoinedStr | ast.BinOp), (
                    f"{path.name}:{node.lineno}: write the rule name out whole"
                )
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith(RULE_PREFIXES)
                and node.value.replace(".", "").replace("_", "").isalnum()
            ):
                names.add(node.value)
    return names


def test_every_rule_says_which_questions_it_reads():
    in_source = _rule_names_in_source()

    assert len(in_source) > 30
    assert in_source == set(answers.READS)


def test_the_questions_read_are_questions_of_the_job():
    known = {spec.name for spec in dd.FIELDS} | set(inputs.ENVELOPE)
    for rule, names in answers.READS.items():
        assert set(names) <= known, rule


@props.PROPERTY_SETTINGS
@given(job=props.jobs)
def test_a_failed_check_never_waits_for_an_unanswered_question(job):
    facts, context = job
    left = unanswered_of(facts)

    decision = evaluate(facts, context, unanswered=left, labels=LABELS)

    for c in decision.checks:
        assert c.rule in answers.READS, c.rule
        if c.failed:
            assert not set(answers.READS[c.rule]) & set(left), (c.rule, left)
        if not c.answered:
            assert not c.passed
            assert c.effect is None
            assert not c.blocking
            assert c.message.startswith("Not answered yet: ")
    if left:
        assert decision.status == IN_PROGRESS
    else:
        assert decision == evaluate(facts, context)
