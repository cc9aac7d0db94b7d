from django.core.management.base import BaseCommand

from registry.tasks import send_due


class Command(BaseCommand):
    help = (
        "Queue again the e-mails and bulk uploads still due, e.g. after the broker was down "
        "(idempotent: each is claimed by its task, so it is sent or processed once)."
    )

    def handle(self, *args, **options):
        for kind, count in send_due().items():
            self.stdout.write(f"Queued {count} {kind}.")
