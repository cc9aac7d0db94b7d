"""jobs.review.services against the database: who reviews which territory, approve / reject / send back,
the technician's decision e-mail, staff corrections keeping the measure ID, and the
technician's "please review sooner" (seed 000 L28-34, L45-53)."""

import pytest
from django.core import mail
from django.http import Http404

from accounts.models import User
from jobs import services
from jobs.models import Job
from jobs.review import selectors as review_selectors
from jobs.review import services as review
from jobs.review import tasks as review_tasks
from tests.accounts.factories import UserFactory, UtilityFactory
from tests.jobs.factories import JobFactory, ashp_payload, duct_payload, gshp_payload
from tests.jobs.review.data import (
    INSTALL_2018,
    PACIFIC_SITE,
    SINGLE_FAMILY_ONLY,
    bpa_gshp,
    complete,
    corrected_by,
    energy_trust_gshp,
    entered_by_staff,
    manufactured_gshp,
    pending_heat_pump,
    veteran_technician,
)
from utilities import administrators
from utilities.models import Utility

pytestmark = pytest.mark.django_db


def queue_ids(user) -> set[int]:
    return set(review_selectors.review_queue(user).values_list("measure_id", flat=True))


# --- Routing: BPA territory to PTCS staff, Energy Trust territory to Energy Trust ----------


def test_each_territory_queue_holds_only_its_own_pending_jobs(
    staff, energy_trust_staff, technician, benton_rea, pacific_power
):
    bpa_job = bpa_gshp(technician)
    energy_trust_job = energy_trust_gshp(technician)
    complete(technician, ashp_payload(street_address="9 Elm St"))  # BPA Approved: not queued

    assert queue_ids(staff) == {bpa_job.measure_id}
    assert queue_ids(energy_trust_staff) == {energy_trust_job.measure_id}


def test_a_pending_job_without_utility_is_reviewed_by_bpa(staff, energy_trust_staff):
    job = JobFactory(status=Job.Status.BPA_PENDING, utility=None)

    assert administrators.administrator_of(job) == "bpa"
    assert queue_ids(staff) == {job.measure_id}
    assert queue_ids(energy_trust_staff) == set()


@pytest.mark.parametrize(
    ("persona", "make_job"),
    [("staff", energy_trust_gshp), ("energy_trust_staff", bpa_gshp)],
    ids=["ptcs-staff-on-energy-trust-job", "energy-trust-staff-on-bpa-job"],
)
def test_deciding_outside_your_territory_is_not_found(
    persona, make_job, request, technician, benton_rea, pacific_power
):
    job = make_job(technician)
    reviewer = request.getfixturevalue(persona)
    decisions = [
        lambda: review.job_approve(actor=reviewer, measure_id=job.measure_id),
        lambda: review.job_reject(actor=reviewer, measure_id=job.measure_id, reason="No."),
        lambda: review.job_send_back(actor=reviewer, measure_id=job.measure_id, message="Fix."),
        lambda: review.job_staff_edit(
            actor=reviewer, measure_id=job.measure_id, payload=gshp_payload(), reason="Typo."
        ),
    ]

    for decide in decisions:
        with pytest.raises(Http404):
            decide()

    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING
    assert job.status_changes.count() == 1  # only the completion


