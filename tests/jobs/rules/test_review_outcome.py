"""What a reviewer's approval of a BPA Pending job decides, without the database (seed 000
L29: ground source heat pumps are always reviewed, whatever their checks say).

``rejecting_checks`` names the failed checks whose effect is Rejected: approving a job with
one overrides a rule, which the review service only allows with a reason.
"""

from jobs.rules import Status
from jobs.rules.engine import rejecting_checks, status_after_review
from tests.jobs.rules.builders import context_for, gshp_job, run


def stored(decision) -> list[dict]:
    """The checks as the job stores them (``job.checks``)."""
    return [c.as_dict() for c in decision.checks]


def test_a_ground_source_heat_pump_in_a_single_family_home_has_no_rejecting_check():
    decision = run(gshp_job(), context_for("gshp", heating_zone=2))

    assert decision.status == Status.BPA_PENDING
    assert rejecting_checks(decision.checks) == []
    assert rejecting_checks(stored(decision)) == []


def test_a_ground_source_heat_pump_in_a_manufactured_home_is_pending_with_a_rejecting_check():
    decision = run(
        gshp_job(home_type="manufactured", manufactured_sections=2),
        context_for("gshp", heating_zone=2),
    )

    assert decision.status == Status.BPA_PENDING  # seed 000 L29: still the reviewer's to weigh
    assert [c.rule for c in rejecting_checks(decision.checks)] == ["gshp.home_type"]
    assert [c["rule"] for c in rejecting_checks(stored(decision))] == ["gshp.home_type"]
    # Approval (with the override the service requires) still gives BPA Approved.
    assert status_after_review(stored(decision)) == Status.BPA_APPROVED


def test_every_failed_rejecting_check_is_named_in_order():
    decision = run(
        gshp_job(home_type="manufactured", manufactured_sections=2),
        context_for("gshp", heating_zone=5),
    )

    assert [c["rule"] for c in rejecting_checks(stored(decision))] == [
        "gshp.home_type",
        "gshp.heating_zone",
    ]


def test_only_failed_checks_with_the_rejected_effect_count():
    checks = [
        {"rule": "a", "passed": True, "effect": "rejected", "message": "Passed."},
        {"rule": "b", "passed": False, "effect": "bpa_pending", "message": "Pending."},
        {"rule": "c", "passed": False, "effect": None, "message": "Informational."},
        {"rule": "d", "passed": False, "effect": "rejected", "message": "Rejects."},
        {"rule": "e", "passed": False, "message": "No effect key."},
    ]

    assert [c["rule"] for c in rejecting_checks(checks)] == ["d"]
    assert rejecting_checks([]) == []
