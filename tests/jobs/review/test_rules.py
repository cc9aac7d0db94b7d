"""jobs.review.rules without the database: four eyes (a reviewer does not decide a job they
entered or corrected last)."""

import pytest

from jobs.review.rules import CORRECTED_IT, ENTERED_IT, own_work

REVIEWER, OTHER = 7, 8


@pytest.mark.parametrize(
    ("entered_by_id", "corrected_by_id", "expected"),
    [
        (REVIEWER, None, ENTERED_IT),
        (REVIEWER, OTHER, ENTERED_IT),  # corrected by someone else: still the reviewer's entry
        (REVIEWER, REVIEWER, ENTERED_IT),
        (OTHER, REVIEWER, CORRECTED_IT),
        (OTHER, None, ""),
        (OTHER, OTHER, ""),
    ],
    ids=[
        "entered",
        "entered-corrected-by-another",
        "entered-and-corrected",
        "corrected-last",
        "neither",
        "another-entered-and-corrected",
    ],
)
def test_own_work_with_four_eyes(entered_by_id, corrected_by_id, expected):
    assert (
        own_work(
            REVIEWER,
            entered_by_id=entered_by_id,
            corrected_by_id=corrected_by_id,
            four_eyes=True,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("entered_by_id", "corrected_by_id"), [(REVIEWER, None), (OTHER, REVIEWER)]
)
def test_nothing_is_own_work_without_four_eyes(entered_by_id, corrected_by_id):
    assert (
        own_work(
            REVIEWER, entered_by_id=entered_by_id, corrected_by_id=corrected_by_id, four_eyes=False
        )
        == ""
    )


def test_no_reviewer_has_no_own_work():
    assert own_work(None, entered_by_id=None, corrected_by_id=None, four_eyes=True) == ""


def test_the_messages_say_who_decides():
    assert ENTERED_IT == "You entered this job: another reviewer decides it."
    assert CORRECTED_IT == "You corrected this job last: another reviewer decides it."
