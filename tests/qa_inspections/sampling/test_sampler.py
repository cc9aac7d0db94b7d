"""The QA sampler as a pure rule: no database.

Seed 001 L27: "aim to inspect at least 10 percent of all jobs for quality assurance".
"""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from qa_inspections.sampling.sampler import (
    BOOSTED_RATE,
    NEWLY_CERTIFIED_DAYS,
    TARGET_RATE,
    JobFact,
    TechnicianFact,
    goal,
    is_newly_certified,
    percent,
    select_sample,
)

DAY = datetime.date(2025, 3, 1)


def jobs_of(technician_id, count, *, utility_id=1, first_id=1):
    return [JobFact(first_id + i, technician_id, utility_id, DAY) for i in range(count)]


def mid_size_jobs():
    """300 jobs: 12 technicians × 25 jobs, spread over 3 utilities."""
    return [JobFact(i, 100 + i % 12, 1 + i % 3, DAY) for i in range(1, 301)]


def ids(selections):
    return [selection.job_id for selection in selections]


# --- Reproducibility ----------------------------------------------------------------------------


def test_same_seed_gives_the_same_selection():
    first = select_sample(mid_size_jobs(), set(), [], seed=20250301)
    again = select_sample(mid_size_jobs(), set(), [], seed=20250301)
    assert first == again
    assert len(first) >= 30


def test_a_different_seed_gives_a_different_selection():
    assert ids(select_sample(mid_size_jobs(), set(), [], seed=1)) != ids(
        select_sample(mid_size_jobs(), set(), [], seed=2)
    )


def test_the_order_the_facts_come_in_does_not_matter():
    jobs = mid_size_jobs()
    assert select_sample(jobs, set(), [], seed=7) == select_sample(jobs[::-1], set(), [], seed=7)


# --- Thresholds: ceil(rate × jobs) --------------------------------------------------------------


@pytest.mark.parametrize(("completed", "needed"), [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2)])
def test_goal_rounds_up_at_ten_percent(completed, needed):
    assert goal(completed, TARGET_RATE) == needed


def test_goal_is_exact_where_floats_are_not():
    # 0.1 * 30 == 3.0000000000000004 in floats, whose ceiling would ask for a 4th job.
    assert goal(30, 0.1) == 3
    assert goal(30, "0.10") == 3


@pytest.mark.parametrize(("completed", "chosen"), [(9, 1), (10, 1), (11, 2)])
def test_technician_with_9_10_11_jobs_gets_1_1_2(completed, chosen):
    # utility_id None: only the technician's goal applies.
    selections = select_sample(jobs_of(10001, completed, utility_id=None), set(), [], seed=3)
    assert len(selections) == chosen


@pytest.mark.parametrize("rate", [0, -0.1, 1.5, "nan"])
def test_rate_outside_zero_to_one_is_refused(rate):
    with pytest.raises(ValueError, match="sampling rate"):
        select_sample(jobs_of(1, 10), set(), [], seed=1, target_rate=rate)


def test_percent_reads_naturally():
    assert percent(Decimal("0.10")) == "10"
    assert percent("0.125") == "12.5"


# --- Boosted technicians ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fact",
    [
        TechnicianFact(7, newly_certified=True, recent_failure=False),
        TechnicianFact(7, newly_certified=False, recent_failure=True),
    ],
)
def test_newly_certified_or_recently_failed_technician_gets_the_boosted_goal(fact):
    selections = select_sample(jobs_of(7, 11, utility_id=None), set(), [fact], seed=5)
    assert len(selections) == goal(11, BOOSTED_RATE) == 3


def test_plain_technician_beside_a_boosted_one_keeps_ten_percent():
    jobs = jobs_of(7, 20, utility_id=None) + jobs_of(8, 20, utility_id=None, first_id=101)
    selections = select_sample(jobs, set(), [TechnicianFact(7, True, False)], seed=5)
    per_technician = Counter(7 if job_id <= 20 else 8 for job_id in ids(selections))
    assert per_technician == {7: 4, 8: 2}


def test_boosted_reason_says_why():
    fact = TechnicianFact(7, newly_certified=True, recent_failure=True, label="10007")
    [selection, *_] = select_sample(jobs_of(7, 5, utility_id=None), set(), [fact], seed=5)
    assert selection.reasons == [
        "selected because newly certified technician 10007, with a recent failed inspection, "
        "had 0 of 5 jobs inspected (goal 20 %: 1)"
    ]


@pytest.mark.parametrize(
    ("days_ago", "newly"),
    [(0, True), (NEWLY_CERTIFIED_DAYS - 1, True), (NEWLY_CERTIFIED_DAYS, True), (366, False)],
)
def test_newly_certified_means_first_certification_within_365_days(days_ago, newly):
    first = DAY - datetime.timedelta(days=days_ago)
    assert is_newly_certified(first, DAY) is newly


