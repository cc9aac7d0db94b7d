"""Every page a person can open passes axe-core with no serious or critical violation, on a
phone and on a desktop.

The pages come from the permission matrix (tests/test_permissions.py): each GET row that
answers 200 for a persona is a page that persona opens, with the same objects (jobs,
applications, inspections: tests/permission_fixtures.py), so a page added to the matrix is
checked here too. Responses that are not HTML pages of the site (PDF, CSV, Excel, HPXML, the
API and its third-party Swagger UI, uploaded files) are skipped. The refusal and not-found
pages are checked as well.

One test per persona: it signs in once (the session cookie of Django's test client copied into
the browser) and opens every page in one phone and one desktop browser context. axe-core is
vendored (static/vendor/axe) and injected from disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import NAVIGATION_TIMEOUT_MS, PHONE_VIEWPORT, TIMEOUT_MS
from tests.test_permissions import MATRIX, PERSONAS, _fill_jobs, _resolve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"
#: What fails the test; "moderate" and "minor" findings are left to judgement.
BLOCKING = ("serious", "critical")
#: Not pages of the site: the API (JSON, or DRF's own pages in a browser) and Swagger UI.
NOT_SITE_PAGES = ("api-",)
#: Transitions and animations end at once, so axe measures the colours a person settles on.
SETTLED = "*, *::before, *::after { transition: none !important; animation: none !important; }"
WIDTHS = {
    "phone": {"viewport": PHONE_VIEWPORT, "is_mobile": True},
    "desktop": {},
}


def pages_of(persona: str) -> list[tuple[str, dict]]:
    """The (URL name, kwargs) of every GET row of the matrix that answers 200 for ``persona``,
    each once."""
    column = PERSONAS.index(persona)
    rows = []
    for method, name, kwargs, *statuses in MATRIX:
        if method != "GET" or statuses[column] != 200 or name.startswith(NOT_SITE_PAGES):
            continue
        if (name, kwargs) not in rows:
            rows.append((name, kwargs))
    return rows


def refused_page_of(persona: str) -> str | None:
    """The URL name of a page (without arguments) the matrix refuses ``persona`` (403), for
    the refusal page itself."""
    column = PERSONAS.index(persona)
    return next(
        (
            name
            for method, name, kwargs, *statuses in MATRIX
            if method == "GET"
            and not kwargs
            and statuses[column] == 403
            and not name.startswith(NOT_SITE_PAGES)
        ),
        None,
    )


def _site_pages(persona: str, request, client: Client) -> list[str]:
    """The URLs of the persona's HTML pages, each checked to answer 200 with HTML."""
    application = request.getfixturevalue("application")
    technician = request.getfixturevalue("technician")
    urls = []
    for name, kwargs in pages_of(persona):
        filled = _resolve(
            _fill_jobs(kwargs, request), application=application, technician=technician
        )
        url = reverse(name, kwargs=filled)
        response = client.get(url)
        response.close()  # a streamed file holds it open until closed
        assert response.status_code == 200, f"{persona}: {url} ({response.status_code})"
        if response.get("Content-Type", "").startswith("text/html"):
            urls.append(url)
    return urls


def serious_violations(page: Page) -> list[dict]:
    """The serious and critical violations axe finds on the page as it is now: its colours as
    they end, not half way through a transition (Pico fades a link's background on focus and
    hover, and a colour measured mid-fade fails or passes by chance)."""
    page.add_style_tag(content=SETTLED)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


def _check(page: Page, url: str, width: str, problems: list[str], expect_status=200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == expect_status, f"{url} at {width}: {response.status}"
    for violation in serious_violations(page):
        problems.append(
            f"{url} ({width}): {violation['id']} [{violation['impact']}] {violation['help']}\n    "
            + "\n    ".join(violation["nodes"][:5])
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_the_persona_has_no_serious_accessibility_violation(
    persona, browser, live_server, request, settings
):
    settings.DEBUG = False  # the refusal and not-found pages as the site shows them
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    urls = _site_pages(persona, request, client)
    refused = refused_page_of(persona)
    problems: list[str] = []

    for width, options in WIDTHS.items():
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        if "sessionid" in client.cookies:
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        try:
            for url in urls:
                _check(page, url, width, problems)
            if width == "phone":  # the menu unfolded, over the last page
                menu = page.get_by_role("button", name="Menu", exact=True)
                menu.click()
                problems += [
                    f"{page.url} (phone, menu open): {v['id']} [{v['impact']}] {v['help']}"
                    for v in serious_violations(page)
                ]
            if refused is not None:
                _check(page, reverse(refused), width, problems, 403)
            _check(page, "/no-such-page/", width, problems, 404)
        finally:
            context.close()

    assert urls
    assert not problems, f"{persona}: {len(problems)} violations\n" + "\n".join(problems)


def test_the_pages_come_from_the_permission_matrix():
    """A technician's pages include job entry and the job pages, with their objects' URLs
    resolved when the test runs (not listed here)."""
    names = {name for name, _ in pages_of("technician")}

    assert {"jobs:new", "jobs:mine", "jobs:detail", "technicians:me", "home"} <= names
    assert not any(name.startswith("api-") for name in names)