@pytest.mark.parametrize("persona", ["technician", "utility_user", "inspector"])
def test_only_staff_decide(persona, request, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(Http404):
        review.job_approve(actor=request.getfixturevalue(persona), measure_id=job.measure_id)


# --- Approve --------------------------------------------------------------------------------


def test_approving_a_ground_source_heat_pump_makes_it_bpa_approved(staff, technician, benton_rea):
    job = bpa_gshp(technician)

    approved = review.job_approve(actor=staff, measure_id=job.measure_id, note="Zone 2 checked.")

    job.refresh_from_db()
    assert approved.measure_id == job.measure_id
    assert job.status == Job.Status.BPA_APPROVED
    assert job.pending_since is None
    change = job.status_changes.last()
    assert (change.from_status, change.to_status) == (Job.Status.BPA_PENDING, "bpa_approved")
    assert (change.actor, change.note) == (staff, "Zone 2 checked.")
    assert job.history.first().history_user == staff


@pytest.mark.parametrize(
    "make_job",
    [
        pytest.param(
            lambda tech: pending_heat_pump(veteran_technician(), hspf="8.5"),
            id="balance-point-33F-in-2018",
        ),
        # 8.9 HSPF in 2024: above the federal 8.8 HSPF in force since 1 Jan 2023.
        pytest.param(
            lambda tech: complete(tech, ashp_payload(hspf="8.9", street_address="Lot 12 Acres")),
            id="unverified-address",
        ),
    ],
)
def test_approving_a_pending_heat_pump_below_9_hspf_gives_ptcs_certified_only(
    make_job, staff, technician, benton_rea
):
    job = make_job(technician)
    assert job.status == Job.Status.BPA_PENDING

    review.job_approve(actor=staff, measure_id=job.measure_id)

    job.refresh_from_db()
    assert job.status == Job.Status.PTCS_CERTIFIED_ONLY  # seed 000 L24-25: below 9.0 HSPF


def test_a_job_decided_meanwhile_cannot_be_decided_again(staff, technician, benton_rea):
    job = bpa_gshp(technician)
    review.job_reject(actor=staff, measure_id=job.measure_id, reason="Open loop not allowed.")

    with pytest.raises(services.JobError, match="not BPA Pending"):
        review.job_approve(actor=staff, measure_id=job.measure_id)

    job.refresh_from_db()
    assert job.status == Job.Status.REJECTED


def test_energy_trust_staff_approve_energy_trust_jobs(
    energy_trust_staff, technician, pacific_power
):
    job = energy_trust_gshp(technician)

    review.job_approve(actor=energy_trust_staff, measure_id=job.measure_id)

    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED


# --- Approve over a rule that rejects the job ----------------------------------------------


def test_a_job_without_a_rejecting_check_approves_without_an_override(
    staff, technician, benton_rea
):
    job = bpa_gshp(technician)

    review.job_approve(actor=staff, measure_id=job.measure_id, override_reason="Not needed.")

    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED
    change = job.status_changes.last()
    assert (change.override_reason, change.overridden_rules) == ("", [])  # ignored
    assert not change.is_override


@pytest.mark.parametrize("override_reason", ["", "  \n\t "], ids=["none", "whitespace"])
def test_approving_over_a_rejecting_rule_without_a_reason_changes_nothing(
    override_reason, staff, technician, benton_rea, django_capture_on_commit_callbacks
):
    job = manufactured_gshp(technician)
    assert job.status == Job.Status.BPA_PENDING
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.JobError) as refused,
    ):
        review.job_approve(
            actor=staff,
            measure_id=job.measure_id,
            note="Looks fine.",
            override_reason=override_reason,
        )

    assert refused.value.message_dict == {
        "override_reason": [
            f"This job fails a rule that rejects it: {SINGLE_FAMILY_ONLY.rstrip('.')}; approve "
            "only with an override and its reason."
        ]
    }
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING
    assert job.status_changes.count() == 1  # only the completion
    assert mail.outbox == []


def test_approving_over_a_rejecting_rule_with_a_reason_records_the_override(
    staff, technician, benton_rea
):
    job = manufactured_gshp(technician)

    review.job_approve(
        actor=staff,
        measure_id=job.measure_id,
        note="Welcome to the program.",
        override_reason="  Double-wide on a permanent foundation, BPA agreed.  ",
    )

    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED  # status_after_review decides, as before
    change = job.status_changes.last()
    assert (change.from_status, change.to_status, change.actor) == (
        Job.Status.BPA_PENDING,
        Job.Status.BPA_APPROVED,
        staff,
    )
    assert change.override_reason == "Double-wide on a permanent foundation, BPA agreed."
    assert change.overridden_rules == ["gshp.home_type"]
    assert change.overridden_messages == [SINGLE_FAMILY_ONLY]
    assert change.note == "Welcome to the program."
    # The job's history says why the status changed.
    assert job.history.first().history_change_reason == (
        f"Approved over a rejecting rule ({SINGLE_FAMILY_ONLY.rstrip('.')}). "
        "Reason: Double-wide on a permanent foundation, BPA agreed."
    )


def test_the_override_reason_is_in_the_technicians_email(
    staff, technician, benton_rea, django_capture_on_commit_callbacks
):
    job = manufactured_gshp(technician)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review.job_approve(
            actor=staff, measure_id=job.measure_id, override_reason="Permanent foundation."
        )

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Permanent foundation." in body
        assert SINGLE_FAMILY_ONLY.rstrip(".") in body
        assert "gshp.home_type" not in body


