"""API rate limits: per user for every token, per address for wrong tokens and for
anonymous calls; over the limit a 429 with Retry-After, and the limit resets after its window.

Sign-in throttling (django-allauth) is tested in tests/accounts/test_auth.py.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.lib.env import ConfigurationError, envrate

pytestmark = pytest.mark.django_db

ME = reverse("api-me")
LOOKUP = reverse("api-technician-list")
START = timezone.make_aware(datetime.datetime(2025, 3, 12, 9, 0))


@pytest.fixture
def rates(settings):
    """Lower the limits to a few calls a minute (the defaults are far above any test)."""

    def lower(**rates):
        rest = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {
            **rest,
            "DEFAULT_THROTTLE_RATES": {**rest["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return lower


def _client(key: str | None = None, address: str = "203.0.113.7") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def key(technician) -> str:
    return Token.objects.create(user=technician).key


def test_the_defaults_leave_room_for_normal_use(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "anon": "60/min",
        "user": "1200/min",
        "failed_token": "20/min",
    }


def test_a_token_over_its_limit_gets_429_with_retry_after_and_the_limit_resets(rates, key):
    rates(user="3/min")
    client = _client(key)
    with time_machine.travel(START, tick=False) as clock:
        assert [client.get(ME).status_code for _ in range(3)] == [200, 200, 200]

        refused = client.get(ME)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"

        clock.shift(59)
        assert client.get(ME).status_code == 429
        clock.shift(2)  # the first call has left the one-minute window
        assert client.get(ME).status_code == 200


def test_the_limit_is_per_user_not_per_address(rates, key, staff):
    rates(user="2/min")
    other = Token.objects.create(user=staff).key
    with time_machine.travel(START, tick=False):
        mine = _client(key)
        for _ in range(2):
            mine.get(ME)

        assert mine.get(ME).status_code == 429
        assert _client(other).get(ME).status_code == 200  # same address, another user


def test_wrong_tokens_lock_the_address_out_even_with_a_right_token(rates, key):
    rates(failed_token="3/min")
    with time_machine.travel(START, tick=False) as clock:
        guesses = [_client(f"{n:040x}").get(ME).status_code for n in range(3)]
        assert guesses == [401, 401, 401]

        refused = _client(key).get(ME)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == 60
        # Another address is not affected; a made-up X-Forwarded-For does not make one.
        assert _client(key, address="198.51.100.9").get(ME).status_code == 200
        spoofed = _client(key).get(ME, HTTP_X_FORWARDED_FOR="192.0.2.1")
        assert spoofed.status_code == 429

        clock.shift(61)
        assert _client(key).get(ME).status_code == 200


def test_right_tokens_do_not_count_as_failures(rates, key):
    rates(failed_token="2/min")
    with time_machine.travel(START, tick=False):
        statuses = [_client(key).get(ME).status_code for _ in range(5)]

    assert statuses == [200] * 5


def test_anonymous_look_ups_are_limited_per_address(rates, technician):
    rates(anon="2/min")
    with time_machine.travel(START, tick=False):
        statuses = [_client().get(LOOKUP).status_code for _ in range(3)]
        elsewhere = _client(address="198.51.100.9").get(LOOKUP).status_code

    assert statuses == [200, 200, 429]
    assert elsewhere == 200


@pytest.mark.parametrize("raw", ["60", "60/fortnight", "sixty/min", "-1/min", "60 per min"])
def test_a_malformed_rate_stops_the_process(monkeypatch, raw):
    monkeypatch.setenv("API_USER_RATE", raw)
    with pytest.raises(ConfigurationError, match="API_USER_RATE"):
        envrate("API_USER_RATE", "1200/min")


@pytest.mark.parametrize("raw", ["5/s", "100/hour", "10000/day"])
def test_rates_that_parse(monkeypatch, raw):
    monkeypatch.setenv("API_USER_RATE", raw)
    assert envrate("API_USER_RATE", "1200/min") == raw
