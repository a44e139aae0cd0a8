"""The ITRS report (seed 000) of a month, quarter, year or any period as an A4 PDF: its sections in
order, each page's header and footer, and "page N of M".

Every string goes through the Writer (flowables.py: reshaped and reordered by reports/arabic.py, one
line at a time) and is remembered, so a test can check the font has a glyph for every character printed.
Tables put their first column on the right and repeat their header on each page they run onto.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from csd_desktop.services.month_close import ReportData

from ...i18n import D_
from .. import arabic
from ..arabic import FONT
from . import sections, tables
from .flowables import MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE, NumberedCanvas, Writer
from .wording import PRINTED_BY, TITLES

SECTIONS = (
    sections.cover,
    sections.summary,
    sections.kpis,
    sections.charts,
    tables.breakdowns,
    tables.recurring,
    tables.trend,
    tables.overdue,
    tables.amendments,
    sections.notes,
    sections.signatures,
)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    printed: tuple[str, ...]  # every string printed, in logical order (for the glyph check)


@dataclass(frozen=True)
class _Furniture:
    """What every page repeats: the header from page two on, the footer on all."""

    data: ReportData

    @property
    def title(self) -> str:
        figures = self.data.figures
        return f"{TITLES[figures.period.kind]} — {figures.period_label}"

    @property
    def footnote(self) -> str:
        return f"{self.data.figures.office_code} — {self.data.figures.period_label}"

    @property
    def printed_by(self) -> str:
        return PRINTED_BY.format(day=self.data.prepared_on.isoformat())

    def header(self, canvas: Canvas, _doc: Any) -> None:
        top = PAGE_HEIGHT - 10 * mm
        canvas.saveState()
        canvas.setFillColor(MUTED)
        arabic.draw_right(canvas, self.data.figures.office_name, PAGE_WIDTH - MARGIN, top, FONT, 8.5)
        canvas.setFont(FONT, 8.5)
        canvas.drawString(MARGIN, top, arabic.visual(self.title))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 3, PAGE_WIDTH - MARGIN, top - 3)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, 12 * mm, PAGE_WIDTH - MARGIN, 12 * mm)
        arabic.draw_centred(canvas, _page_of(page, pages), PAGE_WIDTH / 2, 8 * mm, FONT, 8.5)
        arabic.draw_right(canvas, self.footnote, PAGE_WIDTH - MARGIN, 8 * mm, FONT, 8)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, 8 * mm, arabic.visual(self.printed_by))
        canvas.restoreState()

    def printed(self, pages: int) -> list[str]:
        office = self.data.figures.office_name
        return [office, self.title, _page_of(pages, pages), self.footnote, self.printed_by]


def _page_of(page: int, pages: int) -> str:
    return D_("الصفحة {page} من {pages}").format(page=page, pages=pages)


def render(data: ReportData) -> Rendered:
    """The report as PDF bytes, with every string it printed."""
    arabic.register_fonts()
    writer = Writer()
    story = [flowable for section in SECTIONS for flowable in section(writer, data)]
    figures = data.figures
    furniture = _Furniture(data)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title=furniture.title,
        author=data.prepared_by,
        subject=f"{figures.office_code} {figures.period.start.isoformat()} / {figures.period.end.isoformat()}",
        creator="CSD Desktop",
        invariant=1,  # the same data gives the same bytes, so a locked report's hash can be checked
    )
    pages: list[int] = []

    def footer(canvas: Canvas, page: int, total: int) -> None:
        pages.append(total)
        furniture.footer(canvas, page, total)

    doc.build(
        story,
        onFirstPage=lambda c, d: None,
        onLaterPages=furniture.header,
        canvasmaker=partial(NumberedCanvas, footer=footer),
    )
    printed = [*writer.printed, *furniture.printed(pages[0] if pages else 1)]
    return Rendered(out.getvalue(), tuple(printed))


def render_report(data: ReportData) -> bytes:
    return render(data).pdf
