"""API rate limits, so that a runaway client cannot slow the registry for everyone and API
tokens cannot be guessed at speed (sign-in is limited separately).

Three counters, each in the default cache (CACHE_URL: Redis, shared by every worker):

- ``anon``: unauthenticated calls of the public endpoints (technician look-up, schema), per
  client address (API_ANON_RATE);
- ``user``: every authenticated call, per user, whatever the token (API_USER_RATE); generous,
  so a client that loops by mistake is stopped before it slows the registry for everyone;
- ``failed_token``: failures of one presented token from one client address
  (API_FAILED_TOKEN_RATE). Past it, that token from that address gets 429 until the window
  passes, so a script retrying a revoked or mistyped token stops costing a database look-up a
  call. DRF checks throttles only after authentication succeeds, so this one is counted by the
  authentication class itself.

The failure counter is keyed by the token as well as the address, not by the address alone:
a utility's clients often share one address (a NAT), and one bad script there must not lock
out every right token behind it. A right token is never refused for failures of other
tokens. What this gives up is a cap on *different* guesses per address, which would need
refusing right tokens too; a key is 40 random hex digits (160 bits), far beyond guessing at
any rate a server can answer.

Rates are read from the settings on every request (DRF's own classes read them once, at
import), so a test can lower them with the ``settings`` fixture.
"""

from __future__ import annotations

import hashlib

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _RateFromSettings:
    def get_rate(self) -> str | None:
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            return None  # no rate for the scope: not throttled


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(_RateFromSettings, UserRateThrottle):
    pass


class FailedTokenThrottle(_RateFromSettings, SimpleRateThrottle):
    """Counts only failures (``record``) of one presented token from one client address;
    ``exceeded`` asks without counting."""

    scope = "failed_token"

    def __init__(self, presented: bytes) -> None:
        super().__init__()
        # A digest, not the token: the cache never holds a key (a near miss of a right one is
        # almost a secret), and a long or odd header makes a key of fixed length.
        self.token_digest = hashlib.sha256(presented).hexdigest()[:32]

    def get_cache_key(self, request, view) -> str:
        ident = f"{self.get_ident(request)}_{self.token_digest}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def exceeded(self, request) -> bool:
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def record(self) -> None:
        if self.rate is not None:
            self.throttle_success()  # stores the failure's time in the window


class ThrottledTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused with 429 (and Retry-After) once this very
    token has failed API_FAILED_TOKEN_RATE times from the caller's address."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not a token: the next authentication class decides
        # Everything after the keyword, as sent (DRF refuses a missing or spaced key itself).
        throttle = FailedTokenThrottle(presented=b" ".join(header[1:]))
        if throttle.exceeded(request):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record()
            raise
