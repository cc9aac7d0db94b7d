"""Strict parsing of environment variables (registry.lib.env): a typo in a setting stops the
process instead of falling back to a default."""

import datetime

import pytest

from registry.lib.env import ConfigurationError, envbool, envdate, envint

DEFAULT = datetime.date(2024, 1, 1)


@pytest.mark.parametrize("raw", ["ture", "2", "enabled"])
def test_a_misspelt_boolean_stops_the_process(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ConfigurationError, match="SOME_FLAG"):
        envbool("SOME_FLAG", default=False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("off", False)])
def test_booleans_that_parse(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert envbool("SOME_FLAG", default=not expected) is expected


def test_a_non_numeric_integer_stops_the_process(monkeypatch):
    monkeypatch.setenv("PROOF_MAX_BYTES", "10MB")
    with pytest.raises(ConfigurationError, match="PROOF_MAX_BYTES"):
        envint("PROOF_MAX_BYTES", 1)


@pytest.mark.parametrize("raw", ["2024-1-1", "20240101", "2024-W01-1", "2024-02-30", "Jan 1"])
def test_a_date_not_written_as_yyyy_mm_dd_stops_the_process(monkeypatch, raw):
    monkeypatch.setenv("REVIEW_ANCHOR_DATE", raw)
    with pytest.raises(ConfigurationError, match="REVIEW_ANCHOR_DATE"):
        envdate("REVIEW_ANCHOR_DATE", DEFAULT)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, DEFAULT), ("", DEFAULT), (" 2025-03-03 ", datetime.date(2025, 3, 3))],
)
def test_dates_that_parse(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("REVIEW_ANCHOR_DATE", raising=False)
    else:
        monkeypatch.setenv("REVIEW_ANCHOR_DATE", raw)
    assert envdate("REVIEW_ANCHOR_DATE", DEFAULT) == expected
