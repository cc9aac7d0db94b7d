from django.core.management.base import BaseCommand

from jobs.tasks import queue_unsent_job_notices


class Command(BaseCommand):
    help = "E-mail utilities the completed jobs they were not notified of yet (idempotent)."

    def handle(self, *args, **options):
        count = queue_unsent_job_notices()
        self.stdout.write(f"Queued {count} job notice(s).")
