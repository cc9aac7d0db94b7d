"""The status engine: plain Python, no ORM, no request, so the job form, the API, bulk upload
and the tests get the same decision from the same facts.

``evaluate(facts, context, ruleset)`` takes a job's data-dictionary values, what is known
about the technician and the site, and the dated rule set in force on the install date, and
returns a ``Decision``: the status and every check that produced it, each with its seed
citation, values, threshold and pass/fail.
"""

from jobs.rules.engine import evaluate
from jobs.rules.ruleset import BUILTIN_RULESETS, RuleSet, ruleset_for
from jobs.rules.types import (
    CertificationFact,
    Check,
    Context,
    Decision,
    MeasureType,
    SiteJobFact,
    Status,
)

__all__ = [
    "BUILTIN_RULESETS",
    "CertificationFact",
    "Check",
    "Context",
    "Decision",
    "MeasureType",
    "RuleSet",
    "SiteJobFact",
    "Status",
    "evaluate",
    "ruleset_for",
]
