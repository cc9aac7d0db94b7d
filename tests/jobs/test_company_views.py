"""Company administrators in the entry pages and the API: the "Installing technician"
choice, the preview with that technician's certifications, the company's jobs in My jobs,
Complete Job, "Entered by" on the job page, and never another company's technician or job."""

import pytest
from django.urls import reverse

from accounts.models import User
from jobs import services
from jobs.models import Job
from technicians.models import CertificationType
from tests.accounts.factories import UserFactory
from tests.jobs.api_helpers import api_client, post
from tests.jobs.factories import ashp_payload, entry_ashp_payload, entry_duct_payload
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

pytestmark = pytest.mark.django_db


def tech_id(user) -> str:
    return str(user.technician.technician_id)


def new_ashp(client, **data):
    url = reverse("jobs:new-measure", kwargs={"measure_type": "ashp"})
    return client.post(url, {**entry_ashp_payload(), "action": "complete", **data})


@pytest.fixture
def admin_client(client, company_admin):
    client.force_login(company_admin)
    return client


@pytest.fixture
def duct_only_technician(company_admin):
    """A second technician of the administrator's company, certified for duct sealing only."""
    profile = TechnicianProfileFactory(
        user__username="dora-ducts", company=company_admin.administered_company
    )
    CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_DUCT_SEALING)
    return profile.user


@pytest.fixture
def other_company_admin(other_technician):
    return UserFactory(
        username="otto-otheradmin",
        role=User.Role.COMPANY_ADMIN,
        administered_company=other_technician.technician.company,
    )


# --- The entry form ------------------------------------------------------------------------


def test_administrator_chooses_among_the_companys_technicians(
    admin_client, technician, duct_only_technician, other_technician, benton_rea
):
    url = reverse("jobs:new-measure", kwargs={"measure_type": "ashp"})
    html = admin_client.get(url, {"zip_code": "99350"}).content.decode()

    assert "Installing technician" in html
    assert f'<option value="{tech_id(technician)}">' in html
    assert f"(Technician ID {tech_id(technician)})" in html
    assert f'<option value="{tech_id(duct_only_technician)}">' in html
    assert f'value="{tech_id(other_technician)}"' not in html


def test_a_technicians_form_has_no_technician_choice(client, technician, benton_rea):
    client.force_login(technician)
    url = reverse("jobs:new-measure", kwargs={"measure_type": "ashp"})

    html = client.get(url).content.decode()

    assert 'name="tech_id"' not in html
    assert "Installing technician" not in html


def test_administrator_completes_a_job_for_the_named_technician(
    admin_client, company_admin, technician, benton_rea
):
    response = new_ashp(admin_client, tech_id=tech_id(technician))

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"measure_id": job.measure_id})
    assert (job.technician.user, job.entered_by) == (technician, company_admin)
    assert job.status == Job.Status.BPA_APPROVED
    page = admin_client.get(response["Location"]).content.decode()
    assert "Entered by" in page
    name = technician.get_full_name()
    assert f"Entered by {company_admin.get_full_name()} for technician {name}" in page


def test_administrator_cannot_enter_for_another_companys_technician(
    admin_client, other_technician, benton_rea
):
    response = new_ashp(admin_client, tech_id=tech_id(other_technician), seer="16.5")

    assert response.status_code == 400
    html = response.content.decode()
    assert "current technicians of your company" in html
    assert 'value="16.5"' in html  # nothing typed is lost
    assert not Job.objects.exists()


def test_administrator_must_choose_the_technician(admin_client, technician, benton_rea):
    response = new_ashp(admin_client)

    assert response.status_code == 400
    assert "Name the installing technician" in response.content.decode()
    assert not Job.objects.exists()


def test_the_chosen_technicians_certification_is_what_counts(
    admin_client, duct_only_technician, benton_rea
):
    response = new_ashp(admin_client, tech_id=tech_id(duct_only_technician))

    assert response.status_code == 400
    assert "PTCS Heat Pump" in response.context["form"].errors["tech_id"][0]
    assert not Job.objects.exists()


# --- The live preview ----------------------------------------------------------------------


def test_preview_checks_the_chosen_technicians_certifications(
    company_admin, technician, duct_only_technician, benton_rea
):
    _, certified = services.preview(
        actor=company_admin, payload=ashp_payload() | {"tech_id": tech_id(technician)}
    )
    _, uncertified = services.preview(
        actor=company_admin, payload=ashp_payload() | {"tech_id": tech_id(duct_only_technician)}
    )

    assert not certified.blocking
    assert uncertified.blocking


