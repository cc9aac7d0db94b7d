"""Staff assignments by hand, the sampler's facts from the database, the monthly task and the
``qa_sample`` command (seed 001 L27)."""

import datetime
import io
import threading
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from qa_inspections.models import Inspection, InspectionAssignment, SampleRun
from qa_inspections.sampling import services
from qa_inspections.sampling.services import (
    SamplingError,
    assignment_add,
    assignment_remove,
    sample_reproduce,
    sample_run,
)
from qa_inspections.sampling.tasks import run_qa_sample
from registry.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def benton_job(benton_rea):
    return JobFactory(utility=benton_rea)


@pytest.fixture
def energy_trust_job(pacific_power):
    return JobFactory(utility=pacific_power)


def inspected(assignment, inspector, result=Inspection.Result.PASS, at=None):
    """A submitted inspection of ``assignment`` (rows written directly: the inspection
    services are not what these tests are about)."""
    InspectionAssignment.objects.filter(pk=assignment.pk).update(
        status=InspectionAssignment.Status.DONE, inspector=inspector
    )
    return Inspection.objects.create(
        assignment=assignment,
        job=assignment.job,
        inspector=inspector,
        status=Inspection.Status.SUBMITTED,
        result=result,
        submitted_at=at or timezone.now(),
    )


# --- Adding by hand -----------------------------------------------------------------------------


def test_staff_adds_a_job_with_a_reason(staff, benton_job):
    assignment = assignment_add(actor=staff, job_id=benton_job.pk, reason="Customer complaint")
    assert assignment.status == InspectionAssignment.Status.OPEN
    assert assignment.created_by == staff
    assert assignment.sample_run is None
    assert assignment.reason.endswith(": Customer complaint")
    assert "added by" in assignment.reason


def test_energy_trust_staff_add_jobs_of_their_territory(energy_trust_staff, energy_trust_job):
    assignment = assignment_add(
        actor=energy_trust_staff, job_id=energy_trust_job.pk, reason="Spot check"
    )
    assert assignment.job == energy_trust_job


def test_energy_trust_staff_cannot_add_a_bpa_job(energy_trust_staff, benton_job):
    with pytest.raises(Http404):
        assignment_add(actor=energy_trust_staff, job_id=benton_job.pk, reason="Spot check")
    assert not InspectionAssignment.objects.exists()


@pytest.mark.parametrize("persona", ["technician", "inspector", "utility_user", "applicant"])
def test_only_staff_add_jobs(request, persona, benton_job):
    with pytest.raises(SamplingError, match="Only PTCS staff and Energy Trust staff"):
        assignment_add(
            actor=request.getfixturevalue(persona), job_id=benton_job.pk, reason="Because"
        )
    assert not InspectionAssignment.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_adding_needs_a_reason(staff, benton_job, reason):
    with pytest.raises(SamplingError) as caught:
        assignment_add(actor=staff, job_id=benton_job.pk, reason=reason)
    assert "reason" in caught.value.message_dict


def test_unknown_job_is_not_found(staff):
    with pytest.raises(Http404):
        assignment_add(actor=staff, job_id=999_999, reason="Because")


def test_in_progress_job_cannot_be_added(staff, benton_rea):
    job = JobFactory(utility=benton_rea, status=Job.Status.IN_PROGRESS)
    with pytest.raises(SamplingError, match="In Progress"):
        assignment_add(actor=staff, job_id=job.pk, reason="Because")


def test_a_job_on_the_list_cannot_be_added_twice(staff, benton_job):
    assignment_add(actor=staff, job_id=benton_job.pk, reason="First")
    with pytest.raises(SamplingError, match="already on the inspection list"):
        assignment_add(actor=staff, job_id=benton_job.pk, reason="Second")
    assert InspectionAssignment.objects.count() == 1


# --- Removing by hand ---------------------------------------------------------------------------


def test_staff_remove_an_assignment_with_a_reason_and_may_add_it_again(staff, benton_job):
    assignment = assignment_add(actor=staff, job_id=benton_job.pk, reason="Complaint")
    removed = assignment_remove(actor=staff, assignment_id=assignment.pk, reason="Withdrawn")
    removed.refresh_from_db()
    assert removed.status == InspectionAssignment.Status.CANCELLED
    assert removed.reason.startswith("added by")
    assert removed.reason.endswith(": Withdrawn")
    again = assignment_add(actor=staff, job_id=benton_job.pk, reason="New complaint")
    assert again.pk != assignment.pk


