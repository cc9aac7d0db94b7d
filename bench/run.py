"""The scale benchmark: whether the registry stays fast with a million jobs. Page times against
raw SQL, completions per second, and the streamed CSV export's time and memory, on the database
named by DATABASE_URL.

Run it through ``bin/bench`` (which creates and fills a PostgreSQL database); directly:
``DATABASE_URL=... python bench/run.py [--jobs N] [--quick]``. It generates the jobs first when
the database holds none (``manage.py generate_jobs``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
# Measure what production runs: no DEBUG (no query log, no debug templates); the test
# Client's host; e-mails (the completion notice) kept in memory instead of printed.
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# Completion queues the utility notice for a worker, as in production (with no broker the task,
# which renders a PDF, would run inside the request); nothing consumes this in-memory queue.
os.environ["CELERY_BROKER_URL"] = "memory://"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import measure  # noqa: E402
from jobs.models import Job  # noqa: E402
from sampledata.generate import generated_jobs_exist  # noqa: E402

#: Targets: each page's median under 100 ms and under 3 times its raw SQL (what the framework
#: adds); at least 100 job completions a second.
PAGE_TARGET_MS = 100
RATIO_TARGET = 3
COMPLETION_TARGET = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=1_000_000, help="Jobs to generate if none.")
    parser.add_argument("--quick", action="store_true", help="Smoke run: 50,000 jobs, small sizes.")
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--completions", type=int, default=200, help="Jobs per worker.")
    parser.add_argument("--workers", type=int, default=2, help="Completion processes.")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="Print EXPLAIN ANALYZE of each page's slowest queries.",
    )
    parser.add_argument("--pages-only", action="store_true", help="Skip completion and export.")
    parser.add_argument(
        "--completion-only", action="store_true", help="Only the completion throughput."
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.jobs, args.export_rows, args.completions = 50_000, 10_000, 50

    if not generated_jobs_exist():
        print(f"Generating {args.jobs:,} jobs ...", flush=True)
        call_command("generate_jobs", args.jobs)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    total = Job.objects.count()
    user = measure.big_utility_user()
    territory = measure.territory_jobs(user).count()
    deep = max(1, min(2000, territory // 25))
    api_deep = max(1, min(1000, territory // 50))
    print(
        f"\n{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}"
        f" · {os.cpu_count()} cores · Python {platform.python_version()} · {total:,} jobs"
        f" · {user.utility.name}: {territory:,} completed jobs"
        f" · load average {os.getloadavg()[0]:.1f}\n"
    )

    if args.completion_only:
        return _completion(args)
    timings = measure.time_pages(repeat=args.repeat, deep_page=deep, api_deep_page=api_deep)
    print(f"{'page':34} {'median':>8} {'p95':>8} {'raw SQL':>8} {'ratio':>6} {'queries':>7}")
    for t in timings:
        met = t.median_ms < PAGE_TARGET_MS and t.ratio < RATIO_TARGET
        flag = "" if met or args.quick else "  ← over target"
        print(
            f"{t.name:34} {t.median_ms:6.1f}ms {t.p95_ms:6.1f}ms {t.raw_sql_ms:6.1f}ms "
            f"{t.ratio:5.1f}× {t.queries:7d}{flag}"
        )
    scope = " on 1,000,000 jobs" if args.quick else ""
    print(f"(targets{scope}: median < {PAGE_TARGET_MS} ms and < {RATIO_TARGET}× raw SQL)")
    if args.quick:
        # On a small database the SQL takes a few milliseconds, so Django's fixed cost per page
        # (session, template) dominates the ratio: the targets are for the full run.
        print("(--quick is a smoke run: its ratios are not the targets' measure)")
    print()
    if args.explain and connection.vendor == "postgresql":
        for t in timings:
            for ms, sql in t.statements[:2]:
                print(f"--- {t.name}: {ms:.1f} ms\n{sql}\n{measure.explain(sql)}\n")
    if args.pages_only:
        return 0

    _completion(args)

    client = measure.Client()
    client.force_login(user)
    small_rows = max(1, args.export_rows // 10)
    small_url = measure.export_url_for(user, small_rows)
    big_url = measure.export_url_for(user, args.export_rows)
    big = measure.time_export(client, big_url, trace_memory=False)
    print(
        f"CSV export: {big.rows:,} rows in {big.seconds:.1f} s ({big.rows / big.seconds:,.0f} rows/s)"
    )
    small_mem = measure.time_export(client, small_url, trace_memory=True)
    big_mem = measure.time_export(client, big_url, trace_memory=True)
    print(
        f"CSV export peak memory (tracemalloc): {small_mem.rows:,} rows {small_mem.peak_mib:.1f} MiB,"
        f" {big_mem.rows:,} rows {big_mem.peak_mib:.1f} MiB"
        f" (×{big_mem.peak_mib / small_mem.peak_mib:.2f} for ×{big_mem.rows / small_mem.rows:.0f} rows)"
    )
    return 0


def _completion(args) -> int:
    queries = measure.completion_queries()
    count, rate = measure.completion_rate(jobs_per_worker=args.completions, workers=args.workers)
    print(
        f"Completion through the API (POST /api/v1/jobs/, action complete): {count} jobs in "
        f"{args.workers} processes, {rate:,.0f} jobs/s (target ≥ {COMPLETION_TARGET}); "
        f"{queries} queries each\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
