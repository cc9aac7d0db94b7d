import argparse
import datetime
from functools import partial

from django.core.management.base import BaseCommand, CommandError

from qa_inspections.models import SampleRun
from qa_inspections.sampling import services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: write the date as YYYY-MM-DD.") from None


def _seed(value: str) -> int:
    try:
        seed = int(value)
    except ValueError:
        seed = -1
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"{value!r}: a seed is a whole number from 0 to 2^63-1.")
    return seed


class Command(BaseCommand):
    help = (
        "Draw the QA sample now: assign jobs until every technician and every utility has at "
        "least QA_TARGET_RATE (10 %, seed 001) of its jobs of the last QA_WINDOW_DAYS inspected "
        "or assigned. --monthly does what Celery beat does (once per month; for installations "
        "without beat). Pass a run's --seed and --date to draw the same sample again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=_seed, help="Seed of the draw (default: random).")
        parser.add_argument(
            "--date",
            type=_date,
            help="Last day of the window (YYYY-MM-DD; default today).",
        )
        parser.add_argument(
            "--monthly",
            action="store_true",
            help="The scheduled run: skip if this month's scheduled sample was drawn already.",
        )

    def handle(self, *args, seed=None, date=None, monthly=False, **options):
        if monthly and seed is not None:
            raise CommandError("--monthly draws with a fresh seed; leave out --seed.")
        draw = (
            partial(services.sample_run_monthly, today=date)
            if monthly
            else partial(services.sample_run, today=date, seed=seed)
        )
        try:
            run = draw()
        except services.SamplingError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if run is None:
            self.stdout.write("This month's QA sample was drawn already: nothing to do.")
            return
        self._report(run, verbose=options["verbosity"] > 1)

    def _report(self, run: SampleRun, *, verbose: bool) -> None:
        inputs = run.parameters["inputs"]
        self.stdout.write(
            f"QA sample {run.pk} (seed {run.seed}), window {run.window_start} to "
            f"{run.window_end}: {len(inputs['jobs'])} completed job(s), "
            f"{len(inputs['already'])} already inspected or assigned, "
            f"{run.selected_count} assigned now."
        )
        if verbose:
            for assignment in run.assignments.select_related("job").order_by("job_id"):
                self.stdout.write(f"  job {assignment.job.measure_id}: {assignment.reason}")
