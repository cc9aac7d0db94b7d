from django.core.management.base import BaseCommand

from technicians.tasks import send_certification_reminders


class Command(BaseCommand):
    help = "E-mail technicians whose certifications expire in 60 or 14 days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as of this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        count = send_certification_reminders(options.get("today"))
        self.stdout.write(f"Queued {count} certification reminder(s).")
