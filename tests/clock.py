"""The test run's clock, pinned to a chosen instant and ticking from there.

The registry shows Pacific dates (``TIME_ZONE``) and stores UTC. From 16:00 to 24:00 Pacific
(17:00 to 24:00 in summer) the two calendars name different days, so a test that builds an
expected date from UTC, or from the machine's own zone, passes for part of the day only. Pinning
the run's start to such an instant makes that fault fail every time:

    pytest --clock=05:30Z            # today (UTC) at 05:30 UTC: 21:30 PST / 22:30 PDT yesterday
    pytest --clock=2026-12-02T20:00Z # an exact instant
    REGISTRY_TEST_CLOCK=05:30Z pytest

The clock keeps ticking from the pinned instant (timeouts, throttles and "minutes ago" behave
as in real life). Only wall-clock time is moved; monotonic clocks are untouched. Processes the
tests start (a Celery worker, a management command) keep the same clock through
:func:`child_command` and :func:`child_env`.
"""

from __future__ import annotations

import datetime
import os
import runpy
import sys

import time_machine

ENV = "REGISTRY_TEST_CLOCK"
UTC = datetime.UTC

_traveller: time_machine.travel | None = None


def parse(value: str, *, today: datetime.date | None = None) -> datetime.datetime:
    """An aware UTC instant from ``2026-12-02T07:30:00Z`` (any ISO 8601 offset) or from a time
    of day, ``07:30Z`` or ``07:30`` (UTC, on ``today``'s UTC date)."""
    text = value.strip()
    if not text:
        raise ValueError("empty clock value")
    if "T" in text or "-" in text[:5]:
        instant = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if instant.tzinfo is None:
            raise ValueError(f"{value!r}: give the offset (Z or +HH:MM) so the instant is exact")
        return instant.astimezone(UTC)
    clock = datetime.time.fromisoformat(text.removesuffix("Z").removesuffix("z"))
    day = today or datetime.datetime.now(UTC).date()
    return datetime.datetime.combine(day, clock.replace(tzinfo=None), tzinfo=UTC)


def pin(instant: datetime.datetime) -> None:
    """Start the process's clock at ``instant``, ticking."""
    global _traveller
    unpin()
    _traveller = time_machine.travel(instant, tick=True)
    _traveller.start()


def unpin() -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def pinned() -> bool:
    return _traveller is not None


def child_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for a child process that starts at this process's current instant."""
    env = dict(os.environ if env is None else env)
    if pinned():
        env[ENV] = datetime.datetime.now(UTC).isoformat()
    return env


def child_command(*args: str) -> list[str]:
    """``python -m tests.clock ARGS``: run ``python ARGS`` under the pinned clock (if any)."""
    return [sys.executable, "-m", "tests.clock", *args]


def describe(instant: datetime.datetime, zone: datetime.tzinfo) -> str:
    local = instant.astimezone(zone)
    differs = "" if local.date() == instant.date() else " (the two dates differ)"
    return (
        f"clock pinned at {instant:%Y-%m-%d %H:%M} UTC = {local:%Y-%m-%d %H:%M %Z} "
        f"site time{differs}, ticking"
    )


def main(argv: list[str]) -> None:
    """Run ``python -m MODULE ...`` or ``python SCRIPT ...`` with the clock from the
    environment: the test run's clock, carried into a process it starts."""
    if value := os.environ.get(ENV):
        pin(parse(value))
    if len(argv) >= 2 and argv[0] == "-m":
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    elif argv:
        sys.argv = argv
        runpy.run_path(argv[0], run_name="__main__")
    else:
        raise SystemExit("usage: python -m tests.clock (-m MODULE | SCRIPT) [ARGS ...]")


if __name__ == "__main__":
    main(sys.argv[1:])
