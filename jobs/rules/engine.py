"""Runs every check for a job and resolves its status (spec §5; domain-rules §6.2)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from typing import Any

from jobs.rules import answers, calc, common, duct, heat_pump
from jobs.rules.ruleset import BUILTIN_RULESETS, RuleSet, ruleset_for
from jobs.rules.types import (
    AIR_SOURCE,
    DUCT_MEASURES,
    EFFECT_PRECEDENCE,
    Check,
    Context,
    Decision,
    MeasureType,
    Status,
)


def _install_date(facts: Mapping[str, Any]) -> datetime.date | None:
    value = facts.get("install_date")
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def resolve_status(checks: list[Check] | tuple[Check, ...]) -> Status:
    """The strongest effect of the failed checks; BPA Approved when none failed (a check not
    answered yet has not failed)."""
    effects = {c.effect for c in checks if c.failed and c.effect is not None}
    for status in EFFECT_PRECEDENCE:
        if status in effects:
            return status
    return Status.BPA_APPROVED


def evaluate(
    facts: Mapping[str, Any],
    context: Context | None = None,
    ruleset: RuleSet | None = None,
    *,
    rulesets: tuple[RuleSet, ...] = BUILTIN_RULESETS,
    in_progress: bool = False,
    unanswered: Collection[str] = (),
    labels: Mapping[str, str] | None = None,
) -> Decision:
    """Evaluate a job.

    ``facts``: the data-dictionary fields (spec §4), already type-checked by a form or
    serializer. ``ruleset``: defaults to the set in force on the install date.
    ``in_progress``: Save Progress — every check still runs (so the technician sees them),
    but the status is In Progress.
    ``unanswered``: the questions (data-dictionary and site field names) not filled in yet,
    for a job saved in progress or a form still being typed. A check reading one of them
    that did not pass is "not answered yet" rather than failed (jobs.rules.answers), and
    while any is left the status is In Progress: only a completed job's checks pass or fail.
    A completing evaluation passes none, as Complete requires them all. ``labels``: the
    questions' labels for the messages of those checks.
    """
    context = context or Context()
    measure = MeasureType(facts["measure_type"])
    install_date = _install_date(facts)
    rs = ruleset or (ruleset_for(install_date, rulesets) if install_date else None)
    checks: list[Check] = []
    if rs is None:
        rs = rulesets[-1]  # thresholds to show; the job itself goes to review
        checks.append(common.ruleset_missing(install_date))

    computed = calc.compute(facts, rs, context.ring_calibrations)
    checks.append(common.certification(measure, install_date, context, rs))
    checks.append(common.address(context))
    checks.append(common.one_per_home(measure, facts, context, rs))

    if measure == MeasureType.GSHP:
        checks += heat_pump.gshp_checks(facts, rs, context.heating_zone, context.zip_code)
    elif measure in DUCT_MEASURES:
        checks += duct.eligibility(measure, facts, rs)
        if measure == MeasureType.DUCT_SEALING_PTCS:
            checks += duct.leakage(facts, computed, rs)
    else:
        checks += heat_pump.heat_pump_checks(
            measure, facts, computed, rs, context.ahri_known, install_date
        )

    questions_left = tuple(dict.fromkeys(unanswered))
    checks = answers.mark_unanswered(checks, questions_left, labels or {})
    category = None
    efficiency = [c for c in checks if c.rule == "hp.efficiency"]
    # An air source heat pump's category follows its efficiency; none until that is answered.
    if measure in AIR_SOURCE and all(c.answered for c in efficiency):
        category = heat_pump.category(facts, all(c.passed for c in efficiency))
    incomplete = in_progress or bool(questions_left)
    status = Status.IN_PROGRESS if incomplete else resolve_status(checks)
    if measure == MeasureType.GSHP and not incomplete:
        # Seed 000 L29: "always assigned BPA Pending status upon entry" — even a failing
        # check is for the reviewer to weigh, and it is listed for them.
        status = Status.BPA_PENDING
    return Decision(
        status=status,
        checks=tuple(checks),
        computed=computed,
        ruleset=rs.key,
        category=category,
        questions_left=questions_left,
    )


def status_after_review(checks: list[dict] | tuple[Check, ...]) -> Status:
    """The status a reviewer's approval gives a BPA Pending job (seed 000 L23-29).

    Approval settles every question that sent the job to review (the BPA Pending effects)
    and overrides the always-pending rule of ground source heat pumps, but not what the
    measurements say: a heat pump below 9.0 HSPF / 14 SEER (or the rule set's SEER2/HSPF2
    equivalents) stays PTCS-Certified Only and a duct job with a low pre-test stays
    PTCS-Certified Only or Record Only.
    """
    effects = set()
    for check in checks:
        effect = check.get("effect") if isinstance(check, dict) else check.effect
        if _failed(check) and effect:
            effects.add(Status(effect))
    for status in (Status.RECORD_ONLY, Status.PTCS_CERTIFIED_ONLY):
        if status in effects:
            return status
    return Status.BPA_APPROVED


def rejecting_checks(checks: list[dict] | tuple[Check, ...]) -> list:
    """The failed checks whose effect is Rejected, in the order given.

    A job can be BPA Pending with such a check (a ground source heat pump is always pending,
    even in a manufactured home): approving it overrides that rule, so the reviewer must say
    why and the override is kept on the status change (jobs.review.services.job_approve).
    """
    rejecting = []
    for check in checks:
        effect = check.get("effect") if isinstance(check, dict) else check.effect
        if _failed(check) and effect == Status.REJECTED:
            rejecting.append(check)
    return rejecting


def _failed(check: dict | Check) -> bool:
    """A check (or its stored dict) that did not pass on the answers given; a stored check
    without ``answered`` was saved before unanswered checks were told apart, and answered."""
    if isinstance(check, Check):
        return check.failed
    return not check["passed"] and check.get("answered", True) is not False
