"""Waiting on the real broker (Redis, kombu's layout): a list per queue, and deliveries handed
to a worker but not yet acknowledged in the "unacked" hash. Tasks acknowledge late (after they
finish), so a queue that is empty with nothing unacknowledged has finished its work: the tests
wait for that, never for a fixed time."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager

from registry.celery import app as celery_app

#: Seconds: the bound of every wait; generous, for a loaded machine.
WAIT = 60.0
#: A port nothing listens on: publishing fails at once with "connection refused", as when
#: Redis is down.
UNREACHABLE = "redis://127.0.0.1:1/0"


def wait_for(condition, what: str, timeout: float = WAIT, on_timeout=lambda: ""):
    """Poll ``condition`` until it returns something true, and return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout:.0f}s. {on_timeout()}")


@contextmanager
def redis():
    with celery_app.connection_for_write() as conn:
        yield conn.default_channel.client


def unacked(queue: str) -> int:
    with redis() as client:
        return sum(1 for raw in client.hvals("unacked") if json.loads(raw)[2] == queue)


def queue_idle(queue: str | None = None) -> bool:
    """Nothing waiting in ``queue`` (by default: in any queue the settings declare, the
    default, mail and bulk queues) and nothing taken from it still running."""
    queues = [queue] if queue else list(celery_app.amqp.queues)
    with redis() as client:
        waiting = sum(client.llen(name) for name in queues)
    return waiting == 0 and all(unacked(name) == 0 for name in queues)


@contextmanager
def publishing_to(url: str):
    """Publish tasks to the broker at ``url`` inside the block (e.g. UNREACHABLE), then to the
    configured one again. ``broker_write_url`` is what publishing connects to, and it wins over
    CELERY_BROKER_URL; the connection pools made for the other broker are set aside meanwhile."""
    conf = celery_app.conf
    saved = conf.get("broker_write_url"), celery_app._pool, celery_app.amqp._producer_pool
    conf.broker_write_url = url
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.broker_write_url = saved[0]
        celery_app._pool, celery_app.amqp._producer_pool = saved[1:]


def drop_queue(queue: str) -> None:
    with redis() as client:
        for tag, raw in client.hgetall("unacked").items():
            if json.loads(raw)[2] == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@contextmanager
def down():
    """Inside the block tasks are published, not run in-process, and the broker refuses every
    connection (Redis down); afterwards both are as before."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with publishing_to(UNREACHABLE):
            yield
    finally:
        celery_app.conf.task_always_eager = previous