def test_preview_page_answers_for_the_chosen_technician(
    admin_client, technician, duct_only_technician, benton_rea
):
    url = reverse("jobs:preview")
    ok = admin_client.post(url, {**entry_ashp_payload(), "tech_id": tech_id(technician)})
    blocked = admin_client.post(
        url, {**entry_ashp_payload(), "tech_id": tech_id(duct_only_technician)}
    )

    assert ok.context["failed_checks"] == []
    assert blocked.context["failed_checks"]


# --- My jobs, Complete Job, the job page ---------------------------------------------------


def test_my_jobs_lists_every_company_job_with_technician_and_entered_by(
    admin_client, company_admin, technician, other_technician, benton_rea
):
    own = services.job_submit(actor=technician, payload=entry_ashp_payload(), action="complete")
    entered = services.job_submit(
        actor=company_admin,
        payload=entry_duct_payload(tech_id=tech_id(technician)),
        action="save_progress",
    )
    services.job_submit(
        actor=other_technician,
        payload=entry_duct_payload(street_address="9 Elm St"),
        action="save_progress",
    )

    response = admin_client.get(reverse("jobs:mine"))

    jobs = list(response.context["page"].object_list)
    assert {j.pk for j in jobs} == {own.pk, entered.pk}
    html = response.content.decode()
    assert "Entered by" in html
    assert f"({tech_id(technician)})" in html
    assert html.count("Complete Job</a>") == 1  # the In Progress one


def test_administrator_completes_a_saved_job_from_the_edit_form(
    admin_client, company_admin, technician, benton_rea
):
    saved = services.job_submit(
        actor=technician, payload=entry_ashp_payload(), action="save_progress"
    )
    url = reverse("jobs:edit", kwargs={"measure_id": saved.measure_id})
    form = admin_client.get(url)
    assert f'type="hidden" name="tech_id" value="{tech_id(technician)}"' in form.content.decode()

    response = admin_client.post(
        url, {**entry_ashp_payload(), "tech_id": tech_id(technician), "action": "complete"}
    )

    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.status == Job.Status.BPA_APPROVED
    assert saved.entered_by == technician


def test_administrator_of_another_company_gets_404_for_the_job(
    client, other_company_admin, technician, benton_rea
):
    job = services.job_submit(actor=technician, payload=entry_ashp_payload(), action="complete")
    client.force_login(other_company_admin)

    for name in ("jobs:detail", "jobs:edit", "jobs:history"):
        assert client.get(reverse(name, kwargs={"measure_id": job.measure_id})).status_code == 404
    api = api_client(other_company_admin)
    assert (
        api.get(reverse("api-job-detail", kwargs={"measure_id": job.measure_id})).status_code == 404
    )
    assert job.measure_id not in [
        j["measure_id"] for j in api.get(reverse("api-job-list")).data["results"]
    ]


MY_JOBS_ADMIN_QUERIES = 5  # session, user, may enter (technicians), count, the page (one join)


@pytest.mark.parametrize("count", [4, 30])
def test_company_my_jobs_queries_do_not_grow_with_jobs(
    client, company_admin, technician, benton_rea, django_assert_num_queries, count
):
    for i in range(count):
        services.job_submit(
            actor=company_admin,
            payload=entry_duct_payload(street_address=f"{i + 1} Vineyard Dr")
            | {"tech_id": tech_id(technician)},
            action="save_progress",
        )
    client.force_login(company_admin)

    with django_assert_num_queries(MY_JOBS_ADMIN_QUERIES):
        response = client.get(reverse("jobs:mine"))

    assert len(response.context["page"].object_list) == min(count, 25)


# --- The API -------------------------------------------------------------------------------


def test_api_entry_for_a_company_technician(company_admin, technician, benton_rea):
    response = post(
        api_client(company_admin),
        ashp_payload(action="complete", tech_id=technician.technician.technician_id),
    )

    assert response.status_code == 201, response.data
    assert response.data["tech_id"] == technician.technician.technician_id
    job = Job.objects.get()
    assert (job.technician.user, job.entered_by) == (technician, company_admin)


def test_api_refuses_another_companys_technician_with_a_field_error(
    company_admin, other_technician, benton_rea
):
    response = post(
        api_client(company_admin),
        ashp_payload(action="complete", tech_id=other_technician.technician.technician_id),
    )

    assert response.status_code == 400
    assert "current technicians of your company" in response.data["tech_id"][0]
    assert not Job.objects.exists()
