from django.core.management.base import BaseCommand

from sampledata.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo utilities, company, accounts and jobs (idempotent)."

    def handle(self, *args, **options):
        result = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['utilities']} utilities, {result['users']} demo "
                f"accounts (password {DEMO_PASSWORD}); demo-tech has PTCS Technician ID "
                f"{result['technician_id']} and {result['jobs']} demo jobs."
            )
        )
