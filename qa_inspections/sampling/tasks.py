"""Thin, idempotent tasks: the logic is in qa_inspections.sampling.services, so the monthly
run, ``manage.py qa_sample`` and staff's "Run the sample now" follow the same rules."""

from datetime import date

from celery import shared_task

from qa_inspections.sampling import services


@shared_task(name="qa_inspections.tasks.run_qa_sample", acks_late=True)
def run_qa_sample(today: str | None = None) -> int | None:
    """Draw this month's QA sample (seed 001 L27: "inspect at least 10 percent of all jobs").
    Monthly (registry/celery.py) and ``python manage.py qa_sample --monthly``; ``today`` as
    YYYY-MM-DD for a run by hand. Idempotent per calendar month, also when redelivered after a
    crash: the draw and its assignments commit together, and a month with a scheduled run is
    skipped. Returns the new SampleRun's id, or None when the month was already drawn."""

    run = services.sample_run_monthly(today=date.fromisoformat(today) if today else None)
    return run.pk if run else None
