"""The report's charts (reportlab.graphics drawings): received cases by category and by
entity, and the twelve-month trend. Every label is added to `printed`, like every other string."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib.units import mm

from csd_desktop.services.figures import TrendPoint

from ...i18n import D_
from .. import arabic
from ..arabic import FONT, FONT_BOLD
from .flowables import GREY, MUTED, NAVY, RULE, SAND, TEXT, WIDTH
from .wording import count


def _label(
    printed: list[str],
    d: Drawing,
    x: float,
    y: float,
    value: str,
    size: float = 8.5,
    *,
    font: str = FONT,
    colour: Any = TEXT,
    anchor: str = "end",
) -> None:
    """A chart label: Arabic shaped and reordered like every other string, and remembered."""
    printed.append(value)
    d.add(
        String(x, y, arabic.visual(value), fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)
    )


def bars(printed: list[str], title: str, items: Sequence[tuple[str, int]], colour: Any) -> Drawing:
    """Horizontal bars growing leftwards from their labels on the right."""
    bar, gap, label_w, top = 9.0, 3.4, 58 * mm, 22
    height = top + max(1, len(items)) * (bar + gap) + 4
    d = Drawing(WIDTH, height)
    _label(printed, d, WIDTH, height - 13, title, 10.5, font=FONT_BOLD, colour=NAVY)
    if not items:
        _label(printed, d, WIDTH - 4, height - 34, D_("لا توجد طلبات في هذه الفترة."), 9)
        return d
    most = max(v for _, v in items) or 1
    span = WIDTH - label_w - 28 * mm
    x_right = WIDTH - label_w
    d.add(Line(x_right, 2, x_right, height - top + 2, strokeColor=RULE, strokeWidth=0.8))
    for i, (label, value) in enumerate(items):
        y = height - top - (i + 1) * (bar + gap) + gap / 2
        length = span * value / most
        lines = arabic.wrap(label, FONT, 8.5, label_w - 6)
        _label(printed, d, WIDTH - 2, y + 2.5, lines[0] if len(lines) == 1 else lines[0] + "…")
        d.add(Rect(x_right - length, y, length, bar, fillColor=colour, strokeColor=None))
        _label(printed, d, x_right - length - 3, y + 2.5, count(value), 8, colour=MUTED)
    return d


def trend_chart(printed: list[str], points: Sequence[TrendPoint]) -> Drawing:
    """Received and closed over twelve months; time runs right to left, the axis is on the right."""
    height, bottom, top = 70 * mm, 15 * mm, 15 * mm
    axis_x, left = WIDTH - 14 * mm, 4 * mm
    d = Drawing(WIDTH, height)
    title = D_("الطلبات المستلمة والمغلقة خلال اثني عشر شهراً")
    _label(printed, d, WIDTH, height - 12, title, 10.5, font=FONT_BOLD, colour=NAVY)
    most = max([p.received for p in points] + [p.closed for p in points] + [1])
    step = _nice_step(most)
    ceiling = step * -(-most // step)
    plot_h = height - bottom - top
    y_of = lambda v: bottom + plot_h * v / ceiling  # noqa: E731
    for tick in range(0, ceiling + 1, step):
        y = y_of(tick)
        d.add(Line(left, y, axis_x, y, strokeColor=GREY if tick else RULE, strokeWidth=0.6))
        _label(printed, d, axis_x + 2, y - 3, count(tick), 7.5, colour=MUTED, anchor="start")
    slot = (axis_x - left) / len(points)
    x_of = lambda i: axis_x - slot * (i + 0.5)  # noqa: E731 - the oldest month on the right
    for i, p in enumerate(points):
        month, year = p.label.rsplit(" ", 1)
        _label(printed, d, x_of(i), bottom - 10, month, 7, anchor="middle")
        _label(printed, d, x_of(i), bottom - 19, year, 6.5, colour=MUTED, anchor="middle")
    for series, colour in (("received", NAVY), ("closed", SAND)):
        xy: list[float] = []
        for i, p in enumerate(points):
            xy += [x_of(i), y_of(getattr(p, series))]
        d.add(PolyLine(xy, strokeColor=colour, strokeWidth=1.8))
        for i in range(0, len(xy), 2):
            d.add(Rect(xy[i] - 1.6, xy[i + 1] - 1.6, 3.2, 3.2, fillColor=colour, strokeColor=None))
    for j, (colour, name) in enumerate(((NAVY, D_("المستلمة")), (SAND, D_("المغلقة")))):
        x = WIDTH - 4 - j * 32 * mm
        d.add(Rect(x - 8, height - 25, 8, 3, fillColor=colour, strokeColor=None))
        _label(printed, d, x - 12, height - 26, name)
    return d


def _nice_step(most: int) -> int:
    """A round tick step giving four to eight gridlines."""
    for step in (
        1,
        2,
        5,
        10,
        20,
        25,
        50,
        100,
        200,
        250,
        500,
        1000,
        2000,
        2500,
        5000,
        10000,
        20000,
        25000,
        50000,
    ):
        if most / step <= 8:
            return step
    return 100000
