"""The geometry of the coalition's chart: certificates issued per month, one line per course.

Drawn on the server as SVG (no script, no library); the template draws what this computes.
Hidden (small) cells are not plotted: the line breaks there, and the table beside the chart
says "<11". Each course has its own colour (Okabe-Ito, readable with colour blindness) and
its own marker shape, so the lines can be told apart without colour too.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils.formats import date_format

from .suppression import Figure

WIDTH, PLOT_HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 16, 40
LEGEND_ROW = 24
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9", "#000000"]
MARKERS = ["circle", "square", "triangle", "diamond"]


def marker_path(shape: str, x: float, y: float, size: float = 5) -> str:
    """An SVG path for a marker centred on (x, y)."""
    if shape == "square":
        return f"M{x - size + 1},{y - size + 1} h{2 * size - 2} v{2 * size - 2} h{2 - 2 * size} Z"
    if shape == "triangle":
        return f"M{x},{y - size - 1} L{x + size + 1},{y + size} L{x - size - 1},{y + size} Z"
    if shape == "diamond":
        return f"M{x},{y - size - 1} L{x + size + 1},{y} L{x},{y + size + 1} L{x - size - 1},{y} Z"
    # a circle as two arcs
    return f"M{x - size},{y} a{size},{size} 0 1,0 {2 * size},0 a{size},{size} 0 1,0 {-2 * size},0"


@dataclass
class Point:
    x: float
    y: float
    value: int
    marker: str = ""


@dataclass
class Series:
    label: str
    colour: str
    marker: str
    points: list[Point] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    legend_x: float = 0
    legend_y: float = 0

    @property
    def legend_marker(self) -> str:
        return marker_path(self.marker, self.legend_x + 8, self.legend_y)


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    series: list[Series]
    empty: bool

    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most `ticks` intervals."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover


def certificates_chart(
    months: list[datetime.date], labels: list[str], rows: list[list[Figure]]
) -> Chart:
    shown = [figure.value for row in rows for figure in row if not figure.hidden]
    maximum = max(shown, default=0)
    step = nice_step(max(maximum, 1))
    top_value = max(step, math.ceil(max(maximum, 1) / step) * step)
    bottom = TOP + PLOT_HEIGHT
    right = WIDTH - RIGHT
    span = max(len(months) - 1, 1)

    def x_of(index: int) -> float:
        return round(LEFT + (right - LEFT) * (index / span if len(months) > 1 else 0.5), 1)

    def y_of(value: int) -> float:
        return round(bottom - PLOT_HEIGHT * value / top_value, 1)

    every = 1 if len(months) <= 12 else 2 if len(months) <= 24 else 3
    x_labels = [
        (x_of(index), date_format(month, "M y"))
        for index, month in enumerate(months)
        if index % every == 0
    ]
    y_ticks = [(y_of(value), value) for value in range(0, top_value + 1, step)]
    series = []
    legend_top = bottom + BOTTOM
    for number, (label, row) in enumerate(zip(labels, rows, strict=True)):
        line = Series(
            label=label,
            colour=COLOURS[number % len(COLOURS)],
            marker=MARKERS[number % len(MARKERS)],
            legend_x=LEFT + (number % 2) * (right - LEFT) / 2,
            legend_y=legend_top + (number // 2) * LEGEND_ROW + LEGEND_ROW / 2,
        )
        segment: list[str] = []
        for index, figure in enumerate(row):
            if figure.hidden:
                if len(segment) > 1:
                    line.paths.append(" ".join(segment))
                segment = []
                continue
            x, y = x_of(index), y_of(figure.value)
            point = Point(x, y, figure.value, marker_path(line.marker, x, y))
            line.points.append(point)
            segment.append(f"{'M' if not segment else 'L'}{point.x},{point.y}")
        if len(segment) > 1:
            line.paths.append(" ".join(segment))
        series.append(line)
    legend_rows = math.ceil(len(series) / 2)
    return Chart(
        width=WIDTH,
        height=legend_top + legend_rows * LEGEND_ROW + 8,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        x_labels=x_labels,
        y_ticks=y_ticks,
        series=series,
        empty=not shown,
    )
