from django.core.management.base import BaseCommand

from jobs.review.tasks import flag_overdue_review_jobs


class Command(BaseCommand):
    help = (
        "Flag BPA Pending jobs waiting longer than REVIEW_OVERDUE_DAYS (idempotent: the daily "
        "task of registry/celery.py)."
    )

    def handle(self, *args, **options):
        count = flag_overdue_review_jobs()
        self.stdout.write(f"Flagged {count} overdue pending job(s).")
