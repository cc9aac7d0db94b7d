"""What a person or a client reads when the registry cannot answer, and who may see why.

- The database cannot be reached: 503 with ``Retry-After``, the styled page (templates/503.html)
  or, under /api/, ``{"detail": ...}``. ``ServerErrorMiddleware`` answers it, whichever layer
  met the outage: a view (``process_exception``), or the session, authentication and allauth
  middleware below it, which touch the database on their own (Django turns their exception
  into a 500 before any outer middleware sees it, so the exception is remembered from
  ``got_request_exception`` and the 500 replaced). It sits above those middleware for that.
- Any other error: 500, the styled page (templates/500.html) or the API's JSON (``handler500``
  in registry/urls.py is ``server_error``).
- Django's debug pages (DEBUG on: tracebacks, settings, the database host) go only to a
  developer at the machine: a client on a loopback address (``INTERNAL_IPS``) whose request
  no proxy relayed. Everyone else gets the styled page, whatever DEBUG says: the middleware
  replaces a technical 500, and ``LocalOnlyExceptionReporter`` (DEFAULT_EXCEPTION_REPORTER)
  hides the debug page of any other layer.

Both pages render without the database (it may be the cause): no request context, so no
context processor reads the session or the user; the navigation shows the signed-out menu.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.debug import ExceptionReporter

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 120
UNAVAILABLE_DETAIL = "The registry's database is not reachable; try again in a few minutes."
SERVER_ERROR_DETAIL = (
    "The registry met an unexpected error and could not answer. It has been logged; try "
    "again, and if it keeps happening, call the program hotline."
)
#: Headers a proxy adds when it relays a request: then the loopback address is the proxy's.
_RELAYED = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
#: Where the exception that made an inner layer answer 500 is kept on the request.
_UNCAUGHT = "_registry_uncaught_exception"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def from_developer_at_the_machine(request: HttpRequest) -> bool:
    """A request from a loopback address that no proxy relayed (behind nginx on the same host
    every visitor arrives from 127.0.0.1, with X-Forwarded-For)."""
    meta = request.META
    return meta.get("REMOTE_ADDR") in settings.INTERNAL_IPS and not any(
        header in meta for header in _RELAYED
    )


def database_unreachable(exc: BaseException | None) -> bool:
    """``exc`` (or an exception it was raised from) is a database error, and a connection is
    gone: never opened (the server refused it, timed out, was not found) or closed under the
    request. A database error on a live connection (a missing table, a deadlock) is a bug or
    a conflict, not an outage: that stays a 500."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DatabaseError):
            return any(_lost(conn) for conn in connections.all(initialized_only=True))
        exc = exc.__cause__ or exc.__context__
    return False


def _lost(conn) -> bool:
    raw = conn.connection
    # psycopg's ``closed`` is true once the server is gone; sqlite3 has no such attribute.
    return raw is None or bool(getattr(raw, "closed", False))


def _page(template: str, status: int) -> HttpResponse:
    try:
        # No request: no context processor, so nothing reads the session or the user.
        html = render_to_string(template, {"retry_after_minutes": RETRY_AFTER_SECONDS // 60})
    except Exception:  # the page must come back even when its template cannot be rendered
        logger.exception("The %s page could not be rendered.", template)
        html = f"<!DOCTYPE html><title>PTCS Site Registry</title><h1>Error {status}</h1>"
    return HttpResponse(html, status=status)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503: the database cannot be reached; try again in a few minutes."""
    if is_api(request):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE_DETAIL}, status=503)
    else:
        response = _page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the styled page, or the API's JSON."""
    if is_api(request):
        return JsonResponse({"detail": SERVER_ERROR_DETAIL}, status=500)
    return _page("500.html", status=500)


def _remember_uncaught(sender, request=None, **kwargs) -> None:
    # Sent from inside Django's ``except`` block, before it renders the 500.
    if request is not None:
        setattr(request, _UNCAUGHT, sys.exc_info()[1])


class ServerErrorMiddleware:
    """503 when the database cannot be reached, wherever below this middleware it was met;
    no debug page for anyone but a developer at the machine."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        got_request_exception.connect(_remember_uncaught, dispatch_uid=__name__)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        uncaught = getattr(request, _UNCAUGHT, None)
        if uncaught is None or response.status_code != 500:
            return response
        if database_unreachable(uncaught):
            return unavailable(request)  # Django has logged the error with its traceback
        if settings.DEBUG and not from_developer_at_the_machine(request):
            return server_error(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if database_unreachable(exception):
            # One line, not a traceback per request for as long as the outage lasts.
            logger.error(
                "The database is not reachable (%s %s): %s", request.method, request.path, exception
            )
            return unavailable(request)
        return None  # Django's own handling: handler500, or the debug page (see above)


class LocalOnlyExceptionReporter(ExceptionReporter):
    """DEBUG's traceback page only for a developer at the machine; the styled 500 page for
    anyone else (a debug page that no middleware sees: an error above it, or Django's 400 for
    a suspicious request). With DEBUG off Django shows no debug page; the reporter then only
    writes error e-mails, in full."""

    def _hidden(self) -> bool:
        return (
            settings.DEBUG
            and self.request is not None
            and not from_developer_at_the_machine(self.request)
        )

    def get_traceback_html(self):
        if self._hidden():
            return _page("500.html", status=500).content.decode()
        return super().get_traceback_html()

    def get_traceback_text(self):
        if self._hidden():
            return "Server Error (500)"
        return super().get_traceback_text()