# --- Reject and send back -------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_rejecting_requires_a_reason(reason, staff, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError) as exc:
        review.job_reject(actor=staff, measure_id=job.measure_id, reason=reason)

    assert "reason" in exc.value.message_dict
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING


def test_rejecting_records_the_reason(staff, technician, benton_rea):
    job = bpa_gshp(technician)

    review.job_reject(actor=staff, measure_id=job.measure_id, reason="  Loop too short.  ")

    job.refresh_from_db()
    assert job.status == Job.Status.REJECTED
    assert job.status_changes.last().note == "Loop too short."


def test_sending_back_requires_a_message(staff, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError) as exc:
        review.job_send_back(actor=staff, measure_id=job.measure_id, message=" ")

    assert "message" in exc.value.message_dict


def test_sent_back_job_is_in_progress_and_completed_again_with_the_same_measure_id(
    staff, technician, benton_rea
):
    job = bpa_gshp(technician)

    review.job_send_back(actor=staff, measure_id=job.measure_id, message="Add the loop type.")

    job.refresh_from_db()
    assert job.status == Job.Status.IN_PROGRESS
    assert job.completed_at is None
    assert job.pending_since is None

    again = services.job_complete(
        actor=technician, measure_id=job.measure_id, payload={"loop_type": "open"}
    )

    assert again.pk == job.pk
    assert again.measure_id == job.measure_id
    assert again.status == Job.Status.BPA_PENDING
    assert again.completed_at is not None
    assert again.pending_since is not None
    assert Job.objects.count() == 1


# --- The technician's e-mail ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decide", "text"),
    [
        (
            lambda s, m: review.job_reject(actor=s, measure_id=m, reason="Loop length missing."),
            "Loop length missing.",
        ),
        (
            lambda s, m: review.job_send_back(
                actor=s, measure_id=m, message="Enter the loop type."
            ),
            "Enter the loop type.",
        ),
        (
            lambda s, m: review.job_approve(actor=s, measure_id=m, note="Zone 2 confirmed."),
            "Zone 2 confirmed.",
        ),
    ],
    ids=["reject", "send-back", "approve"],
)
def test_decision_emails_the_technician_once_with_the_text_in_both_bodies(
    decide, text, staff, technician, benton_rea, django_capture_on_commit_callbacks
):
    job = bpa_gshp(technician)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(staff, job.measure_id)

    (message,) = mail.outbox
    assert message.to == [technician.email]
    assert str(job.measure_id) in message.subject
    html = message.alternatives[0][0]
    assert text in message.body
    assert text in html
    change = job.status_changes.last()
    assert change.technician_emailed_at is not None
    # A duplicate delivery of the task finds the e-mail claimed and sends nothing.
    assert review_tasks.send_review_decision_email.delay(change.pk).get() is False
    assert len(mail.outbox) == 1


def test_nothing_is_emailed_when_the_decision_is_refused(
    staff, technician, benton_rea, django_capture_on_commit_callbacks
):
    job = bpa_gshp(technician)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.JobError):
        review.job_reject(actor=staff, measure_id=job.measure_id, reason="")

    assert mail.outbox == []


# --- Staff corrections --------------------------------------------------------------------------


def test_staff_correction_keeps_the_measure_id_and_re_evaluates(staff, benton_rea):
    veteran = veteran_technician()
    job = pending_heat_pump(veteran)
    assert job.status == Job.Status.BPA_PENDING
    payload = ashp_payload(install_date=INSTALL_2018, balance_point_f="28")

    corrected = review.job_staff_edit(
        actor=staff, measure_id=job.measure_id, payload=payload, reason="Balance point typo."
    )

    job.refresh_from_db()
    assert corrected.pk == job.pk
    assert job.measure_id == corrected.measure_id
    assert Job.objects.count() == 1
    assert job.status == Job.Status.BPA_APPROVED
    assert job.data["balance_point_f"] == 28
    assert job.technician.user == veteran  # the installer stays the installer
    assert (job.corrected_by, job.corrected_at is not None) == (staff, True)
    change = job.status_changes.last()
    assert (change.from_status, change.to_status) == ("bpa_pending", "bpa_approved")
    assert (change.actor, change.note) == (staff, "Balance point typo.")
    newest = job.history.first()
    assert newest.history_change_reason == "Balance point typo."
    assert newest.history_user == staff
    assert newest.measure_id == job.measure_id


