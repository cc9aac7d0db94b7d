"""A mixed workload against the registry on loopback: technicians, utility users and staff.

Run by bin/loadtest, which makes the data (``manage.py seed_load``), starts gunicorn on
127.0.0.1 and passes the accounts file in LOAD_ACCOUNTS. Every response must be 2xx or 3xx,
and a redirect to the sign-in page (a lost session) counts as a failure too.

- Technicians (weight 6) sign in to the API with their token: enter jobs (some saved In
  Progress after the pre-test and completed by a second call, some completed at once) and
  list their jobs; with a session, they open "My jobs".
- Utility users (weight 3) search their territory with filters and pages, open a job, and
  export a small filtered set as CSV.
- PTCS staff (weight 1) open the review queue, a job's review page and a job page.

This module imports nothing of the project: it only speaks HTTP.
"""

from __future__ import annotations

import datetime
import itertools
import json
import logging
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

logger = logging.getLogger(__name__)

with open(os.environ.get("LOAD_ACCOUNTS", "var/loadtest/accounts.json"), encoding="utf-8") as f:
    DATA: dict[str, Any] = json.load(f)

WAIT_MIN = float(os.environ.get("LOAD_WAIT_MIN", "0.5"))
WAIT_MAX = float(os.environ.get("LOAD_WAIT_MAX", "2"))
#: Measure the steady state: once every user has signed in, the sign-in figures are logged
#: and written to LOAD_SIGNIN_FILE, and the statistics start again from zero. A sign-in hashes
#: the password (PBKDF2, Django's 1,000,000 iterations: about 0.5 s of CPU here), so the
#: opening burst of sign-ins would otherwise swamp every other figure of a short run.
RESET_AFTER_SIGNIN = os.environ.get("LOAD_RESET_AFTER_SIGNIN", "1") == "1"
SIGNIN_FILE = os.environ.get("LOAD_SIGNIN_FILE", "")
LOGIN_URL = "/accounts/login/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JOB_LINK = re.compile(r'href="/jobs/(\d{7})/"')
REVIEW_LINK = re.compile(r'href="/staff/jobs/review/(\d{7})/"')
STREETS = ("Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Hemlock", "Juniper", "Larch")
FIRST_INSTALL = datetime.date(2024, 2, 1)
STATUSES = ("", "bpa_approved", "bpa_pending", "ptcs_certified_only")
MEASURES = ("", "ashp", "duct_sealing_ptcs", "gshp")
SORTS = ("", "-completed", "install_date", "-measure_id", "status")

_signed_in = itertools.count(1)
_next_account = {
    "technician": itertools.count(),
    "utility": itertools.count(),
    "staff": itertools.count(),
}


def _account(kind: str, accounts: list[dict]) -> dict:
    """Each new simulated user takes the next account of its kind, round robin."""
    return accounts[next(_next_account[kind]) % len(accounts)]


def _install_date() -> str:
    return (FIRST_INSTALL + datetime.timedelta(days=random.randrange(300))).isoformat()


