"""The 403 and 404 pages are pages of the site (templates/403.html, 404.html): the header and
menu, why the page was refused and what to do; a 404 never tells a job that exists but may
not be seen from one that does not. Rendered as in production (DEBUG off)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_pages(settings):
    settings.DEBUG = False  # Django's own technical pages are not ours to test


def _page(response) -> str:
    html = response.content.decode()
    assert "Skip to content" in html
    assert 'aria-label="Main"' in html
    return html


def _without_token(response) -> str:
    """The page less its CSRF tokens, which differ on every response."""
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_pending_applicant_is_told_job_entry_waits_for_the_approval(
    client, applicant, application
):
    client.force_login(applicant)

    response = client.get(reverse("jobs:new"))

    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"
    html = _page(response)
    assert "Your application is being reviewed; you can enter jobs once it is approved" in html
    assert "Enter a job" not in html  # nor offered in the menu


def test_a_technician_who_has_not_applied_is_told_how_to_apply(client, applicant):
    client.force_login(applicant)

    html = _page(client.get(reverse("jobs:mine")))

    assert "send a Certified Technician Application from My certification" in html


def test_bulk_upload_refuses_a_pending_applicant_with_the_same_reason(
    client, applicant, application
):
    client.force_login(applicant)

    response = client.get(reverse("jobs:bulk-upload"))

    assert response.status_code == 403
    assert "Your application is being reviewed" in _page(response)


def test_a_company_administrator_without_certified_technicians_is_told_why(client, db):
    from accounts.models import User
    from tests.accounts.factories import UserFactory
    from tests.technicians.factories import CompanyFactory

    admin = UserFactory(role=User.Role.COMPANY_ADMIN, administered_company=CompanyFactory())
    client.force_login(admin)

    html = _page(client.get(reverse("jobs:new")))

    assert escape("None of your company's technicians has a PTCS Technician ID yet") in html


def test_staff_are_pointed_to_bulk_upload_for_job_entry(client, staff):
    client.force_login(staff)

    response = client.get(reverse("jobs:new"))

    assert response.status_code == 403
    assert escape("PTCS staff enter jobs on a contractor's behalf by bulk upload") in _page(
        response
    )


@pytest.mark.parametrize(
    ("persona", "url_name", "says"),
    [
        (
            "utility_user",
            "staff:applications",
            "PTCS staff decide certification applications, QA remediation and suspensions here. "
            "This page is for PTCS staff (BPA).",
        ),
        (
            "technician",
            "staff:jobs-review",
            "This page is for PTCS staff (BPA) and Energy Trust program staff.",
        ),
        (
            "inspector",
            "utilities:territory",
            "This page is for utility users, PTCS staff (BPA) and Energy Trust program staff.",
        ),
        ("staff", "technicians:company", "This page is for company administrators."),
        (
            "utility_user",
            "technicians:me",
            "This page is for technicians, QA inspectors and trainers.",
        ),
    ],
)
def test_a_signed_in_user_without_the_role_reads_who_the_page_is_for(
    client, request, persona, url_name, says
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response.status_code == 403
    html = _page(response)
    assert says in html
    assert f"You are signed in as <strong>{user.username}</strong>" in html


def test_an_account_that_does_not_apply_is_told_who_applies(client, utility_user):
    client.force_login(utility_user)

    response = client.get(reverse("technicians:apply", kwargs={"kind_slug": "technician"}))

    assert response.status_code == 403
    assert "Certification applications are for technicians" in _page(response)


def test_an_unknown_page_is_a_404_page_of_the_site(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "No such page or job — or not one you may see" in _page(response)


def test_a_job_the_user_may_not_see_reads_exactly_like_one_that_does_not_exist(
    client, other_technician, completed_job
):
    client.force_login(other_technician)
    hidden = reverse("jobs:detail", kwargs={"measure_id": completed_job.measure_id})
    missing = reverse("jobs:detail", kwargs={"measure_id": 9_999_999})

    seen = client.get(hidden)
    absent = client.get(missing)

    assert (seen.status_code, absent.status_code) == (404, 404)
    assert "No such page or job — or not one you may see" in _page(seen)
    assert _without_token(seen).replace(hidden, missing) == _without_token(absent)
    assert "No such job." not in seen.content.decode()  # the exception's text is not shown
