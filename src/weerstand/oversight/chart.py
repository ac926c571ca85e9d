"""A small server-rendered line chart (inline SVG) of one indicator's series: no script, no
external asset. The table next to it carries the same figures and is the text alternative."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 480, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: tuple[Point, ...]
    polyline: str
    y_max_label: str
    baseline_y: float
    top_y: float
    left: int
    right_x: float


def line_chart(values: list[tuple[str, float | None, str]], *, y_max: float, unit: str) -> Chart:
    """`values`: (period label, value or None, shown value). Gaps (None) break no line: the
    line joins the periods that have a figure, the table says which have none."""
    n = max(len(values), 1)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    top = y_max if y_max > 0 else 1.0
    points = []
    for i, (label, value, shown) in enumerate(values):
        x = LEFT + (span_x * (i + 0.5) / n)
        if value is None:
            points.append(Point(round(x, 1), -1.0, label, shown))
            continue
        y = TOP + span_y * (1 - min(value, top) / top)
        points.append(Point(round(x, 1), round(y, 1), label, shown))
    drawn = [p for p in points if p.y >= 0]
    return Chart(
        WIDTH,
        HEIGHT,
        tuple(points),
        " ".join(f"{p.x},{p.y}" for p in drawn),
        f"{top:g}{unit}",
        TOP + span_y,
        TOP,
        LEFT,
        WIDTH - RIGHT,
    )