def test_removing_needs_a_reason(staff, benton_job):
    assignment = assignment_add(actor=staff, job_id=benton_job.pk, reason="Complaint")
    with pytest.raises(SamplingError) as caught:
        assignment_remove(actor=staff, assignment_id=assignment.pk, reason=" ")
    assert "reason" in caught.value.message_dict
    assignment.refresh_from_db()
    assert assignment.status == InspectionAssignment.Status.OPEN


@pytest.mark.parametrize("persona", ["technician", "inspector", "utility_user"])
def test_only_staff_remove(request, persona, staff, benton_job):
    assignment = assignment_add(actor=staff, job_id=benton_job.pk, reason="Complaint")
    with pytest.raises(SamplingError, match="Only PTCS staff and Energy Trust staff"):
        assignment_remove(
            actor=request.getfixturevalue(persona), assignment_id=assignment.pk, reason="No"
        )
    assignment.refresh_from_db()
    assert assignment.status == InspectionAssignment.Status.OPEN


def test_an_inspected_assignment_cannot_be_removed(staff, inspector, benton_job):
    assignment = assignment_add(actor=staff, job_id=benton_job.pk, reason="Complaint")
    inspected(assignment, inspector)
    with pytest.raises(SamplingError, match="has been inspected"):
        assignment_remove(actor=staff, assignment_id=assignment.pk, reason="Too late")
    assignment.refresh_from_db()
    assert assignment.status == InspectionAssignment.Status.DONE


def test_a_removed_assignment_cannot_be_removed_again(staff, benton_job):
    assignment = assignment_add(actor=staff, job_id=benton_job.pk, reason="Complaint")
    assignment_remove(actor=staff, assignment_id=assignment.pk, reason="Withdrawn")
    with pytest.raises(SamplingError, match="already removed"):
        assignment_remove(actor=staff, assignment_id=assignment.pk, reason="Again")


def test_removing_an_unknown_assignment_is_not_found(staff):
    with pytest.raises(Http404):
        assignment_remove(actor=staff, assignment_id=999_999, reason="Gone")


# --- The sampler's facts from the database ------------------------------------------------------


def test_sample_run_by_a_non_staff_user_is_refused(technician, benton_job):
    with pytest.raises(SamplingError):
        sample_run(actor=technician)
    assert not SampleRun.objects.exists()


def test_covered_jobs_and_boosted_technicians_come_from_the_database(staff, inspector, benton_rea):
    newly, failed, plain = (TechnicianProfileFactory() for _ in range(3))
    today = timezone.localdate()
    CertificationFactory(technician=newly, effective_date=today - datetime.timedelta(days=100))
    for profile in (failed, plain):
        CertificationFactory(technician=profile, effective_date=datetime.date(2019, 5, 1))
    jobs = {
        p: [JobFactory(technician=p, utility=benton_rea) for _ in range(10)]
        for p in (newly, failed, plain)
    }
    failing = assignment_add(actor=staff, job_id=jobs[failed][0].pk, reason="Complaint")
    inspected(failing, inspector, result=Inspection.Result.FAIL)
    cancelled = assignment_add(actor=staff, job_id=jobs[plain][0].pk, reason="Complaint")
    assignment_remove(actor=staff, assignment_id=cancelled.pk, reason="Withdrawn")

    run = sample_run(seed=5)

    inputs = run.parameters["inputs"]
    assert inputs["already"] == [jobs[failed][0].pk]  # the cancelled one does not count
    flags = {row[0]: (row[1], row[2]) for row in inputs["technicians"]}
    assert flags == {newly.pk: (True, False), failed.pk: (False, True), plain.pk: (False, False)}
    assert run.parameters["target_rate"] == "0.10"
    assert run.parameters["boosted_rate"] == "0.20"
    per_technician = {
        p: run.assignments.filter(job__technician=p).count() for p in (newly, failed, plain)
    }
    # 20 % of 10 = 2 (the failed technician's inspected job is one of them); 10 % of 10 = 1.
    assert per_technician == {newly: 2, failed: 1, plain: 1}
    assert sample_reproduce(run) == sorted(run.assignments.values_list("job_id", flat=True))


