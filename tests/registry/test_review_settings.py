"""Review schedule and worker settings (registry/settings.py): strict parsing, loud failure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings_value(expression: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from django.conf import settings as s; print({expression})",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_review_defaults(settings):
    assert settings.REVIEW_INTERVAL_DAYS == 14
    assert settings.REVIEW_ANCHOR_DATE.isoformat() == "2024-01-01"
    assert settings.REVIEW_ANCHOR_DATE.weekday() == 0  # a Monday
    assert settings.REVIEW_OVERDUE_DAYS == 14
    assert settings.REVIEW_BATCH_HOUR == 6
    assert settings.REVIEW_FOUR_EYES is True
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 3600


def test_four_eyes_is_turned_off_by_the_environment():
    result = _settings_value("s.REVIEW_FOUR_EYES", REVIEW_FOUR_EYES="false")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_the_review_schedule_and_redelivery_follow_the_environment():
    result = _settings_value(
        "s.REVIEW_ANCHOR_DATE, s.REVIEW_INTERVAL_DAYS, s.CELERY_BROKER_TRANSPORT_OPTIONS",
        REVIEW_ANCHOR_DATE="2025-01-06",
        REVIEW_INTERVAL_DAYS="7",
        CELERY_VISIBILITY_TIMEOUT="30",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "2025-01-06 7 {'visibility_timeout': 30, "
        "'unacked_restore_interval': 3, 'unacked_restore_throttle': 1}"
    )


@pytest.mark.parametrize(
    ("variable", "raw", "message"),
    [
        ("REVIEW_ANCHOR_DATE", "06/01/2025", "YYYY-MM-DD"),
        ("REVIEW_BATCH_HOUR", "24", "REVIEW_BATCH_HOUR=24"),
        ("REVIEW_INTERVAL_DAYS", "0", "REVIEW_INTERVAL_DAYS"),
        ("REVIEW_FOUR_EYES", "sometimes", "REVIEW_FOUR_EYES='sometimes' is not a boolean"),
    ],
)
def test_a_bad_review_setting_stops_the_process(variable, raw, message):
    result = _settings_value("s.REVIEW_BATCH_HOUR", **{variable: raw})
    assert result.returncode != 0
    assert message in result.stderr
