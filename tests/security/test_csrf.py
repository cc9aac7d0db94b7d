"""CSRF on every form: every URL we own refuses a session's POST without a token, and
every POST form in the templates carries one.

The API is CSRF-exempt only for token authentication (no cookie, nothing for another site to
ride on); a session-authenticated API POST is checked like a form.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_permissions import LOGIN, MATRIX, PERSONAS, POST_DATA, _fill_jobs, _resolve

pytestmark = pytest.mark.django_db

#: Statuses that mean "this persona gets in" (the view would act on a POST).
_REFUSED = {LOGIN, 401, 403, 404}


#: Swagger UI renders DRF's refusal through the site's own 403 page (TemplateHTMLRenderer
#: looks for 403.html), not Django's CSRF failure page.
_SITE_403 = {"api-docs"}


def _targets():
    """One case per URL of the matrix: each (name, kwargs) once, signed in as the first persona
    the matrix lets in (a POST row's if there is one), else the first signed-in persona."""
    chosen: dict[tuple, str] = {}
    for _method, name, kwargs, *statuses in sorted(MATRIX, key=lambda row: row[0] != "POST"):
        key = (name, tuple(sorted(kwargs.items())))
        if key in chosen:
            continue
        allowed = [
            persona
            for persona, status in zip(PERSONAS, statuses, strict=True)
            if persona != "anonymous" and status not in _REFUSED
        ]
        chosen[key] = allowed[0] if allowed else PERSONAS[1]
    for (name, kwargs), persona in chosen.items():
        suffix = "-".join(str(v) for _, v in kwargs)
        yield pytest.param(
            name, dict(kwargs), persona, id=f"{name}{'-' + suffix if suffix else ''}"
        )


@pytest.mark.parametrize(("name", "kwargs", "persona"), list(_targets()))
def test_a_post_without_a_csrf_token_is_refused(name, kwargs, persona, request, technician):
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(persona))
    application = request.getfixturevalue("application")
    kwargs = _resolve(_fill_jobs(kwargs, request), application=application, technician=technician)

    response = client.post(reverse(name, kwargs=kwargs), POST_DATA)

    assert response.status_code == 403
    if name in _SITE_403:
        assert b'data-testid="refusal"' in response.content
    else:
        assert re.search(rb"CSRF (verification )?[Ff]ailed", response.content), response.content


@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_logout"]
)
def test_the_sign_in_forms_refuse_a_post_without_a_csrf_token(name, technician):
    client = Client(enforce_csrf_checks=True)
    if name == "account_logout":
        client.force_login(technician)

    response = client.post(reverse(name), {"login": "tina-tech", "password": "x"})

    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content


def test_the_same_post_with_the_token_gets_through(staff, application):
    """The control for the test above: the refusal is the missing token, not the persona."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    page = client.get(reverse("staff:application", kwargs={"pk": application.pk}))
    token = page.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        reverse("staff:application-reject", kwargs={"pk": application.pk}),
        {**POST_DATA, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


def test_a_token_authenticated_api_post_needs_no_csrf_token(technician, benton_rea):
    from rest_framework.authtoken.models import Token

    client = Client(enforce_csrf_checks=True)
    key = Token.objects.create(user=technician).key

    response = client.post(
        reverse("api-job-list"),
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 400  # past CSRF: the empty job's field errors


# --- Templates ---------------------------------------------------------------------------------

_TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("*/templates"),
]
_FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
_POST = re.compile(r"""method\s*=\s*["']?post""", re.I)


def _post_forms():
    for folder in _TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            for form in _FORM.finditer(path.read_text()):
                if _POST.search(form["attrs"]):
                    yield path.relative_to(settings.BASE_DIR), form["body"]


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    forms = list(_post_forms())

    missing = [str(path) for path, body in forms if "{% csrf_token %}" not in body]

    assert len(forms) >= 15  # the walk found the forms (a wrong folder would pass vacuously)
    assert not missing, f"POST forms without {{% csrf_token %}}: {missing}"


def test_htmx_requests_send_the_csrf_token():
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()

    assert """hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'""" in base
