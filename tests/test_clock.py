"""The test run's pinned clock (tests/clock.py): how an instant is given, and that a process
the tests start keeps the same clock."""

import datetime
import subprocess

import pytest
import time_machine

from tests import clock

UTC = datetime.UTC
DAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("07:30Z", datetime.datetime(2026, 12, 2, 7, 30, tzinfo=UTC)),
        ("20:00", datetime.datetime(2026, 12, 2, 20, 0, tzinfo=UTC)),
        ("2026-07-01T05:30:00Z", datetime.datetime(2026, 7, 1, 5, 30, tzinfo=UTC)),
        ("2026-07-01T05:30-07:00", datetime.datetime(2026, 7, 1, 12, 30, tzinfo=UTC)),
    ],
)
def test_an_instant_or_a_time_of_day_in_utc(value, expected):
    assert clock.parse(value, today=DAY) == expected


@pytest.mark.parametrize("value", ["", "2026-07-01T05:30", "half past seven", "25:00Z"])
def test_an_inexact_or_unreadable_instant_is_refused(value):
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the stdlib's or ours
        clock.parse(value, today=DAY)


def test_the_header_says_when_the_two_calendars_differ():
    from zoneinfo import ZoneInfo

    pacific = ZoneInfo("America/Los_Angeles")
    evening = clock.describe(datetime.datetime(2026, 12, 2, 7, 30, tzinfo=UTC), pacific)
    noon = clock.describe(datetime.datetime(2026, 12, 2, 20, 0, tzinfo=UTC), pacific)

    assert "2026-12-01 23:30 PST" in evening
    assert "(the two dates differ)" in evening
    assert "2026-12-02 12:00 PST" in noon
    assert "differ" not in noon


def test_a_child_process_starts_at_the_parent_clock(tmp_path, monkeypatch):
    script = tmp_path / "now.py"
    script.write_text("import datetime\nprint(datetime.datetime.now(datetime.UTC).isoformat())\n")
    instant = datetime.datetime(2031, 5, 4, 3, 2, tzinfo=UTC)

    monkeypatch.setattr(clock, "pinned", lambda: True)  # as under --clock
    with time_machine.travel(instant, tick=False):
        env = clock.child_env()
    command = clock.child_command(str(script))
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603

    child_now = datetime.datetime.fromisoformat(output.stdout.strip())
    assert instant <= child_now < instant + datetime.timedelta(minutes=5)
