"""The staff review pages through HTTP: the queue (columns, order, filters, query count), bulk
decisions job by job, the single-job review page, errors that keep what was typed, and four
eyes (a reviewer's own work is another reviewer's to decide)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from jobs.review import services as review
from jobs.review.models import ReviewAssignment, ReviewBatch
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, ashp_payload
from tests.jobs.review.data import (
    SINGLE_FAMILY_ONLY,
    bpa_gshp,
    complete,
    corrected_by,
    energy_trust_gshp,
    entered_by_staff,
    manufactured_gshp,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("staff:jobs-review")

#: The queue: session, user, count (paginator), the page of jobs (site, technician and utility
#: joined, the assigned reviewer as a subquery), the assigned reviewers' names, and the
#: utility filter's choices.
QUEUE_QUERIES = 6


def review_url(job) -> str:
    return reverse("staff:job-review", args=[job.measure_id])


def row_ids(response) -> list[int]:
    return [row["job"].measure_id for row in response.context["rows"]]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- The queue ------------------------------------------------------------------------------


def test_queue_shows_why_each_job_is_pending_and_who_installed_it(
    staff_client, technician, benton_rea
):
    job = bpa_gshp(technician)

    response = staff_client.get(QUEUE)

    html = response.content.decode()
    assert row_ids(response) == [job.measure_id]
    assert f'data-testid="job-{job.measure_id}"' in html
    assert reverse("staff:job-review", args=[job.measure_id]) in html
    assert "Ground source heat pumps are always reviewed" in html
    assert "Ground source heat pump" in html
    assert f"Technician ID {technician.technician.technician_id}" in html
    assert "Benton REA" in html
    assert "0 days" in html


def test_each_reviewer_sees_only_their_territory(
    client, staff, energy_trust_staff, technician, benton_rea, pacific_power
):
    bpa_job = bpa_gshp(technician)
    energy_trust_job = energy_trust_gshp(technician)

    client.force_login(staff)
    assert row_ids(client.get(QUEUE)) == [bpa_job.measure_id]
    client.force_login(energy_trust_staff)
    assert row_ids(client.get(QUEUE)) == [energy_trust_job.measure_id]


def test_urgent_jobs_come_first_then_the_longest_waiting(staff_client, technician, benton_rea):
    newer, older, urgent = (bpa_gshp(technician, street_address=f"{n} Elm St") for n in (1, 2, 3))
    now = timezone.now()
    Job.objects.filter(pk=newer.pk).update(pending_since=now - datetime.timedelta(days=3))
    Job.objects.filter(pk=older.pk).update(pending_since=now - datetime.timedelta(days=20))
    review.job_request_urgent_review(actor=technician, measure_id=urgent.measure_id)
    Job.objects.filter(pk=older.pk).update(overdue_flagged_at=now)

    response = staff_client.get(QUEUE)

    assert row_ids(response) == [urgent.measure_id, older.measure_id, newer.measure_id]
    html = response.content.decode()
    assert "URGENT" in html
    assert "OVERDUE" in html
    assert "20 days" in html
    assert "3 days" in html


def test_age_falls_back_to_the_completion_date(staff_client, benton_rea):
    JobFactory(
        status=Job.Status.BPA_PENDING,
        utility=benton_rea,
        completed_at=timezone.now() - datetime.timedelta(days=9),
    )

    response = staff_client.get(QUEUE)

    assert response.context["rows"][0]["age_days"] == 9


def _assign(job, reviewer, period_start=datetime.date(2026, 1, 5)) -> None:
    batch, _ = ReviewBatch.objects.get_or_create(administrator="bpa", period_start=period_start)
    ReviewAssignment.objects.create(batch=batch, job=job, reviewer=reviewer)


def test_filters_by_measure_type_utility_and_assigned_to_me(
    staff_client, staff, technician, benton_rea
):
    gshp = bpa_gshp(technician)
    heat_pump = complete(technician, ashp_payload(street_address="Lot 12 Sunny Acres"))
    colleague = UserFactory(username="cody-colleague", role="ptcs_staff")
    _assign(gshp, colleague)
    _assign(gshp, staff, period_start=datetime.date(2026, 1, 19))  # the latest batch counts
    _assign(heat_pump, staff)
    _assign(heat_pump, colleague, period_start=datetime.date(2026, 1, 19))

    assert row_ids(staff_client.get(QUEUE, {"measure_type": "gshp"})) == [gshp.measure_id]
    assert set(row_ids(staff_client.get(QUEUE, {"utility": benton_rea.pk}))) == {
        gshp.measure_id,
        heat_pump.measure_id,
    }
    mine = staff_client.get(QUEUE, {"mine": "on"})
    assert row_ids(mine) == [gshp.measure_id]
    html = staff_client.get(QUEUE).content.decode()
    assert colleague.get_full_name() in html
    assert staff.get_full_name() in html


def test_utility_filter_offers_the_utilities_of_the_reviewers_territory(
    client, staff, energy_trust_staff, benton_rea, pacific_power
):
    for user, utility in ((staff, benton_rea), (energy_trust_staff, pacific_power)):
        client.force_login(user)
        form = client.get(QUEUE).context["filter"].form
        assert list(form.fields["utility"].queryset) == [utility]


def test_bad_filters_do_not_break_the_queue(staff_client, technician, benton_rea):
    job = bpa_gshp(technician)

    response = staff_client.get(QUEUE, {"utility": "x'; drop", "measure_type": "plumbing"})

    assert response.status_code == 200
    assert row_ids(response) == [job.measure_id]


@pytest.mark.parametrize("count", [5, 30])
def test_queue_queries_do_not_grow_with_jobs(
    staff_client, staff, benton_rea, django_assert_num_queries, count
):
    checks = [
        {"rule": "x.review", "passed": False, "message": "Needs a look.", "effect": "bpa_pending"}
    ]
    colleague = UserFactory(username="cody-colleague", role="ptcs_staff")
    for i in range(count):
        job = JobFactory(
            status=Job.Status.BPA_PENDING,
            utility=benton_rea,
            checks=checks,
            pending_since=timezone.now(),
            urgent_requested_at=timezone.now() if i % 3 == 0 else None,
        )
        _assign(job, staff if i % 2 else colleague)

    with django_assert_num_queries(QUEUE_QUERIES):
        response = staff_client.get(QUEUE)

    assert len(response.context["rows"]) == count


# --- Bulk decisions -------------------------------------------------------------------------


def test_bulk_approve_decides_each_ticked_job(staff_client, technician, benton_rea):
    first, second, untouched = (
        bpa_gshp(technician, street_address=f"{n} Elm St") for n in (1, 2, 3)
    )

    response = staff_client.post(
        QUEUE,
        {"measure_ids": [first.measure_id, second.measure_id], "action": "approve", "text": ""},
        follow=True,
    )

    assert response.redirect_chain[-1] == (QUEUE, 302)
    statuses = dict(Job.objects.values_list("measure_id", "status"))
    assert statuses[first.measure_id] == statuses[second.measure_id] == "bpa_approved"
    assert statuses[untouched.measure_id] == "bpa_pending"
    assert row_ids(response) == [untouched.measure_id]
    assert f"Job {first.measure_id} approved: now BPA Approved." in messages_of(response)


def test_bulk_reject_gives_every_job_the_reason(staff_client, technician, benton_rea):
    jobs = [bpa_gshp(technician, street_address=f"{n} Elm St") for n in (1, 2)]

    staff_client.post(
        QUEUE,
        {"measure_ids": [j.measure_id for j in jobs], "action": "reject", "text": "Open loop."},
    )

    for job in jobs:
        job.refresh_from_db()
        assert job.status == Job.Status.REJECTED
        assert job.status_changes.last().note == "Open loop."


def test_bulk_send_back_returns_the_jobs_to_the_technician(staff_client, technician, benton_rea):
    job = bpa_gshp(technician)

    staff_client.post(
        QUEUE, {"measure_ids": [job.measure_id], "action": "send_back", "text": "Loop type?"}
    )

    job.refresh_from_db()
    assert job.status == Job.Status.IN_PROGRESS
    assert job.completed_at is None


def test_a_job_decided_meanwhile_reports_its_error_and_the_others_go_through(
    staff_client, staff, technician, benton_rea, pacific_power
):
    decided, pending = (bpa_gshp(technician, street_address=f"{n} Elm St") for n in (1, 2))
    elsewhere = energy_trust_gshp(technician)
    review.job_reject(actor=staff, measure_id=decided.measure_id, reason="Someone else did.")

    response = staff_client.post(
        QUEUE,
        {
            "measure_ids": [decided.measure_id, elsewhere.measure_id, pending.measure_id],
            "action": "approve",
        },
        follow=True,
    )

    shown = messages_of(response)
    assert (
        f"Job {decided.measure_id}: Job {decided.measure_id} is Rejected, not BPA Pending." in shown
    )
    assert f"Job {elsewhere.measure_id}: no such job in your review territory." in shown
    assert f"Job {pending.measure_id} approved: now BPA Approved." in shown
    statuses = dict(Job.objects.values_list("measure_id", "status"))
    assert statuses == {
        decided.measure_id: "rejected",
        elsewhere.measure_id: "bpa_pending",
        pending.measure_id: "bpa_approved",
    }


def test_bulk_approve_without_an_override_reason_leaves_a_job_failing_a_rejecting_rule(
    staff_client, technician, benton_rea
):
    overridden = manufactured_gshp(technician, street_address="1 Elm St")
    plain = bpa_gshp(technician, street_address="2 Elm St")

    response = staff_client.post(
        QUEUE,
        {"measure_ids": [overridden.measure_id, plain.measure_id], "action": "approve"},
        follow=True,
    )

    shown = messages_of(response)
    assert (
        f"Job {overridden.measure_id}: This job fails a rule that rejects it: "
        f"{SINGLE_FAMILY_ONLY.rstrip('.')}; approve only with an override and its reason."
    ) in shown
    assert f"Job {plain.measure_id} approved: now BPA Approved." in shown
    statuses = dict(Job.objects.values_list("measure_id", "status"))
    assert statuses == {overridden.measure_id: "bpa_pending", plain.measure_id: "bpa_approved"}
    assert overridden.status_changes.count() == 1  # only the completion


def test_bulk_approve_with_an_override_reason_records_it_only_where_a_rule_is_overridden(
    staff_client, technician, benton_rea
):
    overridden = manufactured_gshp(technician, street_address="1 Elm St")
    plain = bpa_gshp(technician, street_address="2 Elm St")

    staff_client.post(
        QUEUE,
        {
            "measure_ids": [overridden.measure_id, plain.measure_id],
            "action": "approve",
            "override_reason": "Permanent foundation, agreed with BPA.",
        },
    )

    change = overridden.status_changes.last()
    assert change.to_status == "bpa_approved"
    assert change.override_reason == "Permanent foundation, agreed with BPA."
    assert change.overridden_rules == ["gshp.home_type"]
    change = plain.status_changes.last()
    assert (change.to_status, change.override_reason, change.overridden_rules) == (
        "bpa_approved",
        "",
        [],
    )


def test_bulk_reject_without_a_reason_decides_nothing_and_keeps_the_selection(
    staff_client, technician, benton_rea
):
    first, second = (bpa_gshp(technician, street_address=f"{n} Elm St") for n in (1, 2))

    response = staff_client.post(
        QUEUE, {"measure_ids": [second.measure_id], "action": "reject", "text": "   "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the technician a reason for the rejection." in html
    assert (
        f'value="{second.measure_id}" aria-label="Select job {second.measure_id}" checked' in html
    )
    assert f'value="{first.measure_id}" aria-label="Select job {first.measure_id}">' in html
    assert '<option value="reject" selected>' in html
    assert not Job.objects.exclude(status=Job.Status.BPA_PENDING).exists()


def test_bulk_send_back_without_a_message_decides_nothing(staff_client, technician, benton_rea):
    job = bpa_gshp(technician)

    response = staff_client.post(
        QUEUE, {"measure_ids": [job.measure_id], "action": "send_back", "text": ""}
    )

    assert response.status_code == 400
    assert "Tell the technician what to correct." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"action": "approve"}, id="nothing-ticked"),
        pytest.param({"measure_ids": ["1000001"], "action": "explode"}, id="unknown-action"),
        pytest.param({"measure_ids": ["abc"], "action": "approve"}, id="not-a-measure-id"),
        pytest.param({"measure_ids": ["9" * 40], "action": "approve"}, id="huge-number"),
        pytest.param({"measure_ids": ["1000001"]}, id="no-action"),
        pytest.param(
            {"measure_ids": ["1000001"], "action": "reject", "text": "x" * 5000}, id="novel"
        ),
    ],
)
def test_malformed_bulk_requests_are_400_keeping_the_text(
    data, staff_client, technician, benton_rea
):
    job = bpa_gshp(technician)
    data = {"text": "Keep me.", **data}

    response = staff_client.post(QUEUE, data)

    assert response.status_code == 400
    assert "Nothing was decided." in response.content.decode()
    if len(data["text"]) < 100:
        assert "Keep me." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING


def test_bulk_decision_keeps_the_filters(staff_client, technician, benton_rea):
    job = bpa_gshp(technician)

    response = staff_client.post(
        f"{QUEUE}?measure_type=gshp", {"measure_ids": [job.measure_id], "action": "approve"}
    )

    assert response["Location"] == f"{QUEUE}?measure_type=gshp"


@pytest.mark.parametrize("persona", ["technician", "utility_user", "inspector"])
def test_others_cannot_decide_in_bulk(persona, client, request, technician, benton_rea):
    job = bpa_gshp(technician)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(QUEUE, {"measure_ids": [job.measure_id], "action": "approve"})

    assert response.status_code == 403
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING


# --- One job --------------------------------------------------------------------------------


def test_review_page_shows_the_checks_and_the_three_decisions(staff_client, technician, benton_rea):
    job = bpa_gshp(technician)

    html = staff_client.get(review_url(job)).content.decode()

    for check in job.checks:
        assert f'data-testid="check-{check["rule"]}"' in html
    assert 'value="approve"' in html
    assert 'value="reject"' in html
    assert 'value="send_back"' in html
    assert "Reason for the rejection" in html


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"decision": "approve", "note": "Zone 2 confirmed."}, "bpa_approved"),
        ({"decision": "reject", "reason": "Open loop."}, "rejected"),
        ({"decision": "send_back", "message": "Enter the loop type."}, "in_progress"),
    ],
)
def test_single_decision(data, status, staff_client, technician, benton_rea):
    job = bpa_gshp(technician)

    response = staff_client.post(review_url(job), data)

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    job.refresh_from_db()
    assert job.status == status
    assert job.status_changes.last().note == next(v for k, v in data.items() if k != "decision")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"decision": "reject", "reason": " ", "note": "typed"}, "Give the technician a reason"),
        ({"decision": "send_back", "message": "", "note": "typed"}, "Tell the technician what"),
        ({"note": "typed"}, "Choose approve, reject or send back."),
        ({"decision": "maybe", "note": "typed"}, "Select a valid choice"),
    ],
)
def test_refused_single_decision_is_400_keeping_what_was_typed(
    data, error, staff_client, technician, benton_rea
):
    job = bpa_gshp(technician)

    response = staff_client.post(review_url(job), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert ">\ntyped</textarea>" in html
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING


def test_deciding_a_job_decided_meanwhile_shows_the_error_and_keeps_the_reason(
    staff_client, staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    review.job_approve(actor=staff, measure_id=job.measure_id)

    response = staff_client.post(
        review_url(job), {"decision": "reject", "reason": "Loop length missing."}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "is BPA Approved, not BPA Pending" in html
    assert "Loop length missing." in html
    assert 'data-testid="job-status">BPA Approved<' in html


def test_review_page_asks_for_an_override_reason_only_over_a_rejecting_rule(
    staff_client, technician, benton_rea
):
    label = "Override reason (required to approve over a rejecting rule)"
    plain = bpa_gshp(technician, street_address="1 Elm St")
    overridden = manufactured_gshp(technician, street_address="2 Elm St")

    html = staff_client.get(review_url(plain)).content.decode()
    assert label not in html
    assert 'data-testid="rejecting-checks"' not in html

    html = staff_client.get(review_url(overridden)).content.decode()
    assert label in html
    assert 'name="override_reason"' in html
    rejecting = html[html.index('data-testid="rejecting-checks"') :]
    assert SINGLE_FAMILY_ONLY in rejecting[: rejecting.index("</div>")]
    assert "gshp.home_type" not in rejecting[: rejecting.index("</div>")]


@pytest.mark.parametrize("override_reason", ["", "   "], ids=["none", "whitespace"])
def test_refused_override_is_400_keeping_the_note(
    override_reason, staff_client, technician, benton_rea
):
    job = manufactured_gshp(technician)

    response = staff_client.post(
        review_url(job),
        {"decision": "approve", "note": "typed", "override_reason": override_reason},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This job fails a rule that rejects it" in html
    assert "approve only with an override and its reason." in html
    assert ">\ntyped</textarea>" in html
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING
    assert job.status_changes.count() == 1


def test_approving_over_a_rejecting_rule_from_the_review_page(
    staff_client, staff, technician, benton_rea
):
    job = manufactured_gshp(technician)

    response = staff_client.post(
        review_url(job),
        {"decision": "approve", "note": "", "override_reason": "Permanent foundation."},
    )

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED
    change = job.status_changes.last()
    assert (change.actor, change.override_reason, change.overridden_rules) == (
        staff,
        "Permanent foundation.",
        ["gshp.home_type"],
    )


def test_review_page_of_the_other_territory_is_not_found(
    client, energy_trust_staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    client.force_login(energy_trust_staff)

    assert client.get(review_url(job)).status_code == 404
    assert client.post(review_url(job), {"decision": "approve"}).status_code == 404
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING


def test_review_page_of_an_unknown_job_is_not_found(staff_client):
    assert staff_client.get(reverse("staff:job-review", args=[9_999_999])).status_code == 404


def test_nav_links_to_the_queue_for_reviewers_only(client, staff, energy_trust_staff, technician):
    link = f'href="{QUEUE}">Job review<'
    for user, shown in ((staff, True), (energy_trust_staff, True), (technician, False)):
        client.force_login(user)
        assert (link in client.get(reverse("home")).content.decode()) is shown


# --- Four eyes ------------------------------------------------------------------------------

ENTERED_IT = "You entered this job: another reviewer decides it."
CORRECTED_IT = "You corrected this job last: another reviewer decides it."


@pytest.fixture
def other_staff(db):
    return UserFactory(username="rita-reviewer", role="ptcs_staff")


def own_work_note(html: str, job) -> str:
    """The own-work note of the job's queue row ("" when there is none)."""
    row = html[html.index(f'data-testid="job-{job.measure_id}"') :]
    row = row[: row.index("</tr>")]
    if 'data-testid="own-work"' not in row:
        return ""
    start = row.index(">", row.index('data-testid="own-work"')) + 1
    return row[start : row.index("<", start)]


