"""The site menu shows only what the person may do: each link asks the gate of its page, so
no menu link leads to a 403 (tests/test_permissions.py is the page side of the same rule)."""

import re

import pytest
from django.urls import reverse

from registry import menu
from tests.test_permissions import MATRIX, PERSONAS

pytestmark = pytest.mark.django_db

JOB_LINKS = {"Enter a job", "My jobs", "Bulk upload", "Remediations"}


def menu_of(response) -> dict[str, str]:
    """The links of the site menu, label → URL."""
    html = response.content.decode()
    start = html.index('id="main-menu"')
    block = html[start : html.index("</ul>", start)]
    return {
        label.strip(): url
        for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)
    }


def _menu(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return menu_of(client.get(reverse("home")))


def test_a_pending_applicant_is_offered_no_job_links(client, applicant, application):
    client.force_login(applicant)

    links = menu_of(client.get(reverse("home")))

    assert not JOB_LINKS & set(links)
    assert links["My certification"] == reverse("technicians:me")


def test_a_certified_technician_is_offered_job_entry(client, technician):
    client.force_login(technician)

    links = menu_of(client.get(reverse("home")))

    assert set(links) >= JOB_LINKS
    assert links["Enter a job"] == reverse("jobs:new")
    assert not {"Applications", "Job review", "Territory jobs", "My company"} & set(links)


def test_a_visitor_is_offered_the_look_up_sign_in_and_register(client):
    links = menu_of(client.get(reverse("home")))

    assert set(links) == {"Find a technician", "Sign in", "Register"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("utility_user", {"Territory jobs", "Dashboard", "Payments"}),
        ("staff", {"Applications", "Job review", "QA", "QA sampling", "Bulk upload"}),
        ("energy_trust_staff", {"Job review", "QA sampling", "Territory jobs"}),
        ("inspector", {"My inspections", "My certification"}),
        ("company_admin", {"My company", "Enter a job", "My jobs", "Bulk upload"}),
    ],
)
def test_each_role_is_offered_its_pages(client, request, persona, expected):
    assert expected <= set(_menu(client, request, persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_menu_link_leads_to_a_refusal(client, request, persona, application):
    links = _menu(client, request, persona)
    own = {label: url for label, url in links.items() if label not in ("Sign in", "Register")}

    for label, url in own.items():
        response = client.get(url)
        assert response.status_code == 200, f"{persona}: {label} ({url})"


def test_every_menu_page_of_the_permission_matrix_agrees_with_the_menu(client, request):
    """The menu's pages are rows of the matrix: a persona the matrix gives 200 sees the link
    (unless the link asks more than the page), one it refuses never does."""
    rows = {name: statuses for method, name, kwargs, *statuses in MATRIX if method == "GET"}
    for link in menu.LINKS:
        assert link.url_name in rows, f"{link.url_name} is not in the permission matrix"
    for persona in PERSONAS:
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        shown = set(menu_of(client.get(reverse("home"))).values())
        for link in menu.LINKS:
            expected = rows[link.url_name][PERSONAS.index(persona)]
            if expected != 200:
                assert reverse(link.url_name) not in shown, f"{persona}: {link.label}"
            elif link.also is None:
                assert reverse(link.url_name) in shown, f"{persona}: {link.label}"
        client.logout()


def test_every_menu_link_asks_its_page_gate():
    for link in menu.LINKS:
        if not link.public:
            url, may = menu.gate_of(link.url_name)
            assert callable(may), link.url_name


def test_the_current_page_is_marked_in_the_menu(client, technician):
    client.force_login(technician)

    html = client.get(reverse("jobs:mine")).content.decode()

    assert f'<a href="{reverse("jobs:mine")}" aria-current="page">My jobs</a>' in html


def test_every_page_starts_with_a_skip_link_to_the_content(client):
    html = client.get(reverse("technicians:lookup")).content.decode()

    body = html[html.index("<body") :]
    first_link = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body).group(0)
    assert first_link == '<a href="#content" class="skip-link">'
    assert '<main class="container" id="content" tabindex="-1">' in html
