"""Pure rules of review: who may decide a job. No ORM, no request, no settings read here.

Four eyes: the reviewer who entered a job (staff enter jobs by bulk upload on a contractor's
behalf) or corrected it last is the one person whose work the review is meant to check, so
another reviewer of the territory approves, rejects or sends it back. A program with a single
reviewer turns this off (setting REVIEW_FOUR_EYES).
"""

from __future__ import annotations

#: What the reviewer reads on the queue row, on the review page and when a decision is refused.
ENTERED_IT = "You entered this job: another reviewer decides it."
CORRECTED_IT = "You corrected this job last: another reviewer decides it."


def own_work(
    reviewer_id: int | None,
    *,
    entered_by_id: int | None,
    corrected_by_id: int | None,
    four_eyes: bool,
) -> str:
    """Why reviewer ``reviewer_id`` may not decide a job entered by ``entered_by_id`` and last
    corrected by ``corrected_by_id`` (None: never corrected); "" when they may. Always "" when
    ``four_eyes`` is off."""
    if not four_eyes or reviewer_id is None:
        return ""
    if entered_by_id == reviewer_id:
        return ENTERED_IT
    if corrected_by_id == reviewer_id:
        return CORRECTED_IT
    return ""