def test_never_certified_is_not_newly_certified():
    assert is_newly_certified(None, DAY) is False


# --- Utilities after technicians ----------------------------------------------------------------


def test_utility_short_after_the_technician_top_ups_is_topped_up():
    # Technician 1: 50 jobs at utility 2 and 7 at Benton REA (9). Six of the utility-2 jobs are
    # already inspected, so the technician is at goal (6 of 57) and draws nothing; Benton REA
    # has 0 of 7 and needs 1.
    jobs = [JobFact(i, 1, 2 if i <= 50 else 9, DAY) for i in range(1, 58)]
    selections = select_sample(jobs, set(range(1, 7)), [], seed=4, utility_names={9: "Benton REA"})
    assert [s.reasons for s in selections] == [
        ["selected because Benton REA had 0 of 7 jobs inspected (goal 10 %: 1)"]
    ]
    assert selections[0].job_id > 50


def test_utility_reason_counts_what_is_inspected():
    # Technician 1: 57 jobs at Benton REA (9) and 63 at utility 2; 12 inspected (4 at Benton
    # REA): the technician is at goal (12 of 120), Benton REA has 4 of 57 and needs 6.
    jobs = [JobFact(i, 1, 9 if i <= 57 else 2, DAY) for i in range(1, 121)]
    already = {1, 2, 3, 4} | set(range(58, 66))
    selections = select_sample(jobs, already, [], seed=4, utility_names={9: "Benton REA"})
    assert {s.reasons[0] for s in selections} == {
        "selected because Benton REA had 4 of 57 jobs inspected (goal 10 %: 6)"
    }
    assert len(selections) == 2


def test_technician_picks_count_toward_the_utility_goal():
    # 20 technicians with 2 jobs each at one utility: the technician pass picks 20 of 40, far
    # beyond the utility's 4, so the utility pass adds nothing.
    jobs = [JobFact(i, 200 + (i - 1) // 2, 1, DAY) for i in range(1, 41)]
    selections = select_sample(jobs, set(), [], seed=11)
    assert len(selections) == 20
    assert all("technician" in s.reasons[0] for s in selections)


def test_every_utility_and_technician_reaches_its_goal_on_a_mixed_case():
    jobs = [JobFact(i, 100 + i % 7, 1 + (i * 5) % 4, DAY) for i in range(1, 160)]
    technicians = [TechnicianFact(100, newly_certified=True), TechnicianFact(103, False, True)]
    chosen = set(ids(select_sample(jobs, {10, 20}, technicians, seed=8))) | {10, 20}
    for key, rate_of in (
        ("technician_id", lambda k: BOOSTED_RATE if k in (100, 103) else TARGET_RATE),
        ("utility_id", lambda k: TARGET_RATE),
    ):
        totals = Counter(getattr(job, key) for job in jobs)
        covered = Counter(getattr(job, key) for job in jobs if job.job_id in chosen)
        for group, completed in totals.items():
            assert covered[group] >= goal(completed, rate_of(group)), (key, group)


# --- Already covered jobs -----------------------------------------------------------------------


def test_already_covered_jobs_count_toward_the_goal():
    jobs = jobs_of(1, 30, utility_id=None)
    assert select_sample(jobs, {1, 2, 3}, [], seed=1) == []
    assert len(select_sample(jobs, {1, 2}, [], seed=1)) == 1


def test_already_covered_jobs_are_never_chosen_again():
    jobs = mid_size_jobs()
    already = set(range(1, 301, 7))
    for seed in range(20):
        assert not set(ids(select_sample(jobs, already, [], seed=seed))) & already


def test_covered_ids_outside_the_window_are_ignored():
    jobs = jobs_of(1, 10, utility_id=None)
    assert len(select_sample(jobs, {999}, [], seed=1)) == 1


# --- Reasons ------------------------------------------------------------------------------------


def test_every_selection_has_a_reason():
    technicians = [TechnicianFact(100 + n, newly_certified=n % 4 == 0) for n in range(12)]
    selections = select_sample(mid_size_jobs(), {5, 6}, technicians, seed=9)
    assert selections
    for selection in selections:
        assert selection.reasons
        assert all(reason.startswith("selected because ") for reason in selection.reasons)


def test_technician_reason_matches_the_wording():
    jobs = jobs_of(1, 23, utility_id=None)
    selections = select_sample(jobs, {1}, [TechnicianFact(1, label="10001")], seed=1)
    assert {s.reasons[0] for s in selections} == {
        "selected because technician 10001 had 1 of 23 jobs inspected (goal 10 %: 3)"
    }
