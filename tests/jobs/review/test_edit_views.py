"""Staff corrections, the job history page and what the job status page says about review
(seed 000 L29-34, L45-53), through HTTP."""

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import Job
from jobs.review import services as review
from tests.dates import shown
from tests.jobs.factories import ashp_payload, gshp_payload
from tests.jobs.review.data import (
    INSTALL_2018,
    PACIFIC_SITE,
    SINGLE_FAMILY_ONLY,
    bpa_gshp,
    complete,
    energy_trust_gshp,
    manufactured_gshp,
    pending_heat_pump,
    veteran_technician,
)

pytestmark = pytest.mark.django_db


def edit_url(job) -> str:
    return reverse("staff:job-edit", args=[job.measure_id])


def detail(client, job) -> str:
    return client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()


def history(client, job):
    return client.get(reverse("jobs:history", args=[job.measure_id]))


def form_post(payload: dict, **extra: str) -> dict:
    """The job payload as the edit form posts it, plus the reason."""
    return {**payload, **extra}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- Staff edit -------------------------------------------------------------------------------


def test_edit_form_is_pre_filled_with_the_job_and_asks_why(staff_client, staff, benton_rea):
    job = pending_heat_pump(veteran_technician())

    response = staff_client.get(edit_url(job))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="measure-id">{job.measure_id}<' in html
    assert 'name="balance_point_f" value="33"' in html
    assert f'name="street_address" value="{job.site.street_address}"' in html
    assert 'value="2018-06-15"' in html
    assert "Reason for the correction" in html


def test_correction_keeps_the_measure_id_and_re_evaluates(staff_client, staff, benton_rea):
    job = pending_heat_pump(veteran_technician())
    payload = ashp_payload(install_date=INSTALL_2018, balance_point_f="28")

    response = staff_client.post(
        edit_url(job), form_post(payload, reason="Balance point typed wrong.")
    )

    detail_url = reverse("jobs:detail", args=[job.measure_id])
    assert (response.status_code, response["Location"]) == (302, detail_url)
    job.refresh_from_db()
    assert Job.objects.get().measure_id == job.measure_id
    assert job.status == Job.Status.BPA_APPROVED
    assert job.corrected_by == staff
    assert job.status_changes.last().note == "Balance point typed wrong."


def test_correction_without_a_reason_is_400_keeping_everything_typed(
    staff_client, technician, benton_rea
):
    job = bpa_gshp(technician)
    payload = gshp_payload(hspf="12.5", make="Typed Geo Co")

    response = staff_client.post(edit_url(job), form_post(payload, reason="  "))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the job is being corrected." in html
    assert 'value="12.5"' in html
    assert 'value="Typed Geo Co"' in html
    job.refresh_from_db()
    assert job.data["hspf"] == 11
    assert job.corrected_at is None


def test_correction_with_bad_values_is_400_keeping_the_values_and_the_reason(
    staff_client, technician, benton_rea
):
    job = bpa_gshp(technician)
    payload = gshp_payload(hspf="abc", zip_code="00000")

    response = staff_client.post(edit_url(job), form_post(payload, reason="Fix the SEER."))

    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="hspf" value="abc"' in html
    assert ">\nFix the SEER.</textarea>" in html
    job.refresh_from_db()
    assert job.corrected_at is None


