"""The Celery application.

The broker comes from ``CELERY_BROKER_URL`` (Redis in production); without one, settings make
every task run eagerly in the calling process. The whole beat schedule lives here, one entry
per periodic job, each also runnable as a management command (house style 8).
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work; each entry can also be run by hand as a management command.
app.conf.beat_schedule = {
    # Every 15 minutes: utility notices that did not go out when the job was completed
    # (`python manage.py send_job_notices`).
    "queue-unsent-job-notices": {
        "task": "jobs.tasks.queue_unsent_job_notices",
        "schedule": crontab(minute="*/15"),
    },
}
