"""Stacked bar charts as inline SVG, rendered on the server: no JavaScript, no CDN, so a chart
needs nothing from outside the registry and prints like the rest of the page.

Accessible by construction: the ``<svg>`` is an image labelled by its own ``<title>`` and
``<desc>``; every bar segment carries a ``<title>`` ("Apr — BPA Approved: 3") that browsers
show on hover; the legend is part of the drawing; and the page prints the same numbers as a
table. Every text is escaped here, so the result is safe to insert as is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28  # plot margins (px): y labels left, x labels below
LEGEND_ROW, LEGEND_COLUMN = 20, 180


@dataclass(frozen=True)
class Series:
    """One stacked layer: a label, a colour and one value per bar."""

    key: str
    label: str
    values: tuple[int, ...]
    color: str


def nice_ceiling(value: int) -> int:
    """The axis top: ``value`` rounded up to 1, 2 or 5 × a power of ten (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    """A count as is (3), a rate without trailing zeros (9.1, 10)."""
    return str(value) if isinstance(value, int) else f"{value:g}"


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    width: int = 720,
    plot_height: int = 200,
    unit: str = "",
    goal: float | None = None,
    goal_label: str = "",
) -> SafeString:
    """An SVG stacked bar chart: one bar per label, one segment per series with a value.

    ``chart_id`` must be unique on the page: it names the title and description elements.
    ``unit`` follows every number ("%"); ``goal`` draws a dashed line at that value, labelled
    ``goal_label`` (the QA dashboard's 10 % goal, seed 001 L27).
    """
    for layer in series:
        if len(layer.values) != len(labels):
            raise ValueError(f"Series {layer.key!r} needs one value per label.")
    uid = escape(chart_id)
    totals = [sum(layer.values[i] for layer in series) for i in range(len(labels))]
    top = nice_ceiling(max([*totals, goal or 0]))
    plot_width = width - LEFT - RIGHT
    per_row = max(1, width // LEGEND_COLUMN)
    legend_rows = math.ceil(len(series) / per_row)
    height = TOP + plot_height + BOTTOM + legend_rows * LEGEND_ROW + 8

    def y(value: float) -> float:
        return TOP + plot_height - plot_height * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{uid}-t {uid}-d">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(description)}</desc>',
    ]
    # Axis: the baseline, the top and, when it is a whole number of jobs, the middle.
    for tick in sorted({0, top // 2 if top % 2 == 0 else 0, top}):
        label = f"{_number(tick)}{unit}"
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'class="chart-grid" stroke="#cfd8dc" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="currentColor">{escape(label)}</text>'
        )
    band = plot_width / max(len(labels), 1)
    bar_width = max(band * 0.7, 1)
    for i, label in enumerate(labels):
        x = LEFT + band * i + (band - bar_width) / 2
        parts.append(
            f'<g class="chart-bar" data-label="{escape(label)}" data-total="{_number(totals[i])}">'
        )
        base = 0
        for layer in series:
            value = layer.values[i]
            if value <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y(base + value):.1f}" width="{bar_width:.1f}" '
                f'height="{y(base) - y(base + value):.1f}" fill="{escape(layer.color)}" '
                f'data-series="{escape(layer.key)}" data-value="{_number(value)}">'
                f"<title>{escape(label)} — {escape(layer.label)}: {_number(value)}{escape(unit)}"
                "</title></rect>"
            )
            base += value
        parts.append(
            f'<text x="{x + bar_width / 2:.1f}" y="{TOP + plot_height + 16}" font-size="11" '
            f'text-anchor="middle" fill="currentColor">{escape(label)}</text></g>'
        )
    if goal is not None:
        parts.append(
            f'<g class="chart-goal" data-goal="{_number(goal)}">'
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(goal):.1f}" y2="{y(goal):.1f}" '
            'stroke="#c62828" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{width - RIGHT}" y="{y(goal) - 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#c62828">{escape(goal_label)}</text></g>'
        )
    legend_top = TOP + plot_height + BOTTOM + 4
    parts.append('<g class="chart-legend">')
    for index, layer in enumerate(series):
        row, column = divmod(index, per_row)
        lx, ly = LEFT + column * LEGEND_COLUMN, legend_top + row * LEGEND_ROW
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{escape(layer.color)}"/>'
            f'<text x="{lx + 18}" y="{ly + 11}" font-size="12" fill="currentColor">'
            f"{escape(layer.label)}</text>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
