"""``python manage.py generate_jobs N``: synthetic jobs at scale for benchmarks (sampledata.generate)."""

import time

from django.core.management.base import BaseCommand, CommandError

from sampledata import generate


class Command(BaseCommand):
    help = (
        "Create N realistic jobs (every measure type, status, utility and technician) with "
        "their sites and status changes, in bulk, plus the utilities, technicians and utility "
        "users they need (created once). Synthetic data: never run against production."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="Number of jobs to create.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument("--utilities", type=int, default=20, help="Utilities (default 20).")
        parser.add_argument(
            "--technicians", type=int, default=400, help="Technicians (default 400)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=50_000, help="Jobs per transaction (default 50,000)."
        )
        parser.add_argument(
            "--add",
            action="store_true",
            help="Add N more jobs when generated jobs already exist (otherwise nothing is done).",
        )

    def handle(self, *args, count, seed, utilities, technicians, batch_size, add, **options):
        if count < 0 or utilities < 1 or technicians < utilities or batch_size < 1:
            raise CommandError(
                "Need N ≥ 0, at least one utility, at least one technician per utility and a "
                "positive batch size."
            )
        if generate.generated_jobs_exist() and not add:
            self.stdout.write("Generated jobs already exist; use --add to add more. Nothing done.")
            return
        population = generate.ensure_population(utilities=utilities, technicians=technicians)

        def progress(written: int, seconds: float) -> None:
            rate = written / seconds if seconds else 0
            self.stdout.write(f"  {written:,}/{count:,} jobs, {seconds:.1f} s, {rate:,.0f} jobs/s")

        started = time.monotonic()
        written = generate.generate_jobs(
            count, population=population, seed=seed, batch_size=batch_size, progress=progress
        )
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {written:,} jobs in {seconds:.1f} s "
                f"({written / seconds if seconds else 0:,.0f} jobs/s)."
            )
        )
