"""The job status page, who may open which job page, and "My jobs" (search, pages, the
Complete Job link), through HTTP."""

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import Job
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload

pytestmark = pytest.mark.django_db

MINE = reverse("jobs:mine")
NEW = reverse("jobs:new")
PREVIEW = reverse("jobs:preview")


@pytest.fixture
def tech_client(client, technician, benton_rea):
    client.force_login(technician)
    return client


# --- Status page and who may open what ----------------------------------------------------


@pytest.fixture
def completed_job(technician, benton_rea):
    return services.job_submit(actor=technician, payload=entry_ashp_payload(), action="complete")


@pytest.fixture
def in_progress_job(technician, benton_rea):
    return services.job_submit(
        actor=technician,
        payload=entry_duct_payload(street_address="77 Vineyard Dr"),
        action="save_progress",
    )


def test_status_page_shows_every_check_with_its_source(client, technician, benton_rea):
    # 8.9 HSPF in 2024: above the federal 8.8 HSPF in force since 1 Jan 2023, below the
    # program's 9.0 (seed 003 L9981-9984; 000 L25).
    job = services.job_submit(
        actor=technician, payload=entry_ashp_payload(hspf="8.9"), action="complete"
    )
    client.force_login(technician)

    html = client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()

    assert job.status == Job.Status.PTCS_CERTIFIED_ONLY
    assert "PTCS-Certified Only" in html
    for check in job.checks:
        assert f'data-testid="check-{check["rule"]}"' in html
        assert check["source"] in html
    assert "1 check did not pass" in html
    assert "Technician ID" in html
    assert str(technician.technician.technician_id) in html
    assert "ptcs-2019-10" in html
    assert "Commissioning, controls &amp; sizing only" in html
    assert 'data-testid="computed-cfm_per_ton">387 CFM/ton<' in html


def test_in_progress_job_page_shows_its_questions_left_and_checks_not_answered_yet(
    client, technician, benton_rea
):
    job = services.job_submit(
        actor=technician,
        payload=entry_ashp_payload(hspf=None, seer=None, electric_utility=None),
        action="save_progress",
    )
    client.force_login(technician)

    html = client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()

    assert 'data-testid="job-status">In Progress<' in html
    assert "3 questions left to Complete: Electric utility, SEER, HSPF." in html
    assert 'data-testid="check-hp.efficiency" class="check-unanswered"' in html
    assert "Not answered yet: HSPF and SEER." in html
    assert "1 check is not answered yet" in html
    assert "did not pass" not in html
    assert "Every check passed" not in html
    assert "Rejected" not in html


def test_status_page_flags_an_unverified_site(client, technician, benton_rea):
    job = services.job_submit(
        actor=technician,
        payload=entry_ashp_payload(street_address="Behind the grain elevator"),
        action="complete",
    )
    client.force_login(technician)

    html = client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()

    assert "unverified" in html
    assert "We could not verify this address" in html
    assert job.status == Job.Status.BPA_PENDING


def test_status_page_shows_the_status_history(client, technician, in_progress_job):
    services.job_complete(actor=technician, measure_id=in_progress_job.measure_id)
    client.force_login(technician)

    response = client.get(reverse("jobs:detail", args=[in_progress_job.measure_id]))

    assert list(response.context["history"].values_list("to_status", flat=True)) == [
        "in_progress",
        "bpa_approved",
    ]
    assert "In Progress" in response.content.decode()


@pytest.mark.parametrize("persona", ["utility_user", "other_technician", "other_utility_user"])
def test_others_cannot_open_an_in_progress_job(client, request, persona, in_progress_job):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("jobs:detail", args=[in_progress_job.measure_id]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("utility_user", 200), ("staff", 200), ("other_technician", 404), ("other_utility_user", 404)],
)
def test_completed_job_page_is_visible_to_its_utility_and_staff_only(
    client, request, persona, expected, completed_job
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("jobs:detail", args=[completed_job.measure_id]))

    assert response.status_code == expected


def test_utility_user_does_not_see_the_complete_job_button(client, utility_user, completed_job):
    client.force_login(utility_user)

    html = client.get(reverse("jobs:detail", args=[completed_job.measure_id])).content.decode()

    assert "Complete Job" not in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("technician", 200), ("other_technician", 404), ("staff", 403), ("utility_user", 403)],
)
def test_only_the_installing_technician_opens_the_edit_page(
    client, request, persona, expected, in_progress_job
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("jobs:edit", args=[in_progress_job.measure_id]))

    assert response.status_code == expected


def test_another_technician_cannot_complete_someone_elses_job(
    client, other_technician, in_progress_job
):
    client.force_login(other_technician)
    url = reverse("jobs:edit", args=[in_progress_job.measure_id])

    response = client.post(url, {**entry_duct_payload(), "action": "complete"})

    assert response.status_code == 404
    in_progress_job.refresh_from_db()
    assert in_progress_job.status == Job.Status.IN_PROGRESS


