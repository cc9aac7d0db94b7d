from django.core.management.base import BaseCommand

from technicians.tasks import expire_certifications


class Command(BaseCommand):
    help = "Set active certifications past their expiry date to expired (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as of this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        count = expire_certifications(options.get("today"))
        self.stdout.write(f"Expired {count} certification(s).")