def test_sample_run_uses_the_window_of_the_given_day(benton_rea):
    job = JobFactory(utility=benton_rea)
    run = sample_run(today=timezone.localdate() - datetime.timedelta(days=1), seed=1)
    assert run.parameters["inputs"]["jobs"] == []  # completed today: after that window
    assert (run.window_end - run.window_start).days == 364
    assert not InspectionAssignment.objects.filter(job=job).exists()


def test_sample_run_draws_a_random_seed_when_none_is_given(benton_rea):
    first, second = sample_run(), sample_run()
    assert 0 <= first.seed < 2**48
    assert first.seed != second.seed


# --- Whose jobs a run draws from -----------------------------------------------------------------


@pytest.fixture
def both_territories(benton_rea, pacific_power):
    """Jobs of both territories, each by its own technician, so every job is its technician's
    only one and any run that may draw it does (10 % of 1 job rounds up to 1): a run's
    assignments are then exactly the jobs it drew from."""
    return {
        "bpa": {
            *(JobFactory(utility=benton_rea).pk for _ in range(6)),
            JobFactory(utility=None).pk,  # no utility: BPA's (utilities.administrators)
        },
        "energy_trust": {JobFactory(utility=pacific_power).pk for _ in range(5)},
    }


def assigned_jobs(run) -> set[int]:
    return set(run.assignments.values_list("job_id", flat=True))


def test_energy_trust_staffs_run_draws_only_energy_trust_jobs(energy_trust_staff, both_territories):
    run = sample_run(actor=energy_trust_staff, seed=11)

    assert assigned_jobs(run) == both_territories["energy_trust"]
    assert not assigned_jobs(run) & both_territories["bpa"]
    assert {row[0] for row in run.parameters["inputs"]["jobs"]} == both_territories["energy_trust"]
    assert run.parameters["territories"] == ["energy_trust"]
    assert not InspectionAssignment.objects.filter(job_id__in=both_territories["bpa"]).exists()
    assert sample_reproduce(run) == sorted(assigned_jobs(run))


def test_ptcs_staffs_run_draws_only_bpa_jobs(staff, both_territories):
    run = sample_run(actor=staff, seed=11)

    assert assigned_jobs(run) == both_territories["bpa"]
    assert not assigned_jobs(run) & both_territories["energy_trust"]
    assert run.parameters["territories"] == ["bpa"]
    assert not InspectionAssignment.objects.filter(
        job_id__in=both_territories["energy_trust"]
    ).exists()


def test_one_territorys_run_leaves_the_others_goals_to_its_own_run(
    staff, energy_trust_staff, both_territories
):
    sample_run(actor=energy_trust_staff, seed=11)

    bpa_run = sample_run(actor=staff, seed=11)

    assert assigned_jobs(bpa_run) == both_territories["bpa"]
    assert InspectionAssignment.objects.count() == len(both_territories["bpa"]) + len(
        both_territories["energy_trust"]
    )


def test_a_run_with_no_actor_draws_from_every_territory(both_territories):
    run = sample_run(seed=11)

    assert assigned_jobs(run) == both_territories["bpa"] | both_territories["energy_trust"]
    assert run.parameters["territories"] == ["bpa", "energy_trust"]


def test_the_command_draws_from_every_territory(both_territories):
    call_command("qa_sample", "--seed", "11", stdout=io.StringIO())

    run = SampleRun.objects.get()
    assert assigned_jobs(run) == both_territories["bpa"] | both_territories["energy_trust"]


def test_staff_deciding_both_territories_draw_from_both(both_territories):
    # A superuser holds the PTCS staff role besides their own (accounts.roles.roles_of).
    both = UserFactory(role=User.Role.PROGRAM_ADMIN, is_superuser=True)

    run = sample_run(actor=both, seed=11)

    assert assigned_jobs(run) == both_territories["bpa"] | both_territories["energy_trust"]


def test_a_technicians_goal_counts_the_jobs_of_the_runs_territory(
    energy_trust_staff, benton_rea, pacific_power
):
    # 10 BPA jobs and 10 Energy Trust jobs: 10 % of the 10 jobs of Energy Trust territory is
    # 1 job there (10 % of all 20 would be 2, and BPA jobs are not Energy Trust's to draw).
    technician = TechnicianProfileFactory()
    CertificationFactory(technician=technician, effective_date=datetime.date(2019, 5, 1))
    for utility in (benton_rea, pacific_power):
        JobFactory.create_batch(10, technician=technician, utility=utility)

    run = sample_run(actor=energy_trust_staff, seed=11)

    assert run.assignments.get().job.utility == pacific_power


