"""The site menu (templates/base.html): the pages the signed-in person may open.

Each link asks the gate of the page it leads to (``accounts.roles.allowed_if`` keeps its
question on the view as ``may_open``), so the menu and the page can never disagree and a menu
link never leads to a 403: a technician whose application is still pending is not offered
job entry, a utility user not the QA pages. A link may ask more than its page (``also``) when
the page would only be empty for that person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.urls import resolve, reverse
from django.utils.functional import SimpleLazyObject

from accounts import roles
from jobs import selectors as job_selectors


@dataclass(frozen=True)
class MenuLink:
    label: str
    url_name: str
    #: Open to everyone, signed in or not (the page has no gate to ask).
    public: bool = False
    #: Asked on top of the page's gate.
    also: Callable[[object], bool] | None = None


def _holds_technician_id(user) -> bool:
    """A technician with a Technician ID: whose jobs can be inspected, so who may have a
    remediation to answer (someone still applying has none)."""
    return roles.has_role(user, roles.Role.TECHNICIAN) and job_selectors.can_enter_jobs(user)


#: In menu order: the person's own work first, then the pages of their role.
LINKS = (
    MenuLink("Find a technician", "technicians:lookup", public=True),
    MenuLink("My certification", "technicians:me"),
    MenuLink("Enter a job", "jobs:new"),
    MenuLink("My jobs", "jobs:mine"),
    MenuLink("Bulk upload", "jobs:bulk-upload"),
    MenuLink("Remediations", "qa:my-remediations", also=_holds_technician_id),
    MenuLink("My company", "technicians:company"),
    MenuLink("My inspections", "qa:assignments"),
    MenuLink("Applications", "staff:applications"),
    MenuLink("Job review", "staff:jobs-review"),
    MenuLink("QA", "qa:remediations"),
    MenuLink("QA sampling", "qa:sampling"),
    MenuLink("Territory jobs", "utilities:territory"),
    MenuLink("Dashboard", "utilities:dashboard"),
    MenuLink("Payments", "utilities:payments"),
)


@cache
def gate_of(url_name: str) -> tuple[str, Callable[[object], bool]]:
    """The page's URL and the question its gate asks (``may_open``)."""
    url = reverse(url_name)
    may = getattr(resolve(url).func, "may_open", None)
    if may is None:
        raise LookupError(
            f"{url_name} has no gate (accounts.roles.allowed_if) for the menu to ask."
        )
    return url, may


def links_for(user) -> list[dict[str, str]]:
    """The menu of ``user``: label and URL of every page of LINKS they may open."""
    shown = []
    for link in LINKS:
        if link.public:
            shown.append({"label": link.label, "url": reverse(link.url_name)})
            continue
        if not getattr(user, "is_authenticated", False):
            continue
        url, may = gate_of(link.url_name)
        if may(user) and (link.also is None or link.also(user)):
            shown.append({"label": link.label, "url": url})
    return shown


def menu(request) -> dict:
    """Context processor: ``menu_links``, worked out only when a page shows the menu (an htmx
    partial does not)."""
    return {"menu_links": SimpleLazyObject(lambda: links_for(getattr(request, "user", None)))}
