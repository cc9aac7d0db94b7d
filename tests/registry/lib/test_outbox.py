"""Queueing on commit without letting the broker undo a committed change, and the sweep's
choice of what is due (registry.lib.outbox)."""

import datetime
import logging
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from registry.lib import outbox
from technicians.tasks import send_company_invitation
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 17, 0, tzinfo=datetime.UTC)


def fake_task() -> mock.Mock:
    task = mock.Mock(spec=["delay", "name"])
    task.name = "tests.fake_task"
    return task


def test_the_task_is_queued_with_its_ids_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    task = fake_task()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.queue_on_commit(task, 7, 8)
        task.delay.assert_not_called()

    task.delay.assert_called_once_with(7, 8)
    assert (callbacks[0].task, callbacks[0].args) == (task, (7, 8))


@pytest.mark.usefixtures("unreachable_broker")
def test_an_unreachable_broker_is_logged_and_not_raised(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        outbox.queue_on_commit(send_company_invitation, 41)

    (record,) = [r for r in caplog.records if r.name == "registry.lib.outbox"]
    assert "technicians.tasks.send_company_invitation(41,) not queued" in record.getMessage()
    assert "manage.py send_due" in record.getMessage()


@pytest.mark.django_db(transaction=True)
def test_any_other_failure_is_logged_by_django_under_the_tasks_name(caplog):
    """A real commit: Django names a failed robust callback by its ``__qualname__`` (a
    functools.partial has none, and the log line itself raised)."""
    task = fake_task()
    task.delay.side_effect = RuntimeError("serializer broke")

    with caplog.at_level(logging.ERROR), transaction.atomic():
        outbox.queue_on_commit(task, 1)

    assert "Error calling queue_on_commit[tests.fake_task] in on_commit()" in caplog.text
    assert "serializer broke" in caplog.text


@pytest.mark.parametrize(
    ("age", "queued"),
    [
        (outbox.GRACE - datetime.timedelta(seconds=1), False),
        (outbox.GRACE, False),
        (outbox.GRACE + datetime.timedelta(seconds=1), True),
    ],
)
def test_a_side_effect_is_due_once_it_is_older_than_the_grace(age, queued):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(date_joined=NOW - age)
    task = fake_task()

    with time_machine.travel(NOW, tick=False):
        count = outbox.requeue_due(task, User.objects.filter(pk=user.pk), "date_joined")

    assert count == int(queued)
    assert task.delay.call_args_list == ([mock.call(user.pk)] if queued else [])


def test_the_oldest_are_queued_first_a_batch_at_a_time(monkeypatch):
    monkeypatch.setattr(outbox, "SWEEP_BATCH", 2)
    users = [UserFactory() for _ in range(3)]
    for hours, user in zip([1, 3, 2], users, strict=True):
        joined = timezone.now() - datetime.timedelta(hours=hours)
        User.objects.filter(pk=user.pk).update(date_joined=joined)
    task = fake_task()

    assert outbox.requeue_due(task, User.objects.all(), "date_joined") == 2

    assert task.delay.call_args_list == [mock.call(users[1].pk), mock.call(users[2].pk)]
