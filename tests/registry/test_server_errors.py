"""When the registry cannot answer (registry/lib/server_errors.py): the database unreachable is
a 503 with Retry-After (the styled page, or JSON under /api/), whichever layer met it; any
other error the styled 500 page or the API's JSON; and DEBUG's traceback page only for a
developer at the machine.

The database is made unreachable for real: the default connection is swapped for a PostgreSQL
connection to a port that is bound but not listening (so it refuses at once), and swapped
back afterwards. The test's own connection, with its transaction, is untouched meanwhile.
"""

from __future__ import annotations

import contextlib
import socket

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.urls import reverse
from rest_framework.authtoken.models import Token

from registry.lib.server_errors import SERVER_ERROR_DETAIL, UNAVAILABLE_DETAIL
from technicians import selectors as technician_selectors

pytestmark = pytest.mark.django_db

LOOKUP = reverse("technicians:lookup")
API_LOOKUP = reverse("api-technician-list")
API_ME = reverse("api-me")
ELSEWHERE = "203.0.113.7"  # a browser on another machine


@contextlib.contextmanager
def database_unreachable():
    """Yield the port the registry's database is now (not) listening on."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = closed.getsockname()[1]
        original = connections["default"]
        settings_dict = {
            **original.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "registry",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "OPTIONS": {"connect_timeout": 5},
        }
        backend = load_backend(settings_dict["ENGINE"])
        unreachable = backend.DatabaseWrapper(settings_dict, alias="default")
        connections["default"] = unreachable
        try:
            yield port
        finally:
            connections["default"] = original
            unreachable.close()


def assert_unavailable_page(response, port: int) -> None:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response["Content-Type"].startswith("text/html")
    assert "The registry is unavailable for a moment" in html
    assert "Try again in a few minutes" in html
    assert 'href="/static/css/registry.css"' in html  # the styled page, not the fallback
    for leak in ("Traceback", "OperationalError", "127.0.0.1", str(port), "postgres"):
        assert leak not in html


def assert_unavailable_json(response, port: int) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response.json() == {"detail": UNAVAILABLE_DETAIL}
    assert str(port) not in response.content.decode()


@pytest.fixture
def signed_in(client, technician):
    client.force_login(technician)
    return client


@pytest.fixture
def token(technician) -> str:
    return Token.objects.create(user=technician).key


def test_pages_and_the_api_answer_503_while_the_database_is_unreachable_then_200(
    client, signed_in, token, technician
):
    anonymous = type(client)()
    with database_unreachable() as port:
        # A view's own query.
        assert_unavailable_page(anonymous.get(LOOKUP), port)
        # The session and the user, read by the page's context processors.
        assert_unavailable_page(signed_in.get(reverse("home")), port)
        # The API: an anonymous query, and the token looked up by authentication.
        assert_unavailable_json(anonymous.get(API_LOOKUP), port)
        assert_unavailable_json(anonymous.get(API_ME, HTTP_AUTHORIZATION=f"Token {token}"), port)

    assert anonymous.get(LOOKUP).status_code == 200
    assert signed_in.get(reverse("home")).status_code == 200
    assert anonymous.get(API_LOOKUP).status_code == 200
    assert anonymous.get(API_ME, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_an_outage_met_by_a_middleware_is_a_503_too(signed_in):
    """/accounts/ is no page: no view runs, yet its 404 reads the session (the 404 page's
    menu, and allauth's middleware, which turns that 404 into a redirect chosen by whether
    the user is signed in)."""
    signed_in.raise_request_exception = False
    with database_unreachable() as port:
        assert_unavailable_page(signed_in.get("/accounts/"), port)

    assert signed_in.get("/accounts/").status_code == 302


@pytest.mark.parametrize("address", ["127.0.0.1", ELSEWHERE])
def test_with_debug_on_an_outage_is_still_the_503_page(settings, client, address):
    settings.DEBUG = True
    with database_unreachable() as port:
        assert_unavailable_page(client.get(LOOKUP, REMOTE_ADDR=address), port)


def test_a_database_error_on_a_live_connection_stays_a_500(client, monkeypatch):
    """A missing table or a deadlock is not an outage: retrying in a few minutes won't help."""
    from django.db.utils import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("no such table: technicians_technicianprofile")

    monkeypatch.setattr(technician_selectors, "technician_lookup", broken)
    client.raise_request_exception = False

    response = client.get(LOOKUP)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


# --- Any other error: the styled 500 page, the API's JSON, no traceback ------------------------


@pytest.fixture
def failing(client, monkeypatch):
    """The look-up (page and API) fails with an error naming the database host."""

    def broken(*args, **kwargs):
        raise RuntimeError("could not read from db.internal.example:5432")

    monkeypatch.setattr(technician_selectors, "technician_lookup", broken)
    client.raise_request_exception = False
    return client


def assert_server_error_page(response) -> None:
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "1-800-941-3867" in html
    assert 'href="/static/css/registry.css"' in html
    assert "Traceback" not in html
    assert "db.internal.example" not in html


def assert_server_error_json(response) -> None:
    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR_DETAIL}


def test_an_error_is_the_styled_500_page(failing):
    assert_server_error_page(failing.get(LOOKUP))


def test_an_api_error_is_a_json_500(failing):
    assert_server_error_json(failing.get(API_LOOKUP))


@pytest.mark.parametrize(
    "request_from",
    [
        pytest.param({"REMOTE_ADDR": ELSEWHERE}, id="another-machine"),
        pytest.param({"REMOTE_ADDR": "10.0.0.5"}, id="the-local-network"),
        # Behind a proxy on the same host every visitor comes from 127.0.0.1.
        pytest.param({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": ELSEWHERE}, id="relayed"),
        pytest.param({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": ELSEWHERE}, id="relayed-2"),
    ],
)
def test_with_debug_on_no_traceback_reaches_anyone_else(settings, failing, request_from):
    settings.DEBUG = True

    assert_server_error_page(failing.get(LOOKUP, **request_from))
    assert_server_error_json(failing.get(API_LOOKUP, **request_from))


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_with_debug_on_the_developer_at_the_machine_gets_the_traceback(settings, failing, address):
    settings.DEBUG = True

    response = failing.get(LOOKUP, REMOTE_ADDR=address)

    assert response.status_code == 500
    assert "Traceback" in response.content.decode()
    assert "db.internal.example" in response.content.decode()


def test_with_debug_on_a_suspicious_request_shows_no_debug_page_to_anyone_else(settings, client):
    """Django answers a disallowed Host with its debug page (status 400) before any view or
    middleware of ours: the exception reporter hides it."""
    settings.DEBUG = True

    elsewhere = client.get(reverse("home"), HTTP_HOST="evil.example", REMOTE_ADDR=ELSEWHERE)
    here = client.get(reverse("home"), HTTP_HOST="evil.example", REMOTE_ADDR="127.0.0.1")

    assert elsewhere.status_code == 400
    assert "Traceback" not in elsewhere.content.decode()
    assert "ALLOWED_HOSTS" not in elsewhere.content.decode()
    assert "ALLOWED_HOSTS" in here.content.decode()