def test_correction_of_a_job_of_the_other_territory_is_not_found(
    client, energy_trust_staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    client.force_login(energy_trust_staff)

    assert client.get(edit_url(job)).status_code == 404
    response = client.post(edit_url(job), form_post(gshp_payload(), reason="Mine now."))
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.corrected_at is None


def test_energy_trust_staff_correct_energy_trust_jobs(
    client, energy_trust_staff, technician, pacific_power
):
    job = energy_trust_gshp(technician)
    client.force_login(energy_trust_staff)
    payload = gshp_payload(
        street_address="400 Court St NE",
        city="Salem",
        state="OR",
        zip_code="97301",
        electric_utility="Pacific Power",
        loop_type="open",
    )

    response = client.post(edit_url(job), form_post(payload, reason="Open loop per the photos."))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.data["loop_type"] == "open"
    assert job.corrected_by == energy_trust_staff


@pytest.mark.parametrize(
    ("persona", "make_job", "site", "territory"),
    [
        (
            "energy_trust_staff",
            energy_trust_gshp,
            {"electric_utility": "Benton REA"},  # gshp_payload's Benton REA site
            "Benton REA is in BPA territory, whose jobs PTCS staff decide",
        ),
        (
            "staff",
            bpa_gshp,
            PACIFIC_SITE,
            "Pacific Power is in Energy Trust territory, whose jobs Energy Trust staff decide",
        ),
    ],
    ids=["energy-trust-staff-to-bpa", "ptcs-staff-to-energy-trust"],
)
def test_a_correction_into_the_other_territory_is_400_keeping_everything_typed(
    persona, make_job, site, territory, client, request, technician, benton_rea, pacific_power
):
    job = make_job(technician)
    before = (job.status, job.utility_id, job.site_id, job.data)
    client.force_login(request.getfixturevalue(persona))
    payload = gshp_payload(**site, make="Typed Geo Co")

    response = client.post(edit_url(job), form_post(payload, reason="Moved house."))

    assert response.status_code == 400
    html = response.content.decode()
    assert "The correction was not saved." in html
    assert territory in html
    assert 'value="Typed Geo Co"' in html
    assert f'value="{site.get("street_address", "1200 N Meade Ave")}"' in html
    assert ">\nMoved house.</textarea>" in html
    job.refresh_from_db()
    assert (job.status, job.utility_id, job.site_id, job.data) == before
    assert job.corrected_at is None
    assert job.status_changes.count() == 1
    assert job.history.count() == 1


def test_in_progress_job_is_not_staffs_to_correct(staff_client, technician, benton_rea):
    job = services.job_submit(actor=technician, payload=gshp_payload(), action="save_progress")

    response = staff_client.get(edit_url(job), follow=True)

    assert response.redirect_chain == [(reverse("jobs:detail", args=[job.measure_id]), 302)]
    assert "only the installing technician can complete" in response.content.decode()


# --- Job history page ----------------------------------------------------------------------


def test_history_shows_who_when_why_and_what_changed_newest_first(
    client, staff, benton_rea, utility_user
):
    veteran = veteran_technician()
    job = pending_heat_pump(veteran)
    client.force_login(staff)
    client.post(
        edit_url(job),
        form_post(
            ashp_payload(install_date=INSTALL_2018, balance_point_f="28"),
            reason="Balance point typed wrong.",
        ),
    )

    for viewer in (veteran, utility_user, staff):
        client.force_login(viewer)
        response = history(client, job)
        assert response.status_code == 200
        newest, first = response.context["versions"]
        assert newest.why == "Balance point typed wrong."
        assert newest.who == (staff.get_full_name() or staff.username)
        labels = {c.label: (c.old, c.new) for c in newest.changes}
        assert labels["Balance point (°F)"] == ("33", "28")
        assert labels["Status"] == ("BPA Pending", "BPA Approved")
        assert first.created
        assert first.changes == []
        html = response.content.decode()
        assert "Balance point typed wrong." in html
        assert html.index("Balance point typed wrong.") < html.index("created")


def test_history_shows_review_decisions_with_the_reviewer(
    staff_client, staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    staff_client.post(
        reverse("staff:job-review", args=[job.measure_id]),
        {"decision": "reject", "reason": "Open loop."},
    )

    newest = history(staff_client, job).context["versions"][0]

    assert newest.who == staff.get_full_name()
    assert [(c.label, c.old, c.new) for c in newest.changes if c.label == "Status"] == [
        ("Status", "BPA Pending", "Rejected")
    ]


def test_history_shows_the_override_reason_beside_the_approval(
    staff_client, staff, technician, benton_rea
):
    job = manufactured_gshp(technician)
    review.job_approve(
        actor=staff, measure_id=job.measure_id, override_reason="Permanent foundation."
    )

    response = history(staff_client, job)

    newest = response.context["versions"][0]
    assert newest.who == staff.get_full_name()
    assert [(c.old, c.new) for c in newest.changes if c.label == "Status"] == [
        ("BPA Pending", "BPA Approved")
    ]
    assert newest.why == (
        f"Approved over a rejecting rule ({SINGLE_FAMILY_ONLY.rstrip('.')}). "
        "Reason: Permanent foundation."
    )
    html = response.content.decode()
    assert "Reason: Permanent foundation." in html
    assert "gshp.home_type" not in html


def test_history_resolves_changed_relations_by_name(
    staff, staff_client, technician, benton_rea, django_assert_num_queries
):
    job = complete(technician, ashp_payload())
    for street in ("2 Elm St", "3 Elm St", "4 Elm St"):
        review.job_staff_edit(
            actor=staff,
            measure_id=job.measure_id,
            payload=ashp_payload(street_address=street),
            reason=f"Moved to {street}.",
        )

    # Session, user, job, the status changes with their actors, the history rows with their
    # users, the sites: none per version or status change.
    with django_assert_num_queries(6):
        response = history(staff_client, job)

    sites = [c for v in response.context["versions"] for c in v.changes if c.label == "Site"]
    assert [c.new.split(",")[0] for c in sites] == ["4 ELM ST", "3 ELM ST", "2 ELM ST"]


def test_history_of_someone_elses_job_is_not_found(
    client, other_technician, technician, benton_rea
):
    job = bpa_gshp(technician)
    client.force_login(other_technician)

    assert history(client, job).status_code == 404


# --- The job status page --------------------------------------------------------------------


def test_job_page_says_corrected_by_staff_to_technician_and_utility(
    client, staff, technician, utility_user, benton_rea
):
    job = complete(technician, ashp_payload())
    review.job_staff_edit(
        actor=staff, measure_id=job.measure_id, payload=ashp_payload(seer="17"), reason="SEER."
    )
    job.refresh_from_db()

    for viewer in (technician, utility_user):
        client.force_login(viewer)
        html = detail(client, job)
        assert 'data-testid="corrected">Corrected by staff on ' in html
        assert shown(job.corrected_at, "F j, Y") in html
        assert reverse("jobs:history", args=[job.measure_id]) in html


@pytest.mark.parametrize(
    ("decide", "heading", "text"),
    [
        (
            lambda s, m: review.job_reject(actor=s, measure_id=m, reason="Open loop."),
            "Reason for the rejection",
            "Open loop.",
        ),
        (
            lambda s, m: review.job_send_back(actor=s, measure_id=m, message="Loop type?"),
            "Sent back to the technician to correct",
            "Loop type?",
        ),
    ],
    ids=["reject", "send-back"],
)
def test_technician_reads_the_reviewers_reason_on_the_job_page(
    decide, heading, text, client, staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    decide(staff, job.measure_id)
    client.force_login(technician)

    html = detail(client, job)

    assert 'data-testid="review-decision"' in html
    assert heading in html
    assert text in html


def test_job_page_says_who_approved_over_a_rejecting_rule_and_why(
    client, staff, technician, benton_rea
):
    job = manufactured_gshp(technician)
    review.job_approve(
        actor=staff, measure_id=job.measure_id, override_reason="Permanent foundation."
    )

    for viewer in (technician, staff):
        client.force_login(viewer)
        html = detail(client, job)
        box = html[html.index('data-testid="review-decision"') :]
        box = box[: box.index("</div>")]
        assert (
            f'data-testid="override">Approved over a rejecting rule by {staff.get_full_name()}: '
            "Permanent foundation.<"
        ) in box
        assert SINGLE_FAMILY_ONLY in box
        assert "gshp.home_type" not in box
        assert "Note from the reviewer" not in box  # no note was given


def test_job_page_approved_without_override_says_nothing_of_one(
    client, staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    review.job_approve(actor=staff, measure_id=job.measure_id, note="Zone 2 checked.")
    client.force_login(technician)

    html = detail(client, job)

    assert "Note from the reviewer" in html
    assert "Zone 2 checked." in html
    assert "over a rejecting rule" not in html


def test_the_decision_box_goes_once_the_job_is_completed_again(
    client, staff, technician, benton_rea
):
    job = bpa_gshp(technician)
    review.job_send_back(actor=staff, measure_id=job.measure_id, message="Loop type?")
    services.job_complete(actor=technician, measure_id=job.measure_id, payload={})
    client.force_login(technician)

    assert 'data-testid="review-decision"' not in detail(client, job)


@pytest.mark.parametrize(
    ("make_job", "phone", "not_phone"),
    [
        (bpa_gshp, "1-800-941-3867", "1-866-365-3526"),
        (energy_trust_gshp, "1-866-365-3526", "1-800-941-3867"),
    ],
    ids=["bpa", "energy-trust"],
)
def test_pending_job_names_the_contact_of_its_territory(
    make_job, phone, not_phone, client, technician, benton_rea, pacific_power
):
    job = make_job(technician)
    client.force_login(technician)

    html = detail(client, job)

    assert f'data-testid="review-contact">{phone}<' in html
    notice = html[html.index('data-testid="pending-notice"') :]
    assert not_phone not in notice[: notice.index("</div>")]


def test_technician_asks_for_sooner_review(client, technician, benton_rea):
    job = bpa_gshp(technician)
    client.force_login(technician)
    assert "Please review this job sooner" in detail(client, job)

    response = client.post(reverse("jobs:urgent", args=[job.measure_id]), follow=True)

    html = response.content.decode()
    job.refresh_from_db()
    assert job.urgent_requested_at is not None
    assert "Flagged for sooner review on " in html
    assert "Please review this job sooner" not in html


def test_only_the_installer_sees_the_sooner_review_button(client, staff, technician, benton_rea):
    job = bpa_gshp(technician)
    client.force_login(staff)

    html = detail(client, job)

    assert "Please review this job sooner" not in html
    assert reverse("staff:job-review", args=[job.measure_id]) in html


def test_staff_asking_for_sooner_review_get_the_reason(client, staff, technician, benton_rea):
    job = bpa_gshp(technician)
    client.force_login(staff)

    response = client.post(reverse("jobs:urgent", args=[job.measure_id]))

    assert response.status_code == 400
    assert "Only the installing technician can ask" in response.content.decode()
    job.refresh_from_db()
    assert job.urgent_requested_at is None


@pytest.mark.parametrize(
    ("make_job", "contact"),
    [
        (bpa_gshp, "the PTCS team (1-800-941-3867)"),
        (energy_trust_gshp, "Energy Trust of Oregon (1-866-365-3526)"),
    ],
    ids=["bpa", "energy-trust"],
)
def test_fixing_a_completed_job_points_to_the_contact_of_its_territory(
    make_job, contact, client, technician, benton_rea, pacific_power
):
    job = make_job(technician)
    client.force_login(technician)

    response = client.get(reverse("jobs:edit", args=[job.measure_id]), follow=True)

    assert f"To change it, contact {contact}" in response.content.decode()
