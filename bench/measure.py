"""The benchmark's measurements, shared by ``bench/run.py`` and the smoke test in
``tests/test_bench.py`` (so the benchmark cannot rot).

Pages are timed as full requests through Django's test Client (middleware, session, view,
template or serializer, response), signed in as the user the page is for. The queries of one
request are captured and re-run as raw SQL on the DB-API connection underneath Django
(psycopg on PostgreSQL), so the ratio shows what the framework adds.
"""

from __future__ import annotations

import datetime
import multiprocessing
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from jobs.dictionary.examples import BASE
from jobs.models import Job
from sampledata.generate import PREFIX
from utilities.models import Utility
from utilities.territory.selectors import territory_jobs


@dataclass(frozen=True)
class PageTiming:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    raw_sql_ms: float
    rows: int
    #: The statements of one request, slowest first: (milliseconds, SQL).
    statements: tuple[tuple[float, str], ...] = ()

    @property
    def ratio(self) -> float:
        return self.median_ms / self.raw_sql_ms if self.raw_sql_ms else float("inf")


@dataclass(frozen=True)
class ExportTiming:
    rows: int
    seconds: float
    peak_mib: float


def _ms(samples: list[float]) -> tuple[float, float]:
    median = statistics.median(samples) * 1000
    p95 = statistics.quantiles(samples, n=20)[18] * 1000 if len(samples) >= 2 else median
    return median, p95


def raw_sql_seconds(sqls: list[str]) -> float:
    """Run the captured statements once on the DB-API connection (no Django), fetching every
    row, and return the time taken."""
    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    cursor = raw.cursor()
    try:
        for sql in sqls:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    finally:
        cursor.close()
    return time.perf_counter() - started


