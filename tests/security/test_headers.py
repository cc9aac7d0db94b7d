"""Secure cookies and headers under the production settings.

The settings are read from a real ``DJANGO_ENV=production`` process (the values
registry/settings.py derives from the environment), then applied to this process so real
requests show what a browser would get. ``check --deploy`` itself runs in
tests/registry/test_settings.py.
"""

import json

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory
from tests.registry.test_settings import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.django_db

#: Every setting that decides a security header, a cookie flag or the HTTPS redirect.
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "MIDDLEWARE",
]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # as the TLS-terminating proxy sends it


@pytest.fixture(scope="module")
def production_values() -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return settings


def test_plain_http_is_sent_to_https(client, production):
    response = client.get(reverse("technicians:lookup"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("technicians:lookup")


def test_https_responses_carry_the_security_headers(client, production):
    response = client.get(reverse("technicians:lookup"), **HTTPS)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_api_carries_them_too(client, production):
    response = client.get(reverse("api-technician-list"), **HTTPS)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sign_in_cookies_are_secure_http_only_and_same_site(client, production):
    UserFactory(username="dana")
    client.get(reverse("account_login"), **HTTPS)  # sets the CSRF cookie
    response = client.post(
        reverse("account_login"), {"login": "dana", "password": PASSWORD}, **HTTPS
    )

    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    csrf = client.cookies[django_settings.CSRF_COOKIE_NAME]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert (csrf["secure"], csrf["samesite"]) == (True, "Lax")


def test_the_development_defaults_are_not_what_production_gets(production_values):
    """The production process really differs (the fixture did not read this process's own
    settings): cookies are Secure only there."""
    assert production_values["SESSION_COOKIE_SECURE"] is True
    assert production_values["DEBUG"] is False
    assert django_settings.SESSION_COOKIE_SECURE is False
