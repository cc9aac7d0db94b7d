"""API rate limits, so that a runaway client cannot slow the registry for everyone and API
tokens cannot be guessed at speed (sign-in is limited separately).

Three counters, each in the default cache (CACHE_URL: Redis, shared by every worker):

- ``anon``: unauthenticated calls of the public endpoints (technician look-up, schema), per
  client address (API_ANON_RATE);
- ``user``: every authenticated call, per user, whatever the token (API_USER_RATE); generous,
  so a client that loops by mistake is stopped before it slows the registry for everyone;
- ``failed_token``: wrong API tokens, per client address (API_FAILED_TOKEN_RATE). Past it,
  that address gets 429 even with a right token until the window passes, so tokens cannot be
  guessed at speed. DRF checks throttles only after authentication succeeds, so this one is
  counted by the authentication class itself.

Rates are read from the settings on every request (DRF's own classes read them once, at
import), so a test can lower them with the ``settings`` fixture.
"""

from __future__ import annotations

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
    """Counts only failures (``record``), per client address; ``exceeded`` asks without
    counting."""

    scope = "failed_token"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

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
    """``Authorization: Token <key>``, refused with 429 (and Retry-After) once the caller's
    address has sent API_FAILED_TOKEN_RATE wrong tokens."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not a token: the next authentication class decides
        throttle = FailedTokenThrottle()
        if throttle.exceeded(request):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record()
            raise
