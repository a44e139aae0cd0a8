"""Official A4 letters (referral, reminder, status): one renderer for the Letter values of services.letters."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from csd_desktop.services.letters import Letter, LetterKind

from ..i18n import D_
from .arabic import FONT, FONT_BOLD, draw_right, register_fonts, text_width, visual, wrap
from .flow import Column, Flow

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE = 20 * mm
TOP = 14 * mm
BOTTOM = 24 * mm  # the body stops here; the footer lives below
BODY = 12.5
SMALL = 9.5
LEADING = 1.7  # Amiri's tall ascenders and deep descenders need this much between lines of text
CELL_LEADING = 1.5  # inside a table the rules give the air
PAD = 1.6 * mm  # inside table cells
REPUBLIC = D_("جمهورية العراق")
SUBJECT_MARK = D_("م/ ")
SIGNATURE_ROOM = 16 * mm  # signature and stamp go above the signatory's title
BLANK = "................"


def _flow(canvas: Canvas | None, letter: Letter, pages: int = 0) -> Flow:
    """The letter's flow from the top of page one; `pages`, the total, is known on the drawing pass.
    Every page closes with its footer, and a page after the first opens with a continuation line."""
    return Flow(
        canvas,
        left=SIDE,
        right=PAGE_WIDTH - SIDE,
        top=PAGE_HEIGHT - TOP,
        bottom=BOTTOM,
        leading=LEADING,
        drop=1.15,
        page_end=lambda flow: _footer(flow, letter, pages),
        page_start=lambda flow: _continued(flow, letter),
    )


def _continued(flow: Flow, letter: Letter) -> None:
    flow.text(
        D_("تابع {label} — {reference}").format(label=letter.kind.label, reference=letter.reference),
        FONT,
        SMALL,
    )
    flow.gap(2 * mm)


def _footer(flow: Flow, letter: Letter, pages: int) -> None:
    notice = (
        D_("يرجى ذكره في كتاب الرد") if letter.kind is not LetterKind.STATUS else D_("يرجى ذكره عند المراجعة")
    )
    line = D_("الرقم المرجعي للطلب: {reference} — {notice}").format(reference=letter.reference, notice=notice)
    page = D_("صفحة {page} من {pages}").format(page=flow.page, pages=pages)
    flow.printed += [line, page]
    if flow.c is None:
        return
    flow.c.setLineWidth(0.5)
    flow.c.line(flow.left, BOTTOM - 7 * mm, flow.right, BOTTOM - 7 * mm)
    draw_right(flow.c, line, flow.right, BOTTOM - 12 * mm, FONT, SMALL)
    draw_right(flow.c, page, flow.left + text_width(page, FONT, SMALL), BOTTOM - 12 * mm, FONT, SMALL)


def _table(
    flow: Flow,
    rows: Sequence[tuple[str, str]],
    label_width: float,
    *,
    header: tuple[str, str] | None = None,
    label_font: str = FONT_BOLD,
    size: float = BODY - 1,
) -> None:
    """Two bordered columns, the label on the right. A long value runs on over pages, its cell
    closed at the foot of one page and continued at the top of the next."""
    label_col = Column(flow.right - PAD, label_width - 2 * PAD)
    value_right = flow.right - label_width
    value_col = Column(value_right - PAD, value_right - flow.left - 2 * PAD)
    if header is not None:
        _row(flow, header, (label_col, value_col), (FONT_BOLD, FONT_BOLD), size, shade_both=True)
    for row in rows:
        _row(flow, row, (label_col, value_col), (label_font, FONT), size, shade_both=False)


def _row(
    flow: Flow,
    row: tuple[str, str],
    columns: tuple[Column, Column],
    fonts: tuple[str, str],
    size: float,
    *,
    shade_both: bool,
) -> None:
    (label, value), (label_col, value_col), (label_font, value_font) = row, columns, fonts
    labels = wrap(label, label_font, size, label_col.width)
    values: list[tuple[str, bool]] = []  # (line, justify)
    for part in value.split("\n"):
        lines = wrap(part, value_font, size, value_col.width)
        values += [(line, i < len(lines) - 1) for i, line in enumerate(lines)]
    if len(values) == 1:
        values = [(value, False)]  # one line: draw it as given, direction marks and all
    leading = CELL_LEADING * size
    count = max(len(labels), len(values))
    done = 0
    while done < count:
        flow.ensure(2 * PAD + leading)
        fit = max(1, math.floor((flow.room() - 2 * PAD) / leading))
        n = min(fit, count - done)
        _cell_frame(flow, flow.y, flow.y - 2 * PAD - n * leading, label_col, shade_both)
        flow.y -= PAD
        for i in range(done, done + n):
            top = flow.y
            if i < len(labels):
                flow.text(labels[i], label_font, size, column=label_col, leading=CELL_LEADING, drop=1.05)
                flow.y = top
            if i < len(values):
                line, justify = values[i]
                flow.text(
                    line, value_font, size, column=value_col, justify=justify, leading=CELL_LEADING, drop=1.05
                )
            flow.y = top - leading
        flow.y -= PAD
        done += n
        if done < count:
            flow.new_page()


def _cell_frame(flow: Flow, top: float, bottom: float, label_col: Column, shade_both: bool) -> None:
    if flow.c is None:
        return
    split = label_col.right - label_col.width - PAD
    c = flow.c
    c.saveState()
    c.setFillGray(0.92)
    c.rect(split, bottom, flow.right - split, top - bottom, stroke=0, fill=1)
    if shade_both:
        c.rect(flow.left, bottom, split - flow.left, top - bottom, stroke=0, fill=1)
    c.restoreState()
    c.setLineWidth(0.6)
    c.rect(flow.left, bottom, flow.width, top - bottom)
    c.line(split, bottom, split, top)


def _letterhead(flow: Flow, letter: Letter) -> None:
    """Right: the republic, governorate and office, centred in their block. Left: number and date."""
    top = flow.y
    block = Column(flow.right, 88 * mm)
    flow.text(REPUBLIC, FONT_BOLD, BODY + 1, column=block, centre=True)
    governorate = D_("محافظة {governorate}").format(governorate=letter.governorate)
    if governorate not in letter.office_name:
        flow.text(governorate, FONT_BOLD, BODY, column=block, centre=True)
    # "مكتب شؤون المواطنين — ديوان محافظة بغداد" names the office, then what it belongs to;
    # a letterhead goes from the larger body down to the office.
    for part in reversed(letter.office_name.split(" — ")):
        flow.paragraph(part, FONT_BOLD, BODY, column=block, centre=True, justify=False)
    bottom = flow.y
    flow.y = top
    side = Column(flow.left + 62 * mm, 62 * mm)
    flow.text(D_("العدد: {value}").format(value=letter.our_number or BLANK), FONT_BOLD, BODY, column=side)
    flow.text(D_("التاريخ: {value}").format(value=letter.date.isoformat()), FONT_BOLD, BODY, column=side)
    flow.y = min(bottom, flow.y) - 1 * mm
    if flow.c is not None:
        flow.c.setLineWidth(1.2)
        flow.c.line(flow.left, flow.y, flow.right, flow.y)
        flow.c.setLineWidth(0.4)
        flow.c.line(flow.left, flow.y - 2, flow.right, flow.y - 2)
    flow.gap(6 * mm)


def _subject(flow: Flow, letter: Letter) -> None:
    """Centred, bold and underlined, as the subject (م/) of an official letter is."""
    size = BODY + 1
    for line in wrap(SUBJECT_MARK + letter.subject_line, FONT_BOLD, size, flow.width - 30 * mm):
        baseline = flow.text(line, FONT_BOLD, size, centre=True)
        if flow.c is not None:
            half = stringWidth(visual(line), FONT_BOLD, size) / 2
            middle = (flow.left + flow.right) / 2
            flow.c.setLineWidth(0.6)
            flow.c.line(middle - half, baseline - 0.45 * size, middle + half, baseline - 0.45 * size)


def _label_width(labels: Sequence[str], size: float, limit: float) -> float:
    widest = max((text_width(label, FONT_BOLD, size) for label in labels), default=0.0)
    return min(widest + 2 * PAD + 2, limit)


def _signature(flow: Flow, letter: Letter) -> None:
    """Closing centred; bottom left, room to sign and stamp above the signatory's title; copies
    (نسخة منه إلى) bottom right, beside the signature."""
    size = BODY
    line = LEADING * size
    signature = line + len(letter.signature_lines) * line
    copies = (len(letter.copies) + 1) * LEADING * SMALL if letter.copies else 0.0
    flow.ensure(line + SIGNATURE_ROOM + max(signature, copies))
    flow.text(letter.closing, FONT_BOLD, size, centre=True)
    flow.gap(SIGNATURE_ROOM)
    top = flow.y
    block = Column(flow.left + 75 * mm, 75 * mm)
    flow.text(BLANK * 2, FONT, size, column=block, centre=True)
    for title in letter.signature_lines:
        flow.text(title, FONT_BOLD, size, column=block, centre=True)
    bottom = flow.y
    if letter.copies:
        flow.y = top
        notes = Column(flow.right, flow.width / 2 - 10 * mm)
        flow.text(D_("نسخة منه إلى:"), FONT_BOLD, SMALL, column=notes)
        for copy in letter.copies:
            flow.paragraph(f"- {copy}", FONT, SMALL, column=notes, justify=False)
        flow.y = min(flow.y, bottom)


def _lay_out(flow: Flow, letter: Letter) -> None:
    _letterhead(flow, letter)
    for line in letter.recipient_lines:
        flow.paragraph(line, FONT_BOLD, BODY, justify=False)
    flow.gap(3 * mm)
    _subject(flow, letter)
    flow.gap(2 * mm)
    flow.text(letter.greeting, FONT, BODY)
    for paragraph in letter.paragraphs:
        flow.paragraph(paragraph, FONT, BODY, justify=True)
    if letter.facts:
        flow.gap(1.5 * mm)
        labels = [label for label, _ in letter.facts]
        _table(flow, letter.facts, _label_width(labels, BODY - 1, 50 * mm))
    if letter.steps:
        flow.gap(4 * mm)
        flow.ensure(4 * LEADING * BODY)  # the title never sits alone at a page's foot
        flow.text(letter.steps_title, FONT_BOLD, BODY)
        dates = [day for day, _ in letter.steps]
        header = (D_("التاريخ"), D_("ما جرى"))
        width = _label_width([*dates, header[0]], BODY - 1, 40 * mm)
        _table(flow, letter.steps, width, header=header, label_font=FONT)
    flow.gap(2 * mm)
    for paragraph in letter.after_facts:
        flow.paragraph(paragraph, FONT, BODY, justify=True)
    flow.gap(2 * mm)
    _signature(flow, letter)


def letter_lines(letter: Letter) -> list[str]:
    """Every line of text the letter prints, in logical order, top to bottom (footers included)."""
    register_fonts()
    probe = _flow(None, letter)
    _lay_out(probe, letter)
    _footer(probe, letter, 0)
    return probe.printed


def render_letter(letter: Letter) -> bytes:
    """The letter as an A4 PDF, as many pages as its text needs, each with the reference in its footer."""
    register_fonts()
    probe = _flow(None, letter)
    _lay_out(probe, letter)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle(f"{letter.kind.label} — {letter.reference}")
    canvas.setSubject(letter.subject_line)
    canvas.setAuthor(letter.office_name)
    canvas.setCreator("CSD Desktop")
    flow = _flow(canvas, letter, pages=probe.page)
    _lay_out(flow, letter)
    _footer(flow, letter, probe.page)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
