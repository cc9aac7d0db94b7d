import json

from django.core.management.base import BaseCommand, CommandError

from sampledata.load_data import seed_load


class Command(BaseCommand):
    help = (
        "Create or top up the load-test accounts and jobs (idempotent; never on production "
        "data) and write what bench/load/locustfile.py needs to a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--technicians", type=int, default=20)
        parser.add_argument("--utility-users", type=int, default=5)
        parser.add_argument("--staff", type=int, default=2)
        parser.add_argument("--jobs", type=int, default=3000, help="Jobs of the load technicians")
        parser.add_argument(
            "--accounts-file", help="Write accounts, API tokens and payloads here (JSON)"
        )

    def handle(self, *args, technicians, utility_users, staff, jobs, accounts_file, **options):
        try:
            data = seed_load(
                technicians=technicians, utility_users=utility_users, staff=staff, jobs=jobs
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if accounts_file:
            with open(accounts_file, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Load data ready: {len(data['technicians'])} technicians with API tokens, "
                f"{len(data['utility_users'])} utility users, {len(data['staff'])} staff, "
                f"{data['jobs']} jobs ({data['jobs_created']} entered now)."
            )
        )