# --- The monthly task ---------------------------------------------------------------------------


def jobs_of_one_technician(count, utility):
    technician = TechnicianProfileFactory()
    return [JobFactory(technician=technician, utility=utility) for _ in range(count)]


def test_monthly_task_draws_once_per_month(benton_rea):
    jobs_of_one_technician(12, benton_rea)
    today = timezone.localdate()
    first = run_qa_sample.delay(today=today.isoformat()).get()
    run = SampleRun.objects.get(pk=first)
    assert run.parameters["scheduled"] is True
    assert run.parameters["month"] == f"{today:%Y-%m}"
    assert run.selected_count == 2
    # Redelivered, or run again later in the month: nothing new.
    assert run_qa_sample.delay(today=today.isoformat()).get() is None
    assert run_qa_sample.delay().get() is None
    assert SampleRun.objects.count() == 1
    assert InspectionAssignment.objects.count() == 2


def test_a_hand_run_does_not_stand_in_for_the_monthly_run(benton_rea):
    sample_run(seed=3)
    assert run_qa_sample() is not None
    assert SampleRun.objects.count() == 2


def test_next_month_draws_again():
    assert run_qa_sample(today="2025-03-01") is not None
    assert run_qa_sample(today="2025-03-31") is None
    assert run_qa_sample(today="2025-04-01") is not None
    assert SampleRun.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_monthly_runs_racing_draw_once(benton_rea):
    """Both runs enter their transactions together; the sample lock makes the second wait for
    the first's commit, then find this month's run and stop (without the lock both would see
    no run and draw twice)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Needs two concurrent connections: PostgreSQL (CI runs it).")
    jobs_of_one_technician(30, benton_rea)
    both_inside = threading.Barrier(2, timeout=30)
    real_lock = services._lock_sample_runs

    def lock_together():
        both_inside.wait()  # both transactions are open and neither holds the lock yet
        real_lock()

    results, errors = [], []

    def run():
        try:
            results.append(services.sample_run_monthly())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(services, "_lock_sample_runs", lock_together):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sorted(result is None for result in results) == [False, True]
    assert SampleRun.objects.count() == 1
    assert InspectionAssignment.objects.count() == 3


def test_monthly_task_is_on_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["qa-monthly-sample"]
    assert entry["task"] == run_qa_sample.name == "qa_inspections.tasks.run_qa_sample"
    assert entry["schedule"].day_of_month == set(range(1, 8))


# --- The command --------------------------------------------------------------------------------


def test_command_prints_the_seed_and_what_was_assigned(benton_rea, capsys):
    jobs_of_one_technician(25, benton_rea)
    call_command("qa_sample", "--seed", "99", verbosity=2)
    out = capsys.readouterr().out
    run = SampleRun.objects.get()
    assert f"QA sample {run.pk} (seed 99)" in out
    assert "25 completed job(s), 0 already inspected or assigned, 3 assigned now." in out
    assert out.count("selected because") == 3
    assert run.requested_by is None


def test_command_with_the_same_seed_and_date_draws_the_same_jobs(benton_rea, capsys):
    jobs_of_one_technician(40, benton_rea)
    day = timezone.localdate().isoformat()
    call_command("qa_sample", "--seed", "2024", "--date", day)
    first = SampleRun.objects.get()
    chosen = sorted(first.assignments.values_list("job_id", flat=True))
    InspectionAssignment.objects.update(status=InspectionAssignment.Status.CANCELLED)
    call_command("qa_sample", "--seed", "2024", "--date", day)
    second = SampleRun.objects.exclude(pk=first.pk).get()
    assert sorted(second.assignments.values_list("job_id", flat=True)) == chosen
    assert f"window {second.window_start} to {day}" in capsys.readouterr().out


def test_command_monthly_skips_a_month_already_drawn(capsys):
    call_command("qa_sample", "--monthly", "--date", "2025-03-02")
    call_command("qa_sample", "--monthly", "--date", "2025-03-09")
    assert "drawn already: nothing to do" in capsys.readouterr().out
    assert SampleRun.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-02-30"], "YYYY-MM-DD"),
        (["--seed", "-1"], "whole number"),
        (["--seed", "abc"], "whole number"),
        (["--monthly", "--seed", "5"], "leave out --seed"),
    ],
)
def test_command_refuses_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("qa_sample", *args)
    assert not SampleRun.objects.exists()