class RegistryUser(HttpUser):
    abstract = True
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def sign_in(self, username: str) -> None:
        """The allauth sign-in form, with its CSRF token, as a browser posts it."""
        page = self.client.get(LOGIN_URL, name="sign in (form)")
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            LOGIN_URL,
            data={
                "login": username,
                "password": DATA["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + LOGIN_URL},
            allow_redirects=False,
            name="sign in (post)",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or LOGIN_URL in response.headers.get("Location", ""):
                response.failure(f"{username} could not sign in: {response.status_code}")
        if next(_signed_in) == self.environment.runner.target_user_count and RESET_AFTER_SIGNIN:
            self._reset_after_sign_ins()

    def _reset_after_sign_ins(self) -> None:
        stats = self.environment.stats
        posts = stats.get("sign in (post)", "POST")
        figures = {
            "sign_ins": posts.num_requests,
            "failures": posts.num_failures,
            "median_ms": posts.median_response_time,
            "p95_ms": posts.get_response_time_percentile(0.95),
            "max_ms": round(posts.max_response_time),
            "seconds": round(posts.last_request_timestamp - stats.total.start_time, 1),
        }
        logger.info("All users signed in: %s; statistics reset.", figures)
        if SIGNIN_FILE:
            with open(SIGNIN_FILE, "w", encoding="utf-8") as out:
                json.dump(figures, out)
        stats.reset_all()

    def page(self, url: str, name: str, **params):
        """GET a page without following redirects: 2xx or 3xx, never back to sign-in."""
        with self.client.get(
            url, params=params or None, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if not 200 <= response.status_code < 400:
                response.failure(f"HTTP {response.status_code}")
            elif LOGIN_URL in location:
                response.failure("redirected to sign-in: the session was lost")
            return response


class Technician(RegistryUser):
    weight = 6

    def on_start(self) -> None:
        account = _account("technician", DATA["technicians"])
        self.api_headers = {"Authorization": f"Token {account['token']}"}
        self.sign_in(account["username"])

    def _payload(self, kind: str, action: str) -> dict:
        territory = random.choice(DATA["territories"])
        return {
            **DATA["payloads"][kind],
            "action": action,
            "street_address": f"{random.randint(1, 99999)} {random.choice(STREETS)} Rd",
            "city": territory["city"],
            "state": territory["state"],
            "zip_code": territory["zip_code"],
            "electric_utility": territory["utility"],
            "install_date": _install_date(),
        }

    def _post(self, url: str, body: dict, name: str, expected: int):
        with self.client.post(
            url, json=body, headers=self.api_headers, name=name, catch_response=True
        ) as response:
            if response.status_code != expected:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                return None
            return response.json()

    @task(3)
    def enter_then_complete(self) -> None:
        """Save a duct job after the pre-test, then complete it with the post-test."""
        job = self._post(
            "/api/v1/jobs/",
            self._payload("duct_start", "save_progress"),
            "POST /api/v1/jobs/ (save)",
            201,
        )
        if job:
            self._post(
                f"/api/v1/jobs/{job['measure_id']}/complete/",
                DATA["duct_finish"],
                "POST /api/v1/jobs/[id]/complete/",
                200,
            )

    @task(2)
    def enter_complete(self) -> None:
        kind = random.choice(("ashp", "duct", "gshp"))
        self._post(
            "/api/v1/jobs/", self._payload(kind, "complete"), "POST /api/v1/jobs/ (complete)", 201
        )

    @task(4)
    def list_jobs_api(self) -> None:
        with self.client.get(
            "/api/v1/jobs/",
            params={"page": random.choice((1, 1, 2, 3))},
            headers=self.api_headers,
            name="GET /api/v1/jobs/",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(3)
    def my_jobs(self) -> None:
        self.page("/jobs/", "GET /jobs/ (My jobs)", page=random.choice((1, 1, 2, 4)))


class UtilityUser(RegistryUser):
    weight = 3

    def on_start(self) -> None:
        self.sign_in(_account("utility", DATA["utility_users"])["username"])
        self.seen: list[str] = []

    @task(5)
    def search(self) -> None:
        filters = {
            "status": random.choice(STATUSES),
            "measure_type": random.choice(MEASURES),
            "sort": random.choice(SORTS),
            "page": random.choice((1, 1, 1, 2, 3, 8)),
        }
        if random.random() < 0.3:
            start = FIRST_INSTALL + datetime.timedelta(days=random.randrange(240))
            filters["installed_from"] = start.isoformat()
            filters["installed_to"] = (start + datetime.timedelta(days=60)).isoformat()
        response = self.page("/utilities/jobs/", "GET /utilities/jobs/ (search)", **filters)
        self.seen = JOB_LINK.findall(response.text) or self.seen

    @task(3)
    def open_job(self) -> None:
        if self.seen:
            self.page(f"/jobs/{random.choice(self.seen)}/", "GET /jobs/[id]/ (utility)")

    @task(1)
    def export_csv(self) -> None:
        start = FIRST_INSTALL + datetime.timedelta(days=random.randrange(280))
        self.page(
            "/utilities/jobs.csv",
            "GET /utilities/jobs.csv (a week)",
            installed_from=start.isoformat(),
            installed_to=(start + datetime.timedelta(days=6)).isoformat(),
        )


class Staff(RegistryUser):
    weight = 1

    def on_start(self) -> None:
        self.sign_in(_account("staff", DATA["staff"])["username"])
        self.pending: list[str] = []

    @task(3)
    def review_queue(self) -> None:
        response = self.page("/staff/jobs/review/", "GET /staff/jobs/review/ (queue)")
        self.pending = REVIEW_LINK.findall(response.text) or self.pending

    @task(2)
    def review_job(self) -> None:
        if self.pending:
            self.page(
                f"/staff/jobs/review/{random.choice(self.pending)}/", "GET /staff/jobs/review/[id]/"
            )

    @task(2)
    def job_page(self) -> None:
        if self.pending:
            self.page(f"/jobs/{random.choice(self.pending)}/", "GET /jobs/[id]/ (staff)")