def test_staff_correction_of_an_approved_job_can_send_it_to_review(staff, technician, benton_rea):
    job = complete(technician, duct_payload())
    assert job.status == Job.Status.BPA_APPROVED

    review.job_staff_edit(
        actor=staff,
        measure_id=job.measure_id,
        payload=duct_payload(street_address="Lot 12 Sunny Acres"),
        reason="Wrong address on the form.",
    )

    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING
    assert job.pending_since is not None


def test_a_long_correction_reason_is_kept_whole(staff, technician, benton_rea):
    job = bpa_gshp(technician)
    reason = "The technician called: the loop is closed, 4 boreholes of 200 ft. " * 8

    review.job_staff_edit(
        actor=staff, measure_id=job.measure_id, payload=gshp_payload(), reason=reason
    )

    assert job.history.first().history_change_reason == reason.strip()
    assert job.status_changes.last().note == reason.strip()


@pytest.mark.parametrize("reason", ["", "  "])
def test_staff_correction_requires_a_reason(reason, staff, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError) as exc:
        review.job_staff_edit(
            actor=staff, measure_id=job.measure_id, payload=gshp_payload(), reason=reason
        )

    assert "reason" in exc.value.message_dict
    assert job.history.count() == 1
    assert job.status_changes.count() == 1


def test_staff_correction_with_a_bad_value_changes_nothing(staff, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError) as exc:
        review.job_staff_edit(
            actor=staff,
            measure_id=job.measure_id,
            payload=gshp_payload(hspf="abc", measure_type="ashp"),
            reason="Efficiency.",
        )

    errors = exc.value.message_dict
    assert "hspf" in errors
    job.refresh_from_db()
    assert job.data["hspf"] == 11
    assert job.corrected_at is None


def test_staff_cannot_change_the_measure_type(staff, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError) as exc:
        review.job_staff_edit(
            actor=staff, measure_id=job.measure_id, payload=ashp_payload(), reason="Not geo."
        )

    assert "measure_type" in exc.value.message_dict


def test_an_in_progress_job_is_the_technicians_to_complete(staff, technician, benton_rea):
    job = services.job_submit(actor=technician, payload=gshp_payload(), action="save_progress")

    with pytest.raises(services.JobError, match="technician's to complete"):
        review.job_staff_edit(
            actor=staff, measure_id=job.measure_id, payload=gshp_payload(), reason="Help."
        )


# --- A correction stays in the corrector's territory ----------------------------------------


def snapshot(job) -> tuple:
    """Everything a refused correction must leave as it was."""
    job.refresh_from_db()
    return (
        job.status,
        job.utility_id,
        job.site_id,
        job.data,
        job.corrected_at,
        job.status_changes.count(),
        job.history.count(),
    )


def test_energy_trust_staff_cannot_move_a_job_into_bpa_territory(
    energy_trust_staff, technician, benton_rea, pacific_power
):
    # The probe: a Pacific Power job Rejected for its balance point, "corrected" to a Benton
    # REA address with a good balance point, would come out BPA Approved at Benton REA.
    job = complete(technician, ashp_payload(**PACIFIC_SITE, balance_point_f="45"))
    assert (job.status, job.utility) == (Job.Status.REJECTED, pacific_power)
    before = snapshot(job)

    with pytest.raises(services.JobError) as exc:
        review.job_staff_edit(
            actor=energy_trust_staff,
            measure_id=job.measure_id,
            payload=ashp_payload(),
            reason="Wrong address.",
        )

    assert exc.value.message_dict == {
        "electric_utility": [
            "Benton REA is in BPA territory, whose jobs PTCS staff decide: a correction of "
            "yours cannot move this job there."
        ]
    }
    assert snapshot(job) == before
    assert Job.objects.filter(status=Job.Status.BPA_APPROVED).count() == 0


def test_ptcs_staff_cannot_move_a_job_into_energy_trust_territory(
    staff, technician, benton_rea, pacific_power
):
    job = bpa_gshp(technician)
    before = snapshot(job)

    with pytest.raises(services.JobError) as exc:
        review.job_staff_edit(
            actor=staff,
            measure_id=job.measure_id,
            payload=gshp_payload(**PACIFIC_SITE),
            reason="Wrong address.",
        )

    assert exc.value.message_dict == {
        "electric_utility": [
            "Pacific Power is in Energy Trust territory, whose jobs Energy Trust staff decide: "
            "a correction of yours cannot move this job there."
        ]
    }
    assert snapshot(job) == before
    assert queue_ids(staff) == {job.measure_id}


