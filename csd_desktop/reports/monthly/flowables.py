"""The report's page and what is put on it: geometry, palette, right-aligned Arabic lines, the writer
every string is printed through (shaped by reports/arabic.py and remembered, for the glyph check) and
the canvas that numbers the pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from .. import arabic
from ..arabic import FONT, FONT_BOLD

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F8E")
SAND = colors.HexColor("#C9A227")
ZEBRA = colors.HexColor("#F1F4F8")
RULE = colors.HexColor("#B8C2CE")
GREEN = colors.HexColor("#DDF1E3")
RED = colors.HexColor("#F8DEDC")
GREY = colors.HexColor("#ECEEF1")
TEXT = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#5B6573")

# --- flowables --------------------------------------------------------------------------------------


class Lines(Flowable):
    """Right-aligned Arabic lines (already wrapped and shaped), drawn top to bottom."""

    def __init__(
        self,
        lines: Sequence[str],
        font: str,
        size: float,
        leading: float,
        color: Any = TEXT,
        *,
        centre: bool = False,
        rule: Any = None,
        space_after: float = 0,
    ) -> None:
        super().__init__()
        self.lines, self.font, self.size, self.leading = list(lines), font, size, leading
        self.color, self.centre, self.rule, self.space_after = color, centre, rule, space_after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = len(self.lines) * self.leading + self._below
        return self.width, self.height

    @property
    def _below(self) -> float:
        return self.space_after + (4 if self.rule is not None else 0)

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.color)
        c.setFont(self.font, self.size)
        y = self.height
        for line in self.lines:
            y -= self.leading
            baseline = y + 0.32 * self.leading  # room for Arabic descenders below the baseline
            if self.centre:
                c.drawCentredString(self.width / 2, baseline, line)
            else:
                c.drawRightString(self.width, baseline, line)
        if self.rule is not None:
            c.setStrokeColor(self.rule)
            c.setLineWidth(1.2)
            c.line(0, self.space_after + 1.5, self.width, self.space_after + 1.5)


class Writer:
    """Prints through reports/arabic.py and remembers every string in `printed`."""

    def __init__(self) -> None:
        self.printed: list[str] = []

    # -- text --

    def text(self, value: str, font: str = FONT, size: float = 9, width: float | None = None) -> str:
        self.printed.append(value)
        return arabic.cell(value, font, size, width)

    def paragraph(self, value: str, size: float = 10, *, font: str = FONT, color: Any = TEXT) -> Lines:
        self.printed.append(value)
        lines = [arabic.visual(line) for line in arabic.wrap(value, font, size, WIDTH)]
        return Lines(lines, font, size, 1.75 * size, color, space_after=2)

    def line(
        self, value: str, font: str, size: float, leading: float, color: Any = TEXT, **options: Any
    ) -> Lines:
        """One line that is never wrapped (a title, a heading); `options` as for Lines."""
        self.printed.append(value)
        return Lines([arabic.visual(value)], font, size, leading, color, **options)

    def heading(self, value: str) -> list[Flowable]:
        """A section's numbered heading, kept off the foot of a page."""
        return [
            CondPageBreak(45 * mm),
            Spacer(1, 4 * mm),
            self.line(value, FONT_BOLD, 13, 22, NAVY, rule=SAND, space_after=3 * mm),
        ]

    def subheading(self, value: str) -> list[Flowable]:
        """A table's own title inside a section."""
        return [
            CondPageBreak(40 * mm),
            Spacer(1, 3 * mm),
            self.line(value, FONT_BOLD, 10.5, 17, TEAL, space_after=1.5 * mm),
        ]

    # -- tables --

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        size: float = 8.5,
        bold_last: bool = False,
        extra: Sequence[tuple[Any, ...]] = (),
    ) -> Table:
        """A table in logical column order (the first column is drawn on the right); the header row,
        if any, is repeated on every page the table runs onto. `extra` styles use logical columns."""
        n = len(widths)
        pad = 3
        leading = size * 1.45

        def cells(row: Sequence[str], font: str) -> list[str]:
            return [self.text(v, font, size, w - 2 * pad) for v, w in zip(row, widths, strict=True)][::-1]

        data = [cells(header, FONT_BOLD)] if header else []
        data += [
            cells(r, FONT_BOLD if bold_last and i == len(rows) - 1 else FONT) for i, r in enumerate(rows)
        ]
        first = 1 if header else 0
        col = lambda logical: n - 1 - logical  # noqa: E731 - the drawn column of a logical one
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, size, leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
            ("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, ZEBRA]),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.6, NAVY),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if header:
            style += [
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, size, leading),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ]
        for logical in numeric:
            style.append(("ALIGN", (col(logical), first), (col(logical), -1), "CENTER"))
        if bold_last and rows:
            style += [
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, size, leading),
                ("BACKGROUND", (0, -1), (-1, -1), GREY),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
            ]
        for name, (c0, r0), (c1, r1), *args in extra:
            style.append((name, (col(c1), r0), (col(c0), r1), *args))
        return Table(
            data, colWidths=list(widths)[::-1], repeatRows=first, hAlign="RIGHT", style=TableStyle(style)
        )


class NumberedCanvas(Canvas):
    """Holds the pages back until the end, to print "page N of M" on each."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()
