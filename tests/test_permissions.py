"""Who gets what from every URL we own: one matrix, one row per request, one column per persona.

``LOGIN`` means "redirected to sign in" (302 to the login page). The API answers 401 to an
anonymous caller because TokenAuthentication (listed first) offers a WWW-Authenticate challenge.
Another person's proof of training is a 404, never a 403: its existence is not disclosed.
Program administrator (Energy Trust) staff do not decide certification applications, so the
staff pages refuse them like everyone else who is not PTCS staff.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from technicians import services
from technicians.models import Application
from tests.technicians.factories import application_data, pdf_upload

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to the sign-in page

PERSONAS = (
    "anonymous",
    "technician",
    "other_technician",
    "applicant",
    "staff",
    "energy_trust_staff",
    "utility_user",
    "other_utility_user",
    "inspector",
    "trainer",
)

# Placeholders filled from the fixtures when a row runs.
APPLICATION = {"pk": "<application>"}  # a pending application submitted by ``applicant``
TECHNICIAN = {"technician_id": "<technician-id>"}  # the ``technician`` persona's Technician ID

#: Sent with every POST: a valid rejection reason (ignored everywhere else).
POST_DATA = {"reason": "Proof of training is not dated."}

#: One row per request; its second line holds the expected status of each persona, in PERSONAS
#: order: anonymous, technician, other_technician, applicant, staff (PTCS), energy_trust_staff,
#: utility_user, other_utility_user, inspector, trainer.
# fmt: off
MATRIX = [
    # (method, URL name, kwargs,
    #        anon   tech   othr   appl   staf   etst   util   outl   insp   trnr)
    ("GET", "home", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "technicians:lookup", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "technicians:me", {},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200),
    ("GET", "technicians:apply", {"kind_slug": "technician"},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200),
    ("GET", "technicians:apply", {"kind_slug": "inspector"},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200),
    ("GET", "technicians:apply", {"kind_slug": "trainer"},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200),
    ("GET", "technicians:apply", {"kind_slug": "plumber"},
             LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   404),
    # An empty application: participants get the form back with errors, the others nothing.
    ("POST", "technicians:apply", {"kind_slug": "technician"},
             LOGIN, 400,   400,   400,   403,   403,   403,   403,   400,   400),
    ("GET", "technicians:application-proof", APPLICATION,
             LOGIN, 404,   404,   200,   200,   404,   404,   404,   404,   404),
    ("GET", "staff:applications", {},
             LOGIN, 403,   403,   403,   200,   403,   403,   403,   403,   403),
    ("GET", "staff:application", APPLICATION,
             LOGIN, 403,   403,   403,   200,   403,   403,   403,   403,   403),
    ("GET", "staff:application-approve", APPLICATION,
             LOGIN, 403,   403,   403,   405,   403,   403,   403,   403,   403),
    ("GET", "staff:application-reject", APPLICATION,
             LOGIN, 403,   403,   403,   405,   403,   403,   403,   403,   403),
    # Decisions: every row runs against a fresh pending application; staff are sent back to
    # the queue once the decision is recorded.
    ("POST", "staff:application-approve", APPLICATION,
             LOGIN, 403,   403,   403,   302,   403,   403,   403,   403,   403),
    ("POST", "staff:application-reject", APPLICATION,
             LOGIN, 403,   403,   403,   302,   403,   403,   403,   403,   403),
    ("GET", "api-root", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-me", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-technician-list", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-technician-detail", TECHNICIAN,
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-schema", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-docs", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
]
# fmt: on


def _cases():
    for method, name, kwargs, *statuses in MATRIX:
        assert len(statuses) == len(PERSONAS), f"{method} {name}: one status per persona"
        suffix = "-".join(str(v) for v in kwargs.values())
        for persona, expected in zip(PERSONAS, statuses, strict=True):
            yield pytest.param(
                persona,
                method,
                name,
                kwargs,
                expected,
                id=f"{persona}-{method}-{name}{'-' + suffix if suffix else ''}",
            )


@pytest.fixture
def application(applicant):
    """A pending Certified Technician Application by ``applicant``, proof on disk."""
    data = application_data()
    return services.application_submit(
        actor=applicant, kind=Application.Kind.TECHNICIAN, data=data, proof=pdf_upload()
    )


def _resolve(kwargs, *, application, technician):
    fill = {"<application>": application.pk, "<technician-id>": technician.technician.technician_id}
    return {key: fill.get(value, value) for key, value in kwargs.items()}


@pytest.mark.parametrize(("persona", "method", "name", "kwargs", "expected"), list(_cases()))
def test_permission_matrix(
    persona, method, name, kwargs, expected, client, request, application, technician
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = reverse(name, kwargs=_resolve(kwargs, application=application, technician=technician))

    response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
    response.close()  # a streamed proof holds its file open until closed

    if expected == LOGIN:
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('account_login')}?next={url}",
        )
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    "persona",
    [p for p in PERSONAS if p not in ("anonymous", "staff")],
)
@pytest.mark.parametrize("action", ["staff:application-approve", "staff:application-reject"])
def test_refused_decision_leaves_the_application_pending(
    persona, action, client, request, application
):
    client.force_login(request.getfixturevalue(persona))

    client.post(reverse(action, kwargs={"pk": application.pk}), POST_DATA)

    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def _named_urls_we_own() -> set[str]:
    """Every URL name of our apps: namespaces technicians, staff and jobs, plus home and api-*.

    Admin and allauth (account_*) URLs are not ours; DRF's format-suffix variants share the
    name of the route they extend, so a set of names covers them.
    """
    owned_namespaces = {"technicians", "staff", "jobs"}
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespace in owned_namespaces:
                    names.add(f"{namespace}:{pattern.name}")
                elif namespace is None and (
                    pattern.name == "home" or pattern.name.startswith("api-")
                ):
                    names.add(pattern.name)

    walk(get_resolver(), None)
    return names


def test_every_url_we_own_is_in_the_permission_matrix():
    in_matrix = {name for _, name, *_ in MATRIX}

    missing = _named_urls_we_own() - in_matrix

    assert not missing, f"Add these URLs to MATRIX in {__name__}: {sorted(missing)}"