def test_the_territory_refusal_comes_with_the_other_field_errors(
    staff, technician, benton_rea, pacific_power
):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError) as exc:
        review.job_staff_edit(
            actor=staff,
            measure_id=job.measure_id,
            payload=gshp_payload(**PACIFIC_SITE, hspf="abc"),
            reason="Wrong address.",
        )

    assert {"electric_utility", "hspf"} <= set(exc.value.message_dict)


@pytest.mark.parametrize(
    ("persona", "make_job", "site"),
    [
        ("staff", bpa_gshp, {"electric_utility": "Columbia REA"}),
        ("energy_trust_staff", energy_trust_gshp, {**PACIFIC_SITE, "electric_utility": "PGE"}),
    ],
    ids=["bpa-to-bpa", "energy-trust-to-energy-trust"],
)
def test_a_correction_may_change_the_utility_within_the_territory(
    persona, make_job, site, request, technician, benton_rea, pacific_power
):
    # A second utility of each territory, serving the same ZIP as the first.
    UtilityFactory(name="Columbia REA", zips=["99350"])
    UtilityFactory(
        name="PGE",
        program_administrator=Utility.ProgramAdministrator.ENERGY_TRUST,
        zips=["97301"],
    )
    job = make_job(technician)
    corrector = request.getfixturevalue(persona)

    review.job_staff_edit(
        actor=corrector,
        measure_id=job.measure_id,
        payload=gshp_payload(**site),
        reason="The other utility serves this home.",
    )

    job.refresh_from_db()
    assert job.utility.name == site["electric_utility"]
    assert job.corrected_by == corrector


def test_staff_deciding_both_territories_may_move_a_job_between_them(
    technician, benton_rea, pacific_power
):
    # A superuser holds the PTCS staff role besides their own (accounts.roles.roles_of).
    both = UserFactory(role=User.Role.PROGRAM_ADMIN, is_superuser=True)
    job = bpa_gshp(technician)

    review.job_staff_edit(
        actor=both,
        measure_id=job.measure_id,
        payload=gshp_payload(**PACIFIC_SITE),
        reason="The home is in Salem.",
    )

    job.refresh_from_db()
    assert job.utility == pacific_power
    assert administrators.administrator_of(job) == administrators.ENERGY_TRUST


# --- Four eyes: a reviewer does not decide their own work --------------------------------------

#: Each decision as a call, with the text it requires.
DECISIONS = {
    "approve": lambda actor, job: review.job_approve(actor=actor, measure_id=job.measure_id),
    "reject": lambda actor, job: review.job_reject(
        actor=actor, measure_id=job.measure_id, reason="Open loop."
    ),
    "send_back": lambda actor, job: review.job_send_back(
        actor=actor, measure_id=job.measure_id, message="Enter the loop type."
    ),
}
DECIDED = {
    "approve": Job.Status.BPA_APPROVED,
    "reject": Job.Status.REJECTED,
    "send_back": Job.Status.IN_PROGRESS,
}


@pytest.fixture
def other_staff(db):
    return UserFactory(username="rita-reviewer", role=User.Role.PTCS_STAFF)


@pytest.fixture
def other_energy_trust_staff(db):
    return UserFactory(username="eli-energytrust", role=User.Role.PROGRAM_ADMIN)


def assert_refused(decide, actor, job, message) -> None:
    changes = job.status_changes.count()
    mail.outbox.clear()

    with pytest.raises(services.JobError) as exc:
        decide(actor, job)

    assert exc.value.messages == [message]
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING
    assert job.status_changes.count() == changes
    assert mail.outbox == []


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_reviewer_does_not_decide_a_job_they_entered(
    decision, staff, other_staff, technician, benton_rea
):
    job = entered_by_staff(staff, technician)

    assert_refused(
        DECISIONS[decision], staff, job, "You entered this job: another reviewer decides it."
    )

    DECISIONS[decision](other_staff, job)
    job.refresh_from_db()
    assert job.status == DECIDED[decision]
    assert job.status_changes.last().actor == other_staff


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_reviewer_does_not_decide_a_job_they_corrected_last(
    decision, staff, other_staff, technician, benton_rea
):
    job = corrected_by(staff, bpa_gshp(technician))

    assert_refused(
        DECISIONS[decision],
        staff,
        job,
        "You corrected this job last: another reviewer decides it.",
    )

    DECISIONS[decision](other_staff, job)
    job.refresh_from_db()
    assert job.status == DECIDED[decision]


