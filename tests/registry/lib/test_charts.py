"""The server-side SVG charts (registry.lib.charts) of the territory dashboard: pure, no
database."""

import re

import pytest

from registry.lib.charts import Series, nice_ceiling, stacked_bar_chart


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (2, 2), (3, 5), (5, 5), (6, 10), (10, 10), (11, 20)]
)
def test_axis_top_is_a_round_number_at_or_above_the_tallest_bar(value, top):
    assert nice_ceiling(value) == top


def test_chart_escapes_every_text():
    svg = stacked_bar_chart(
        chart_id="x",
        title="<b>T</b>",
        description="d & e",
        labels=["<Jan>"],
        series=[Series("k", "<script>", (1,), "#000")],
    )

    assert "<script>" not in svg
    assert "&lt;b&gt;T&lt;/b&gt;" in svg
    assert "d &amp; e" in svg


def test_chart_stacks_segments_and_skips_zeros():
    svg = stacked_bar_chart(
        chart_id="x",
        title="t",
        description="d",
        labels=["Jan", "Feb"],
        series=[Series("a", "A", (1, 0), "#111"), Series("b", "B", (2, 3), "#222")],
    )

    assert 'data-label="Jan" data-total="3"' in svg
    assert 'data-label="Feb" data-total="3"' in svg
    assert svg.count("<rect") == 3 + 2  # three segments, two legend keys
    assert "<title>Feb — A: 0</title>" not in svg


def test_chart_refuses_a_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="one value per label"):
        stacked_bar_chart(
            chart_id="x",
            title="t",
            description="d",
            labels=["Jan", "Feb"],
            series=[Series("a", "A", (1,), "#111")],
        )


@pytest.mark.parametrize(
    ("tallest", "ticks"), [(1, ["0", "1"]), (2, ["0", "1", "2"]), (3, ["0", "5"])]
)
def test_axis_labels_are_whole_numbers_of_jobs(tallest, ticks):
    svg = stacked_bar_chart(
        chart_id="x",
        title="t",
        description="d",
        labels=["Jan"],
        series=[Series("a", "A", (tallest,), "#111")],
    )

    assert re.findall(r'text-anchor="end"[^>]*>(\d+(?:\.\d+)?)</text>', svg) == ticks