def test_queue_rows_say_which_jobs_another_reviewer_decides(
    client, staff, other_staff, technician, benton_rea
):
    entered = entered_by_staff(staff, technician, street_address="1 Elm St")
    corrected = corrected_by(staff, bpa_gshp(technician, street_address="2 Elm St"))
    plain = bpa_gshp(technician, street_address="3 Elm St")
    client.force_login(staff)

    html = client.get(QUEUE).content.decode()

    assert own_work_note(html, entered) == ENTERED_IT
    assert own_work_note(html, corrected) == CORRECTED_IT
    assert own_work_note(html, plain) == ""
    # The reviewer's own work cannot be ticked for a bulk decision; the others can.
    assert f'name="measure_ids" value="{entered.measure_id}"' not in html
    assert f'name="measure_ids" value="{corrected.measure_id}"' not in html
    assert f'name="measure_ids" value="{plain.measure_id}"' in html

    client.force_login(other_staff)
    html = client.get(QUEUE).content.decode()
    assert [own_work_note(html, job) for job in (entered, corrected, plain)] == ["", "", ""]
    assert f'name="measure_ids" value="{entered.measure_id}"' in html


def test_queue_rows_say_nothing_without_four_eyes(
    settings, staff_client, staff, technician, benton_rea
):
    settings.REVIEW_FOUR_EYES = False
    job = entered_by_staff(staff, technician)

    html = staff_client.get(QUEUE).content.decode()

    assert own_work_note(html, job) == ""
    assert f'name="measure_ids" value="{job.measure_id}"' in html