def test_the_earlier_corrector_decides_once_another_reviewer_corrected_it_last(
    staff, other_staff, technician, benton_rea
):
    job = corrected_by(other_staff, corrected_by(staff, bpa_gshp(technician)))

    assert_refused(
        DECISIONS["approve"],
        other_staff,
        job,
        "You corrected this job last: another reviewer decides it.",
    )
    review.job_approve(actor=staff, measure_id=job.measure_id)
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED


@pytest.mark.parametrize("decision", DECISIONS)
def test_energy_trust_staff_do_not_decide_a_job_they_corrected_last(
    decision, energy_trust_staff, other_energy_trust_staff, technician, pacific_power
):
    job = corrected_by(energy_trust_staff, energy_trust_gshp(technician))

    assert_refused(
        DECISIONS[decision],
        energy_trust_staff,
        job,
        "You corrected this job last: another reviewer decides it.",
    )

    DECISIONS[decision](other_energy_trust_staff, job)
    job.refresh_from_db()
    assert job.status == DECIDED[decision]


@pytest.mark.parametrize("decision", DECISIONS)
def test_without_four_eyes_the_only_reviewer_decides_their_own_work(
    decision, settings, staff, technician, benton_rea
):
    settings.REVIEW_FOUR_EYES = False
    job = corrected_by(staff, entered_by_staff(staff, technician))

    DECISIONS[decision](staff, job)

    job.refresh_from_db()
    assert job.status == DECIDED[decision]
    assert job.status_changes.last().actor == staff


def test_a_technicians_own_entry_is_any_reviewers_to_decide(staff, technician, benton_rea):
    job = bpa_gshp(technician)  # entered by the technician: no reviewer's own work

    assert review_selectors.own_work(staff, job) == ""
    review.job_approve(actor=staff, measure_id=job.measure_id)


def test_a_refused_text_is_reported_before_the_own_work(staff, technician, benton_rea):
    # The services check their text first, so a bulk decision with no reason still says so
    # once for the whole form (jobs.review.views._apply_bulk), whatever the ticked jobs are.
    job = entered_by_staff(staff, technician)

    with pytest.raises(services.JobError) as exc:
        review.job_reject(actor=staff, measure_id=job.measure_id, reason="")

    assert "reason" in exc.value.message_dict


def test_a_reviewer_still_corrects_their_own_entry(staff, technician, benton_rea):
    # Four eyes is about deciding; correcting what one entered is allowed (and the
    # correction is then theirs too: another reviewer still decides the job).
    job = corrected_by(staff, entered_by_staff(staff, technician))

    assert review_selectors.own_work(staff, job) == (
        "You entered this job: another reviewer decides it."
    )


# --- "Please review this job sooner" --------------------------------------------------------


def test_installing_technician_flags_their_pending_job_once(technician, benton_rea):
    job = bpa_gshp(technician)

    first = review.job_request_urgent_review(actor=technician, measure_id=job.measure_id)
    again = review.job_request_urgent_review(actor=technician, measure_id=job.measure_id)

    assert first.urgent_requested_at is not None
    assert again.urgent_requested_at == first.urgent_requested_at


@pytest.mark.parametrize("persona", ["other_technician", "utility_user", "energy_trust_staff"])
def test_nobody_else_sees_the_job_to_flag(persona, request, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(Http404):
        review.job_request_urgent_review(
            actor=request.getfixturevalue(persona), measure_id=job.measure_id
        )


def test_staff_cannot_flag_a_job_for_the_technician(staff, technician, benton_rea):
    job = bpa_gshp(technician)

    with pytest.raises(services.JobError, match="installing technician"):
        review.job_request_urgent_review(actor=staff, measure_id=job.measure_id)

    job.refresh_from_db()
    assert job.urgent_requested_at is None


def test_only_a_pending_job_can_be_flagged(technician, benton_rea):
    job = complete(technician, ashp_payload())

    with pytest.raises(services.JobError, match="Only a BPA Pending job"):
        review.job_request_urgent_review(actor=technician, measure_id=job.measure_id)


def test_a_decision_clears_the_urgent_flag(staff, technician, benton_rea):
    job = bpa_gshp(technician)
    review.job_request_urgent_review(actor=technician, measure_id=job.measure_id)

    review.job_approve(actor=staff, measure_id=job.measure_id)

    job.refresh_from_db()
    assert job.urgent_requested_at is None
