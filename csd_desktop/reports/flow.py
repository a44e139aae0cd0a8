"""Laying a canvas document down line by line from the top of the page: the one helper the receipt and
the letters share. Without a canvas it only measures (a roll's height, a letter's page count) and still
records every line it would print."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .arabic import draw_centred, draw_right, visual, wrap

_MAX_GAP = 2.5  # a justified line may stretch its spaces this many times, no more (else it stays ragged)


@dataclass(frozen=True)
class Column:
    """Where lines go: their right edge and the width they wrap to."""

    right: float
    width: float

    @property
    def centre(self) -> float:
        return self.right - self.width / 2


PageHook = Callable[["Flow"], None]


class Flow:
    """A cursor `y` moving down the page. A piece that does not fit above `bottom` starts a new page
    (never, when `bottom` is None: a roll grows to fit). `page_end` runs before a page is closed (a
    footer), `page_start` after a new one is opened (a frame, a continuation line)."""

    def __init__(
        self,
        canvas: Canvas | None,
        *,
        left: float,
        right: float,
        top: float,
        bottom: float | None,
        leading: float,
        drop: float,
        page_end: PageHook | None = None,
        page_start: PageHook | None = None,
    ) -> None:
        self.c = canvas
        self.left, self.right, self.top, self.bottom = left, right, top, bottom
        self.leading, self.drop = leading, drop  # in font sizes: line height, first baseline below y
        self.page_end, self.page_start = page_end, page_start
        self.y = top
        self.page = 1
        self.printed: list[str] = []  # logical lines, top to bottom

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def column(self) -> Column:
        return Column(self.right, self.width)

    # --- pages -------------------------------------------------------------------------------------

    def room(self) -> float:
        return float("inf") if self.bottom is None else self.y - self.bottom

    def ensure(self, height: float) -> bool:
        """Start a new page if `height` does not fit above the bottom; True if it did."""
        if self.room() >= height:
            return False
        self.new_page()
        return True

    def new_page(self) -> None:
        if self.page_end is not None:
            self.page_end(self)
        if self.c is not None:
            self.c.showPage()
        self.page += 1
        self.y = self.top
        if self.page_start is not None:
            self.page_start(self)

    # --- lines -------------------------------------------------------------------------------------

    def text(
        self,
        line: str,
        font: str,
        size: float,
        *,
        column: Column | None = None,
        centre: bool = False,
        justify: bool = False,
        leading: float | None = None,
        drop: float | None = None,
    ) -> float:
        """One line, its baseline `drop` sizes below the cursor; returns the baseline."""
        height = (self.leading if leading is None else leading) * size
        self.ensure(height)
        col = column or self.column
        baseline = self.y - (self.drop if drop is None else drop) * size
        self.printed.append(line)
        if self.c is not None:
            if centre:
                draw_centred(self.c, line, col.centre, baseline, font, size)
            elif justify:
                draw_justified(self.c, line, col, baseline, font, size)
            else:
                draw_right(self.c, line, col.right, baseline, font, size)
        self.y -= height
        return baseline

    def paragraph(
        self,
        text: str,
        font: str,
        size: float,
        *,
        column: Column | None = None,
        centre: bool = False,
        justify: bool = False,
    ) -> None:
        """Wrapped in logical order, drawn top to bottom; justified, every line but a paragraph's last."""
        col = column or self.column
        for part in text.split("\n"):
            lines = wrap(part, font, size, col.width)
            for i, line in enumerate(lines):
                last = i == len(lines) - 1
                self.text(line, font, size, column=col, centre=centre, justify=justify and not last)

    def gap(self, height: float) -> None:
        self.y -= height

    def rule(self, gap: float = 4) -> None:
        """A thin line across the column with `gap` above and below."""
        self.ensure(2 * gap)
        self.y -= gap
        if self.c is not None:
            self.c.setLineWidth(0.5)
            self.c.line(self.left, self.y, self.right, self.y)
        self.y -= gap


def draw_justified(canvas: Canvas, line: str, col: Column, y: float, font: str, size: float) -> None:
    """Spread the words of one drawn line over the column; the words keep their drawing order."""
    words = visual(line).split(" ")
    widths = [stringWidth(w, font, size) for w in words]
    natural = stringWidth(" ", font, size)
    gap = (col.width - sum(widths)) / (len(words) - 1) if len(words) > 1 else 0.0
    canvas.setFont(font, size)
    if len(words) < 2 or gap > _MAX_GAP * natural or gap < natural:
        canvas.drawRightString(col.right, y, " ".join(words))
        return
    x = col.right - col.width
    for word, w in zip(words, widths, strict=True):
        canvas.drawString(x, y, word)
        x += w + gap
