"""Playwright fixtures: Debian's Chromium (never a downloaded browser) against ``live_server``.

The browser comes from ``CHROMIUM_PATH`` or ``chromium`` on PATH. If neither is there the
browser tests fail with a message: a missing browser must not pass silently as skipped.

Each test gets a fresh browser context (cookies, storage) whose ``base_url`` is the live
server, so ``page.goto("/")`` opens the home page. ``live_server`` runs the app in a thread
of this process, so ``django.core.mail.outbox`` sees the e-mails the app sends.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

#: The machine is offline: keep Chromium from calling home (it would flood refused connections).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: How long an action or an expectation waits for the page. Every wait is for something the
#: page does (an element, a text, a navigation, htmx settling), never for a fixed time, so a
#: generous bound costs nothing when the page is quick and holds on a loaded 2-core machine
#: (the suite shares it with PostgreSQL, the live server and Chromium). BROWSER_TIMEOUT_MS
#: overrides it.
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "45000"))
NAVIGATION_TIMEOUT_MS = 2 * TIMEOUT_MS
#: Playwright's expect() has its own default (5 s), which set_default_timeout does not touch.
expect.set_options(timeout=TIMEOUT_MS)
PHONE_VIEWPORT = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return path if path and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.fail(
            "Chromium not found: install Debian's chromium package (apt-get install chromium) "
            "or set CHROMIUM_PATH to the browser executable. Browser tests never download a "
            "browser and are not skipped.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _new_page(browser, live_server, request, tmp_path, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        _save_failure_artifacts(page, tmp_path)
    context.close()


def _save_failure_artifacts(page, tmp_path: Path) -> None:
    """Keep what the browser showed when a test failed (path printed in the test's output)."""
    try:
        page.screenshot(path=tmp_path / "failure.png", full_page=True)
        (tmp_path / "failure.html").write_text(page.content())
    except Exception as exc:  # diagnostics must not mask the real failure
        print(f"Could not save the page after the failure: {exc}")
    else:
        print(f"Page at failure ({page.url}): {tmp_path / 'failure.png'}, failure.html")


@pytest.fixture
def page(browser, live_server, request, tmp_path):
    """A desktop page (Playwright's default 1280x720 viewport) in a fresh context."""
    yield from _new_page(browser, live_server, request, tmp_path)


@pytest.fixture
def phone_page(browser, live_server, request, tmp_path):
    """A phone-sized page (390x844, mobile) in a fresh context."""
    yield from _new_page(
        browser, live_server, request, tmp_path, viewport=PHONE_VIEWPORT, is_mobile=True
    )
