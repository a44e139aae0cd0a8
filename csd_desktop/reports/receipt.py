"""The receipt (وصل استلام) a citizen takes home: A5 for office printers, 80 mm for thermal rolls."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from csd_desktop.services.receipt_data import ReceiptData

from ..i18n import D_
from .arabic import FONT, FONT_BOLD, draw_centred, register_fonts, text_width
from .flow import Column, Flow

TITLE = D_("وصل استلام")
COPY_MARK = D_("نسخة")
_QR_QUIET = 4  # modules of white around the code, as the standard asks
_WEEKDAYS = (
    D_("الاثنين"),
    D_("الثلاثاء"),
    D_("الأربعاء"),
    D_("الخميس"),
    D_("الجمعة"),
    D_("السبت"),
    D_("الأحد"),
)


@dataclass(frozen=True)
class _Paper:
    width: float
    height: float | None  # None: as tall as the content, cut from a thermal roll
    margin: float
    body: float  # body font size
    reference: float  # largest font size for the reference number
    qr: float
    framed: bool  # thin frame, QR beside the reference, a watermark on copies


PAPERS = {
    "a5": _Paper(148 * mm, 210 * mm, 13 * mm, 11, 21, 34 * mm, framed=True),
    "80mm": _Paper(80 * mm, None, 4 * mm, 9.5, 16, 40 * mm, framed=False),
}


def _day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {d:%Y-%m-%d}"


def _moment(t: datetime) -> str:
    return D_("{value} الساعة {t:%H:%M}").format(value=_day(t), t=t)


def _flow(canvas: Canvas | None, paper: _Paper, page_height: float) -> Flow:
    """The receipt's flow. An A5 sheet being drawn turns to a new (framed) page when full; a roll, or a
    sheet only measured, never does."""
    flow = Flow(
        canvas,
        left=paper.margin,
        right=paper.width - paper.margin,
        top=page_height - paper.margin,
        bottom=None,
        leading=1.6,
        drop=1.1,
    )
    if canvas is not None and paper.height is not None:
        flow.bottom = paper.margin
        flow.page_start = lambda _flow: _frame(canvas, paper, page_height)
    return flow


def _rows(
    flow: Flow, rows: list[tuple[str, str]], size: float, bold_values: frozenset[str] = frozenset()
) -> None:
    """Label on the right, its value wrapped in the column to its left."""
    labels = [f"{label}:" for label, _ in rows]
    label_width = max(text_width(label, FONT_BOLD, size) for label in labels) + size
    value_right = flow.right - label_width
    values = Column(value_right, value_right - flow.left)
    for label, (key, value) in zip(labels, rows, strict=True):
        flow.ensure(1.6 * size)  # before taking `top`, so label and value share a page
        top = flow.y
        flow.text(label, FONT_BOLD, size)
        flow.y = top
        font = FONT_BOLD if key in bold_values else FONT
        flow.paragraph(value, font, size, column=values)


def _qr(flow: Flow, text: str, x_left: float, y_top: float, side: float) -> None:
    """The code fills `side` including its 4-module quiet zone, drawn as one path (fast)."""
    if flow.c is None:
        return
    code = QrCodeWidget(text, barLevel="M").qr  # the widget's encoder, without its Rect objects
    code.make()
    count = code.getModuleCount()
    module = side / (count + 2 * _QR_QUIET)
    path = flow.c.beginPath()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            n = len(list(run))
            if dark:
                y = y_top - (r + _QR_QUIET + 1) * module
                # a slight overlap so no hairline shows between rows when rasterised
                path.rect(x_left + (c + _QR_QUIET) * module, y, n * module, module * 1.05)
            c += n
    flow.c.drawPath(path, stroke=0, fill=1)


def _frame(canvas: Canvas, paper: _Paper, page_height: float) -> None:
    if paper.framed:
        inset = paper.margin / 2
        canvas.setLineWidth(0.8)
        canvas.rect(inset, inset, paper.width - 2 * inset, page_height - 2 * inset)


def _fit(text: str, font: str, largest: float, width: float) -> float:
    """The largest size up to `largest` at which one line fits: references must never wrap."""
    return min(largest, width / max(text_width(text, font, 1.0), 1.0))


def _reference_block(flow: Flow, p: _Paper, data: ReceiptData) -> None:
    if p.framed:  # QR on the left, the reference beside it on the right
        top = flow.y
        right_width = flow.width - p.qr - 4 * mm
        flow.y -= 3 * mm
        flow.text(D_("الرقم المرجعي"), FONT, p.body)
        flow.text(data.reference, FONT_BOLD, _fit(data.reference, FONT_BOLD, p.reference, right_width))
        flow.paragraph(
            D_("احتفظ بهذا الرقم لمتابعة طلبك"), FONT, p.body - 1, column=Column(flow.right, right_width)
        )
        _qr(flow, data.qr_text, flow.left, top, p.qr)
        flow.y = min(flow.y, top - p.qr)
    else:  # a roll is narrow: reference and QR stacked, centred
        flow.text(D_("الرقم المرجعي"), FONT, p.body, centre=True)
        flow.text(
            data.reference, FONT_BOLD, _fit(data.reference, FONT_BOLD, p.reference, flow.width), centre=True
        )
        _qr(flow, data.qr_text, (flow.left + flow.right - p.qr) / 2, flow.y, p.qr)
        flow.y -= p.qr


def _copy_block(flow: Flow, p: _Paper, reprinted_at: datetime) -> None:
    """A boxed mark that no one can miss: this is not the original receipt."""
    size = p.body
    inset = 0.05 * flow.width
    flow.y -= 3
    top = flow.y
    flow.text(COPY_MARK, FONT_BOLD, size + 5, centre=True)
    flow.y += 0.3 * size  # the mark's leading is generous; pull the date line up under it
    inner = flow.width - 2 * inset - 2 * mm
    when = D_("أعيدت طباعتها {reprinted_at:%Y-%m-%d} الساعة {reprinted_at:%H:%M}").format(
        reprinted_at=reprinted_at
    )
    middle = (flow.left + flow.right) / 2
    flow.paragraph(when, FONT, size, column=Column(middle + inner / 2, inner), centre=True)
    if flow.c is not None:
        flow.c.setLineWidth(1.5)
        flow.c.roundRect(flow.left + inset, flow.y, flow.width - 2 * inset, top - flow.y, 2 * mm)
    flow.y -= 3


def _watermark(canvas: Canvas, paper: _Paper, page_height: float) -> None:
    canvas.saveState()
    canvas.setFillGray(0.9)
    canvas.translate(paper.width / 2, page_height / 2)
    canvas.rotate(35)
    draw_centred(canvas, COPY_MARK, 0, -30, FONT_BOLD, 110)
    canvas.restoreState()


def _lay_out(flow: Flow, p: _Paper, data: ReceiptData) -> None:
    flow.paragraph(data.office_name, FONT_BOLD, p.body + 2, centre=True)
    flow.text(data.governorate, FONT, p.body, centre=True)
    flow.text(TITLE, FONT_BOLD, p.body + 7, centre=True)
    flow.y -= 3  # the title's deep descenders need air above the rule
    if data.reprinted_at is not None:
        _copy_block(flow, p, data.reprinted_at)
    flow.rule()
    _reference_block(flow, p, data)
    flow.rule()
    expected = _day(data.expected_answer)
    rows = [
        (D_("تاريخ التسجيل"), _moment(data.registered_at)),
        (D_("اسم المواطن"), data.citizen_name),
        (D_("نوع الطلب"), data.kind),
        (D_("الفئة"), data.category),
        (D_("الجهة المعنية"), data.entity or "—"),
        (D_("الموضوع"), data.subject),
        (D_("موعد الرد المتوقع"), expected),
    ]
    _rows(flow, rows, p.body, bold_values=frozenset({D_("موعد الرد المتوقع")}))
    flow.rule()
    probe = _flow(None, p, 0.0)
    _closing(probe, p, data)
    flow.ensure(-p.margin - probe.y)  # how to follow up, the clerk and the footer stay together
    _closing(flow, p, data)
    if p.framed and flow.y > p.margin + 25 * mm:  # room left on the sheet: where the office signs and stamps
        flow.y = p.margin + 12 * mm
        flow.text(D_("توقيع الموظف"), FONT, p.body)
        flow.y += 1.6 * p.body
        flow.text(D_("ختم المكتب"), FONT, p.body, column=Column(flow.left + 40 * mm, flow.width))


def _closing(flow: Flow, p: _Paper, data: ReceiptData) -> None:
    flow.paragraph(data.follow_up, FONT, p.body)
    _rows(flow, [(D_("الموظف"), data.clerk_name)], p.body)
    flow.rule()
    flow.paragraph(D_("يرجى الاحتفاظ بهذا الوصل وإبرازه عند المراجعة"), FONT, p.body - 1.5, centre=True)


def _paper(name: str) -> _Paper:
    if name not in PAPERS:
        raise ValueError(f"unknown paper {name!r}: expected one of {sorted(PAPERS)}")
    register_fonts()
    return PAPERS[name]


def receipt_lines(data: ReceiptData, paper: str = "a5") -> list[str]:
    """Every line of text the receipt prints, in logical order, top to bottom (labels before values)."""
    p = _paper(paper)
    probe = _flow(None, p, p.height or 0.0)
    _lay_out(probe, p, data)
    return probe.printed


def render_receipt(data: ReceiptData, paper: str = "a5") -> bytes:
    """The receipt as a PDF; `paper` is "a5" or "80mm"."""
    p = _paper(paper)
    if p.height is None:
        probe = _flow(None, p, 0.0)
        _lay_out(probe, p, data)
        page_height = -probe.y + 2 * p.margin  # a little extra so the cutter misses the last line
    else:
        page_height = p.height
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(p.width, page_height), invariant=True, pageCompression=1)
    canvas.setTitle(data.reference)
    canvas.setSubject(TITLE)
    canvas.setAuthor(data.office_name)
    canvas.setCreator("CSD Desktop")
    _frame(canvas, p, page_height)
    if data.reprinted_at is not None and p.framed:
        _watermark(canvas, p, page_height)
    _lay_out(_flow(canvas, p, page_height), p, data)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
