"""The Celery application.

The broker comes from ``CELERY_BROKER_URL`` (Redis in production); without one, settings make
every task run eagerly in the calling process. The whole beat schedule lives here, one entry
per periodic job, each also runnable as a management command so that staff can run it by
hand when beat was down.
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Areas of an app with tasks of their own (autodiscovery looks only at ``<app>.tasks``).
app.autodiscover_tasks(
    ["jobs.review", "jobs.bulk", "qa_inspections.sampling", "qa_inspections.inspections"]
)

# Periodic work; each entry can also be run by hand as a management command.
app.conf.beat_schedule = {
    # Every 5 minutes: the side effects still due 10 minutes after their change was committed
    # (registry.lib.outbox.GRACE), because the broker was down at commit or a message was lost,
    # are queued again (`python manage.py send_due`): utility notices, review and application
    # decisions, company invitations and remediations not e-mailed, and bulk uploads left
    # unfinished (also by a killed worker; their processed rows are skipped). Each task claims
    # its row, so what is queued twice is done once. Often enough that an outage delays an
    # e-mail by minutes, not hours; each sweep is a handful of queries on partial indexes.
    "send-due": {
        "task": "registry.tasks.send_due",
        "schedule": crontab(minute="*/5"),
    },
    # Daily at REVIEW_BATCH_HOUR (local time): open the bi-weekly review batch (spec §7)
    # (`python manage.py open_review_batch`). Crontab cannot say "every 14 days from a given
    # Monday", so the task runs every day and each batch is keyed by the start of its period
    # (REVIEW_ANCHOR_DATE + k × REVIEW_INTERVAL_DAYS, unique per administrator): the first run
    # in a new period opens the batch and e-mails the reviewers; the other 13 runs only assign
    # jobs that became pending since and never e-mail a reviewer twice. A day missed while beat
    # was down is caught up by the next run.
    "open-review-batches": {
        "task": "jobs.tasks.open_review_batches",
        "schedule": crontab(minute=0, hour=settings.REVIEW_BATCH_HOUR),
    },
    # Daily, a quarter of an hour before the batch, so its e-mails show today's flags: mark
    # pending jobs waiting longer than REVIEW_OVERDUE_DAYS (`python manage.py
    # flag_overdue_reviews`).
    "flag-overdue-review-jobs": {
        "task": "jobs.tasks.flag_overdue_review_jobs",
        "schedule": crontab(minute=45, hour=(settings.REVIEW_BATCH_HOUR - 1) % 24),
    },
    # Monthly QA sample (seed 001 L27: "inspect at least 10 percent of all jobs"): assign jobs
    # until every technician and utility reaches its goal over the last QA_WINDOW_DAYS
    # (`python manage.py qa_sample --monthly`). Sent at 05:30 on each of the first 7 days of the
    # month: only the first run draws (one scheduled run per month), the others find it and
    # stop, so a 1st missed while beat was down is caught up within the week.
    "qa-monthly-sample": {
        "task": "qa_inspections.tasks.run_qa_sample",
        "schedule": crontab(minute=30, hour=5, day_of_month="1-7"),
    },
    # Daily at 00:15: certifications whose expiry date has passed become expired, with a status
    # row (`python manage.py expire_certifications`). Job completion is already blocked from
    # the day after the expiry date; this makes the status say so.
    "expire-certifications": {
        "task": "technicians.tasks.expire_certifications",
        "schedule": crontab(minute=15, hour=0),
    },
    # Daily at 07:00: e-mail technicians whose certification expires in 60 or 14 days, once per
    # certification, reminder and expiry date (`python manage.py certification_reminders`). A
    # day missed while beat was down is caught up by the next run.
    "certification-reminders": {
        "task": "technicians.tasks.send_certification_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
}
