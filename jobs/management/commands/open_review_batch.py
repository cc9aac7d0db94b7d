import argparse
import datetime

from django.core.management.base import BaseCommand

from jobs.review.batch import ADMINISTRATORS
from jobs.review.models import ReviewBatch
from jobs.review.tasks import open_review_batches
from utilities.models import Utility


def _date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: write the date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Open the bi-weekly review batch of the current period, assign its BPA Pending jobs "
        "to the reviewers and e-mail each reviewer their list (idempotent: the batch task of "
        "registry/celery.py, for installations without Celery beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--administrator",
            choices=ADMINISTRATORS,
            help="Only this program administrator's territory (default: every one).",
        )
        parser.add_argument(
            "--date",
            type=_date,
            help="Open the batch of the period containing this day (YYYY-MM-DD; default today).",
        )

    def handle(self, *args, administrator=None, date=None, **options):
        # Called in-process: the notices go to the broker after commit, or are sent right
        # here when no broker is configured.
        batch_ids = open_review_batches(
            administrators=[administrator] if administrator else None, today=date
        )
        if not batch_ids:
            self.stdout.write("Nothing is pending: no review batch opened.")
        for batch in ReviewBatch.objects.filter(pk__in=batch_ids).order_by("administrator"):
            self.stdout.write(
                f"{Utility.ProgramAdministrator(batch.administrator).label} review batch of "
                f"{batch.period_start}: "
                f"{batch.assignments.count()} job(s) assigned."
            )
