"""The Celery application.

The broker comes from ``CELERY_BROKER_URL`` (Redis in production); without one, settings make
every task run eagerly in the calling process. The whole beat schedule lives here, one entry
per periodic job, each also runnable as a management command (house style 8).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work. Empty until the review batch (issue 5) and QA sampling (issue 6) arrive.
app.conf.beat_schedule = {}