def time_page(client: Client, name: str, url: str, *, repeat: int = 20) -> PageTiming:
    """``repeat`` timed GETs of ``url`` (after two warm-ups), and as many raw-SQL re-runs of
    the queries one request made."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    sqls = [q["sql"] for q in captured.captured_queries]
    rows = _row_count(response)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    raw = [raw_sql_seconds(sqls) for _ in range(repeat)]
    median, p95 = _ms(samples)
    statements = sorted(((raw_sql_seconds([sql]) * 1000, sql) for sql in sqls), reverse=True)
    return PageTiming(
        name, url, median, p95, len(sqls), statistics.median(raw) * 1000, rows, tuple(statements)
    )


def explain(sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of one captured statement (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _row_count(response) -> int:
    if response.get("Content-Type", "").startswith("application/json"):
        return len(response.json()["results"])
    return response.content.count(b'data-label="Measure ID"') or response.content.count(b"<tr") - 1


# --- The users and pages -------------------------------------------------------------------


def big_utility_user() -> User:
    """The utility user of the generated utility with the most jobs."""
    utility = (
        Utility.objects.filter(name__endswith=f"({PREFIX})")
        .annotate(n=Count("jobs"))
        .order_by("-n")
        .first()
    )
    return User.objects.get(role=User.Role.UTILITY, utility=utility)


def busiest_technician() -> User:
    top = (
        Job.objects.filter(technician__user__username__startswith=f"{PREFIX}-tech-")
        .values("technician__user_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return User.objects.get(pk=top["technician__user_id"])


def pages(*, deep_page: int, api_deep_page: int) -> list[tuple[str, str, str]]:
    """(name, who: "utility" or "technician", url)."""
    territory = reverse("utilities:territory")
    api = reverse("api-job-list")
    return [
        ("territory, first page", "utility", territory),
        (
            "territory, filtered",
            "utility",
            f"{territory}?status=bpa_approved&measure_type=ashp&installed_from=2020-01-01",
        ),
        (f"territory, page {deep_page}", "utility", f"{territory}?page={deep_page}"),
        ("My jobs (busiest technician)", "technician", reverse("jobs:mine")),
        ("API list, first page", "utility", api),
        (f"API list, page {api_deep_page}", "utility", f"{api}?page={api_deep_page}"),
    ]


def time_pages(*, repeat: int, deep_page: int, api_deep_page: int) -> list[PageTiming]:
    clients = {"utility": Client(), "technician": Client()}
    clients["utility"].force_login(big_utility_user())
    clients["technician"].force_login(busiest_technician())
    return [
        time_page(clients[who], name, url, repeat=repeat)
        for name, who, url in pages(deep_page=deep_page, api_deep_page=api_deep_page)
    ]


# --- Export ---------------------------------------------------------------------------------


def export_url_for(user: User, rows: int) -> str:
    """The territory CSV URL whose search returns about ``rows`` jobs: those installed up to
    the install date of the ``rows``-th job (ties may add a few)."""
    dates = territory_jobs(user).order_by("install_date").values_list("install_date", flat=True)
    last = dates[rows - 1 : rows].first() or datetime.date.today()
    return f"{reverse('utilities:territory-csv')}?installed_to={last.isoformat()}"


def time_export(client: Client, url: str, *, trace_memory: bool) -> ExportTiming:
    """Stream the CSV to the end; with ``trace_memory`` the peak Python allocation (MiB)
    during the download, measured by tracemalloc (which slows it: time it separately)."""
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = 0.0
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return ExportTiming(rows=lines - 1, seconds=seconds, peak_mib=peak)


# --- Completion through the API -------------------------------------------------------------


def completion_payload(worker: int, n: int, utility: Utility, zip_code: str) -> dict:
    """An ASHP job completed in one request, at a new address (no shared site lock)."""
    return {
        **BASE["ashp"],
        "action": "complete",
        "install_date": "2024-06-03",
        "street_address": f"{10000 + n} BENCH W{worker} RD",
        "city": "Benchville",
        "state": "WA",
        "zip_code": zip_code,
        "electric_utility": utility.name,
    }


def _complete_jobs(worker: int, count: int, username: str, start, results) -> None:
    """One worker: its own connection and client; waits for ``start``, then POSTs."""
    connections.close_all()  # never share the parent's connection
    try:
        results.put(_complete(worker, count, username, start))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
        results.put((worker, -1, repr(exc)[:500], 0.0))
    finally:
        connections.close_all()


def _complete(worker: int, count: int, username: str, start) -> tuple[int, int, float, float]:
    user = User.objects.get(username=username)
    utility = Utility.objects.filter(name__endswith=f"({PREFIX})").order_by("pk").first()
    zip_code = utility.zips.order_by("zip_code").values_list("zip_code", flat=True).first()
    client = Client()
    client.force_login(user)
    url = reverse("api-job-list")
    payloads = [completion_payload(worker, n, utility, zip_code) for n in range(count)]
    if start is not None:
        start.wait(timeout=300)
    began = time.perf_counter()
    for payload in payloads:
        response = client.post(url, payload, content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(f"{response.status_code}: {response.content[:500]!r}")
    return worker, count, began, time.perf_counter()


def completion_queries() -> int:
    """The statements of one completion through the API (as ``_complete`` sends it, signed in
    by session), run in this process: the figure behind the completion rate."""
    username = (
        User.objects.filter(username__startswith=f"{PREFIX}-tech-")
        .order_by("username")
        .values_list("username", flat=True)
        .first()
    )
    user = User.objects.get(username=username)
    utility = Utility.objects.filter(name__endswith=f"({PREFIX})").order_by("pk").first()
    zip_code = utility.zips.order_by("zip_code").values_list("zip_code", flat=True).first()
    client = Client()
    client.force_login(user)
    url = reverse("api-job-list")
    # A first completion warms the per-process reference data (jobs.reference), as in a worker.
    worker = int(time.time() * 1000) % 10**9
    for n in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                url,
                completion_payload(worker, n, utility, zip_code),
                content_type="application/json",
            )
        if response.status_code != 201:
            raise RuntimeError(f"{response.status_code}: {response.content[:500]!r}")
    return len(captured.captured_queries)


def completion_rate(*, jobs_per_worker: int, workers: int) -> tuple[int, float]:
    """(jobs completed, jobs per second) over ``workers`` processes, each signed in as a
    different generated technician. ``workers=1`` runs in this process (tests)."""
    usernames = list(
        User.objects.filter(username__startswith=f"{PREFIX}-tech-")
        .order_by("username")
        .values_list("username", flat=True)[:workers]
    )
    if workers == 1:
        _, count, began, ended = _complete(0, jobs_per_worker, usernames[0], None)
        return count, count / (ended - began)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers)
    results = context.Queue()
    procs = [
        context.Process(
            target=_complete_jobs, args=(w, jobs_per_worker, usernames[w], start, results)
        )
        for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    finished = [results.get(timeout=1800) for _ in procs]
    for proc in procs:
        proc.join()
    failed = [f"worker {w}: {began}" for w, count, began, _ in finished if count < 0]
    if failed:
        raise RuntimeError("Completion failed: " + "; ".join(failed))
    total = sum(count for _, count, _, _ in finished)
    wall = max(e for *_, e in finished) - min(b for _, _, b, _ in finished)
    return total, total / wall