def test_review_page_explains_instead_of_offering_the_decisions(
    client, staff, other_staff, technician, benton_rea
):
    job = entered_by_staff(staff, technician)
    client.force_login(staff)

    html = client.get(review_url(job)).content.decode()

    assert f'data-testid="own-work">{ENTERED_IT}<' in html
    for decision in ("approve", "reject", "send_back"):
        assert f'value="{decision}"' not in html

    client.force_login(other_staff)
    html = client.get(review_url(job)).content.decode()
    assert 'data-testid="own-work"' not in html
    assert 'value="approve"' in html


def test_review_page_offers_the_decisions_without_four_eyes(
    settings, staff_client, staff, technician, benton_rea
):
    settings.REVIEW_FOUR_EYES = False
    job = corrected_by(staff, bpa_gshp(technician))

    html = staff_client.get(review_url(job)).content.decode()

    assert 'data-testid="own-work"' not in html
    assert 'value="approve"' in html


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "approve", "note": "Fine."},
        {"decision": "reject", "reason": "Open loop."},
        {"decision": "send_back", "message": "Enter the loop type."},
    ],
    ids=["approve", "reject", "send-back"],
)
def test_deciding_your_own_work_from_the_review_page_is_refused(
    data, staff_client, staff, technician, benton_rea
):
    job = corrected_by(staff, bpa_gshp(technician))
    changes = job.status_changes.count()

    response = staff_client.post(review_url(job), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was decided." in html
    assert f'data-testid="own-work">{CORRECTED_IT}<' in html
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_PENDING
    assert job.status_changes.count() == changes


def test_a_bulk_decision_reports_your_own_work_and_the_others_go_through(
    staff_client, staff, technician, benton_rea
):
    mine = entered_by_staff(staff, technician, street_address="1 Elm St")
    theirs = bpa_gshp(technician, street_address="2 Elm St")

    response = staff_client.post(
        QUEUE,
        {"measure_ids": [mine.measure_id, theirs.measure_id], "action": "reject", "text": "No."},
        follow=True,
    )

    shown = messages_of(response)
    assert f"Job {mine.measure_id}: {ENTERED_IT}" in shown
    assert f"Job {theirs.measure_id} rejected: now Rejected." in shown
    statuses = dict(Job.objects.values_list("measure_id", "status"))
    assert statuses == {mine.measure_id: "bpa_pending", theirs.measure_id: "rejected"}