def test_a_completed_job_cannot_be_edited_here(tech_client, completed_job):
    url = reverse("jobs:edit", args=[completed_job.measure_id])

    response = tech_client.get(url, follow=True)

    assert response.redirect_chain == [
        (reverse("jobs:detail", args=[completed_job.measure_id]), 302)
    ]
    assert "contact the PTCS team" in response.content.decode()
    posted = tech_client.post(url, {**entry_ashp_payload(hspf="8"), "action": "complete"})
    assert posted.status_code == 302
    completed_job.refresh_from_db()
    assert completed_job.data["hspf"] == 9.5


def test_applicant_without_a_technician_id_cannot_enter_jobs(client, applicant):
    client.force_login(applicant)

    assert client.get(NEW).status_code == 403
    assert client.post(PREVIEW, {"measure_type": "ashp"}).status_code == 403


# --- My jobs ------------------------------------------------------------------------------


@pytest.fixture
def three_jobs(technician, other_technician, benton_rea):
    ashp = services.job_submit(actor=technician, payload=entry_ashp_payload(), action="complete")
    duct = services.job_submit(
        actor=technician,
        payload=entry_duct_payload(street_address="77 Vineyard Dr", install_date="2024-03-10"),
        action="save_progress",
    )
    theirs = services.job_submit(
        actor=other_technician,
        payload=entry_duct_payload(street_address="5 Orchard Ln"),
        action="save_progress",
    )
    return ashp, duct, theirs


def _listed(response) -> list[int]:
    return [job.measure_id for job in response.context["page"].object_list]


def test_my_jobs_lists_only_my_own_jobs_newest_first(tech_client, three_jobs):
    ashp, duct, theirs = three_jobs

    response = tech_client.get(MINE)

    assert _listed(response) == [duct.measure_id, ashp.measure_id]
    html = response.content.decode()
    assert html.count(">Complete Job</a>") == 1  # only next to the In Progress job
    assert reverse("jobs:edit", args=[duct.measure_id]) in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"measure_id": "<ashp>"}, ["ashp"]),
        ({"measure_id": "12ab"}, []),
        ({"address": "vineyard"}, ["duct"]),
        ({"address": "meade prosser"}, ["ashp"]),
        ({"status": "in_progress"}, ["duct"]),
        ({"measure_type": "ashp"}, ["ashp"]),
        ({"installed_from": "2024-04-01"}, ["ashp"]),
        ({"installed_to": "2024-04-01"}, ["duct"]),
        ({"installed_from": "not a date"}, ["duct", "ashp"]),
        ({"status": "nonsense"}, ["duct", "ashp"]),
    ],
)
def test_my_jobs_search(tech_client, three_jobs, query, expected):
    ashp, duct, _ = three_jobs
    ids = {"ashp": ashp.measure_id, "duct": duct.measure_id}
    query = {k: str(ids["ashp"]) if v == "<ashp>" else v for k, v in query.items()}

    response = tech_client.get(MINE, query)

    assert response.status_code == 200
    assert _listed(response) == [ids[name] for name in expected]


def test_my_jobs_pages_keep_the_search(tech_client, technician, benton_rea):
    for n in range(27):
        services.job_submit(
            actor=technician,
            payload=entry_duct_payload(street_address=f"{n + 1} Vineyard Dr"),
            action="save_progress",
        )

    first = tech_client.get(MINE, {"address": "vineyard"})
    second = tech_client.get(MINE, {"address": "vineyard", "page": "2"})

    assert len(first.context["page"].object_list) == 25
    assert "page=2" in first.content.decode()
    assert "address=vineyard" in first.content.decode()
    assert len(second.context["page"].object_list) == 2


def _filters(html: str) -> str:
    """The <details> the My jobs filters fold behind (its opening tag and summary)."""
    start = html.index('<details class="job-filters"')
    return html[start : html.index("</summary>", start)]


def test_my_jobs_folds_the_filters_away_and_lists_the_results_first(tech_client, three_jobs):
    html = tech_client.get(MINE).content.decode()
    details = _filters(html)
    assert " open" not in details.split(">")[0]
    assert "Filter jobs" in details
    assert 'data-testid="active-filters"' not in details
    # The six filters sit inside the one control; the results follow it directly.
    # (The site menu is a <details> too, before it: look from the filters on.)
    start = html.index('<details class="job-filters"')
    end = html.index("</details>", start)
    folded = html[start:end]
    for name in ("measure_id", "address", "status", "measure_type", "installed_from"):
        assert f'name="{name}"' in folded
    assert end < html.index('<table class="responsive-table">')


def test_my_jobs_opens_the_filters_when_one_is_in_use_and_names_it(tech_client, three_jobs):
    html = tech_client.get(MINE, {"status": "in_progress", "page": "1"}).content.decode()
    details = _filters(html)
    assert details.split(">")[0].endswith(" open")
    assert "(1 in use: Status)" in details
    # Only the page number: still folded.
    assert " open" not in _filters(tech_client.get(MINE, {"page": "1"}).content.decode())
