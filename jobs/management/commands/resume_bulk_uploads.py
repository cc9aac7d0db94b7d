from django.core.management.base import BaseCommand

from jobs.bulk.tasks import requeue_stale_bulk_uploads


class Command(BaseCommand):
    help = (
        "Queue again the bulk uploads left unfinished for 10 minutes by a killed worker "
        "(idempotent: processed rows are skipped)."
    )

    def handle(self, *args, **options):
        count = requeue_stale_bulk_uploads()
        self.stdout.write(f"Queued {count} bulk upload(s).")
