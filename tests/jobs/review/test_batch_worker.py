"""The review batch through the real broker and real workers (spec §7).

(a) an embedded worker (celery.contrib.testing) opens the batch and e-mails each reviewer once;
(b) a worker process killed with SIGKILL in the middle of the notices is replaced by a new one:
    acks_late leaves the killed task unacknowledged in Redis, which hands it out again after
    the visibility timeout; the claim inside the sending transaction was rolled back with the
    dead connection, so the redelivered task sends, and the tasks that had finished send
    nothing again. Nothing lost, nothing doubled.

Both need CELERY_BROKER_URL (``real_broker``); (b) also needs a database another process can
open: PostgreSQL in CI (.ci/run), never pytest-django's in-memory SQLite.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from jobs.review import tasks
from jobs.review.models import ReviewAssignment, ReviewBatch, ReviewerNotice
from registry.celery import app as celery_app
from tests import clock
from tests.accounts.factories import UserFactory
from tests.broker import WAIT, drop_queue, queue_idle, redis, unacked, wait_for
from tests.jobs.factories import JobFactory

ROOT = Path(__file__).resolve().parents[3]
SLOW_MAIL_SECONDS = 2.0  # each notice takes this long to send in (b): the window to kill in
VISIBILITY_TIMEOUT = 6  # seconds until Redis hands the killed task out again (> one notice)

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def review_setup(staff, energy_trust_staff, benton_rea, pacific_power):
    """Three reviewers (two PTCS staff, one Energy Trust) and six pending jobs (four BPA,
    two Energy Trust): three notices, from two batches."""
    reviewers = [staff, UserFactory(username="sue-staff", role=User.Role.PTCS_STAFF)]
    reviewers.append(energy_trust_staff)
    now = timezone.now()
    jobs = [
        JobFactory(status=Job.Status.BPA_PENDING, utility=utility, pending_since=now)
        for utility in [benton_rea] * 4 + [pacific_power] * 2
    ]
    return reviewers, jobs


def assert_reviewed_once(reviewers, jobs) -> None:
    assert sorted(ReviewBatch.objects.values_list("administrator", flat=True)) == [
        "bpa",
        "energy_trust",
    ]
    assigned = list(ReviewAssignment.objects.values_list("job_id", flat=True))
    assert sorted(assigned) == sorted(job.pk for job in jobs)  # every job, once
    notices = ReviewerNotice.objects.filter(sent_at__isnull=False)
    assert sorted(notices.values_list("reviewer_id", flat=True)) == sorted(r.pk for r in reviewers)


# --- (a) embedded worker ------------------------------------------------------------------


def test_the_batch_task_through_the_broker_emails_each_reviewer_once(private_queue, review_setup):
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    reviewers, jobs = review_setup
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=[private_queue],
    ):
        tasks.open_review_batches.delay()
        wait_for(lambda: len(mail.outbox) >= 3, "three reviewer e-mails")
        tasks.open_review_batches.delay()  # the next day's run, in the same period
        wait_for(lambda: queue_idle(private_queue), "the queue to drain")

    assert_reviewed_once(reviewers, jobs)
    assert Counter(tuple(m.to) for m in mail.outbox) == {(r.email,): 1 for r in reviewers}


# --- (b) a real worker process, killed and restarted ----------------------------------------


# Two worker starts, a slow send, VISIBILITY_TIMEOUT until redelivery and another slow send:
# well over 10 s by design.
@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(
    real_broker, review_setup, tmp_path
):
    reviewers, jobs = review_setup
    queue = f"test-review-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "mail"
    outbox.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "CELERY_BROKER_URL": real_broker,
        # The worker's own follow-up tasks (the notices, e-mails) go to this test's queue too.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_MAIL_QUEUE": queue,
        "CELERY_BULK_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "EMAIL_BACKEND": "tests.jobs.review.slow_mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "SLOW_MAIL_SECONDS": str(SLOW_MAIL_SECONDS),
    }
    workers: list[Worker] = []
    try:
        first = Worker(queue, env, tmp_path / "worker-1.log")
        workers.append(first)
        first.wait_until_ready()
        tasks.open_review_batches.apply_async(queue=queue)

        # Kill once the first notice is committed and the second is being sent: its claim is
        # made but not committed, and the slow backend holds the send.
        wait_for(
            lambda: notices_sent() == 1 and first.sending(),
            "the worker to be sending the second notice",
            on_timeout=first.log_tail,
        )
        first.kill()
        assert len(sent_messages(outbox)) == 1
        assert ReviewBatch.objects.count() == 2  # committed before the notices were queued
        wait_for(lambda: not first.sending(), "the dead worker's transaction to roll back")
        assert notices_sent() == 1  # the claim died with the worker's connection
        with redis() as client:
            assert client.llen(queue) == 1  # the third notice, not started
        assert unacked(queue) == 1  # the killed one: handed out, never acknowledged

        second = Worker(queue, env, tmp_path / "worker-2.log")
        workers.append(second)
        second.wait_until_ready()
        wait_for(
            lambda: len(sent_messages(outbox)) == 3 and queue_idle(queue),
            "the other notices, including the redelivered one",
            on_timeout=second.log_tail,
        )
        # Late duplicates (a rerun of the batch task, a repeated notice) send nothing.
        tasks.open_review_batches.apply_async(queue=queue)
        tasks.send_reviewer_notice.apply_async((first_batch_id(), reviewers[0].pk), queue=queue)
        wait_for(lambda: queue_idle(queue), "the duplicates", on_timeout=second.log_tail)
    finally:
        for worker in workers:
            worker.stop()
        drop_queue(queue)

    assert_reviewed_once(reviewers, jobs)
    recipients = Counter(message["To"] for message in sent_messages(outbox))
    assert recipients == {r.email: 1 for r in reviewers}
    # The task the first worker died in is the very one the second worker completed.
    killed = unfinished_tasks(first.log.read_text())
    assert len(killed) == 1
    assert f"send_reviewer_notice[{killed[0]}] succeeded" in second.log.read_text()


def first_batch_id() -> int:
    return ReviewBatch.objects.get(administrator="bpa").pk


def unfinished_tasks(log: str) -> list[str]:
    received = re.findall(r"Task [\w.]+\[([\w-]+)\] received", log)
    return [task_id for task_id in received if f"[{task_id}] succeeded" not in log]


def notices_sent() -> int:
    return ReviewerNotice.objects.filter(sent_at__isnull=False).count()


class Worker:
    """``celery -A registry worker`` in its own process, against this test's database."""

    def __init__(self, queue: str, env: dict, log: Path):
        self.log = log
        self._log_file = log.open("wb")
        # Under the test run's clock (tests/clock.py), so "today" is the same day for both.
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            clock.child_command(
                "-m",
                "celery",
                "-A",
                "registry",
                "worker",
                "--pool",
                "solo",
                "--concurrency",
                "1",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{queue}-{log.stem}@%h",
            ),
            cwd=ROOT,
            env=clock.child_env(env),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self._database = connection.settings_dict["NAME"]

    def log_tail(self) -> str:
        return "Worker log:\n" + self.log.read_text(errors="replace")[-3000:]

    def wait_until_ready(self) -> None:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"The worker exited ({self.process.returncode}). " + self.log_tail()
                )
            return " ready." in self.log.read_text(errors="replace")

        wait_for(ready, "the worker to start", on_timeout=self.log_tail)

    def sending(self) -> bool:
        """The worker is inside a notice's transaction: claimed, sending, not committed. On
        PostgreSQL: a connection to the test database is idle in a transaction. Elsewhere:
        half of the slow send has passed."""
        if connection.vendor != "postgresql":
            time.sleep(SLOW_MAIL_SECONDS / 2)
            return self.process.poll() is None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()",
                [self._database],
            )
            return cursor.fetchone()[0] > 0

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no warm shutdown, nothing acknowledged or restored
        self.process.wait(timeout=WAIT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=WAIT)
        self._log_file.close()


def shared_database_url() -> str:
    """A DATABASE_URL for pytest-django's test database, for another process to open."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        if connection.creation.is_in_memory_db(name):
            _skip_unless_required(
                "the test database is in-memory SQLite, which a worker process cannot open; "
                "this test runs on PostgreSQL (DATABASE_URL=postgres://..., as .ci/run does)."
            )
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor != "postgresql":
        _skip_unless_required(f"no worker database URL for {connection.vendor}.")
    user = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        user += ":" + quote(settings["PASSWORD"], safe="")
    host = quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}@{host}{port}/{quote(settings['NAME'], safe='')}"


def _skip_unless_required(reason: str) -> None:
    if os.environ.get("REGISTRY_REQUIRE_SERVICES") == "1":
        pytest.fail(f"REGISTRY_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def sent_messages(outbox: Path) -> list:
    """The messages the file backend wrote (one file per connection, messages separated by a
    line of 79 dashes)."""
    messages = []
    for path in sorted(outbox.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk))
    return messages
