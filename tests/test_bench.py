"""The benchmark's code paths on a tiny dataset (bench/measure.py), so the benchmark that runs
outside the default suite (bin/bench) cannot rot."""

from django.test import Client

from bench import measure
from jobs.models import Job
from sampledata.generate import ensure_population, generate_jobs


def test_benchmark_measurements_run_on_a_small_dataset(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    generate_jobs(200, population=ensure_population(utilities=2, technicians=4), batch_size=200)

    timings = measure.time_pages(repeat=2, deep_page=2, api_deep_page=2)
    assert [t.name for t in timings][0] == "territory, first page"
    assert len(timings) == 6
    for timing in timings:
        assert timing.rows > 0, timing
        assert timing.median_ms > 0
        assert timing.raw_sql_ms > 0
        assert timing.queries >= 2

    count, rate = measure.completion_rate(jobs_per_worker=2, workers=1)
    assert count == 2
    assert rate > 0
    # Session, user, technician check, technician, utility, SAVEPOINT (BEGIN outside tests),
    # site, reference data, certifications and their changes, measure ID, job, history row,
    # status change, RELEASE (COMMIT): README "Benchmarks".
    assert measure.completion_queries() == 15
    assert Job.objects.count() == 204

    user = measure.big_utility_user()
    client = Client()
    client.force_login(user)
    export = measure.time_export(client, measure.export_url_for(user, 20), trace_memory=True)
    assert export.rows >= 20
    assert export.peak_mib > 0
