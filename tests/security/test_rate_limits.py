"""API rate limits: per user for every token, per token and address for wrong tokens, per
address for anonymous calls; over the limit a 429 with Retry-After, and the limit resets after its window.

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


def test_wrong_tokens_from_one_address_never_lock_out_a_right_token(key):
    """A utility's clients share one address behind its NAT: one script sending wrong tokens
    (many different ones, and one over and over) must not lock out the others."""
    with time_machine.travel(START, tick=False):
        different = [_client(f"{n:040x}").get(ME).status_code for n in range(25)]
        repeated = [_client("f" * 40).get(ME).status_code for _ in range(25)]

        assert different == [401] * 25
        assert repeated[-1] == 429
        assert _client(key).get(ME).status_code == 200


WRONG = "0" * 40


@pytest.mark.parametrize(
    ("failures", "expected"),
    [
        pytest.param(19, 401, id="just-below-the-limit"),
        pytest.param(20, 429, id="at-the-limit"),
        pytest.param(21, 429, id="just-above-the-limit"),
    ],
)
def test_the_same_wrong_token_is_refused_once_it_reaches_the_limit(key, failures, expected):
    """The default API_FAILED_TOKEN_RATE (20/min): the 20th failure of a token is still
    answered 401; from the 21st call on that token gets 429 for the rest of the minute."""
    with time_machine.travel(START, tick=False):
        earlier = [_client(WRONG).get(ME).status_code for _ in range(failures)]
        response = _client(WRONG).get(ME)

        assert earlier[:20] == [401] * min(failures, 20)
        assert earlier[20:] == [429] * (failures - 20 if failures > 20 else 0)
        assert response.status_code == expected
        if expected == 429:
            assert int(response["Retry-After"]) == 60
        assert _client(key).get(ME).status_code == 200


def test_a_throttled_token_is_refused_per_address_and_for_one_minute(rates, key):
    rates(failed_token="3/min")
    with time_machine.travel(START, tick=False) as clock:
        assert [_client(WRONG).get(ME).status_code for _ in range(3)] == [401, 401, 401]

        assert _client(WRONG).get(ME).status_code == 429
        # The same token from another address is counted there; a made-up X-Forwarded-For
        # does not make another address.
        assert _client(WRONG, address="198.51.100.9").get(ME).status_code == 401
        spoofed = _client(WRONG).get(ME, HTTP_X_FORWARDED_FOR="192.0.2.1")
        assert spoofed.status_code == 429

        clock.shift(61)
        assert _client(WRONG).get(ME).status_code == 401


def test_a_right_token_that_fails_is_throttled_like_any_other(rates, key, technician):
    """An account switched off: its token fails, and is throttled like a wrong one."""
    rates(failed_token="2/min")
    technician.is_active = False
    technician.save(update_fields=["is_active"])
    with time_machine.travel(START, tick=False):
        statuses = [_client(key).get(ME).status_code for _ in range(3)]

    assert statuses == [401, 401, 429]


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
