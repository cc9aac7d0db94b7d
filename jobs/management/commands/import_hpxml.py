from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from jobs import services
from jobs.hpxml import hpxml_import


class Command(BaseCommand):
    help = (
        "Import jobs from an HPXML (BPI-2100) file, one job per Building, as the installing "
        "technician USERNAME: each building goes through the same checks as the entry form "
        "(jobs.services.job_submit). Saved In Progress unless --complete. A building that "
        "cannot be entered is listed with its errors and the others are still imported; the "
        "command then exits with an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="HPXML file.")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The installing technician (username) the jobs are entered as.",
        )
        parser.add_argument(
            "--complete", action="store_true", help="Complete the jobs (default: save progress)."
        )

    def handle(self, *args, file: Path, username: str, complete: bool, **options):
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"No user {username!r}.")
        try:
            document = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        action = "complete" if complete else "save_progress"
        try:
            results = hpxml_import(actor=actor, xml_bytes=document, action=action)
        except services.JobError as exc:
            raise CommandError(f"{file}: nothing imported. {' '.join(exc.messages)}") from exc

        failed = 0
        for result in results:
            source = f" (source measure ID {result.source_id})" if result.source_id else ""
            if result.imported:
                self.stdout.write(
                    f"Building {result.index}{source}: job {result.measure_id}, "
                    f"{result.status_label}."
                )
                continue
            failed += 1
            reasons = "; ".join(
                f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                for name, messages in result.errors.items()
            )
            self.stderr.write(f"Building {result.index}{source}: not imported. {reasons}")
        imported = len(results) - failed
        summary = (
            f"{imported} of {len(results)} building{'' if len(results) == 1 else 's'} imported."
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
