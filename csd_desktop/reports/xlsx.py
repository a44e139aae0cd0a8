"""Right-to-left workbooks for the reports, written with XlsxWriter: sheets of values with a few cell
styles, column widths, merged titles, frozen panes and the page set up for print.

XlsxWriter writes a 40,000-case month in a fraction of the time openpyxl's writer takes (which builds an
element per cell); openpyxl still reads the workbooks back in the tests. Rows are collected first and
written at `save`, so a sheet's layout (widths, merges, panes) may be set in any order.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name
from xlsxwriter.worksheet import Worksheet


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    return str(xl_col_to_name(index - 1))


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: float = 11
    color: str | None = None  # the font's, RRGGBB
    fill: str | None = None  # a solid background, RRGGBB
    number_format: str | None = None
    horizontal: str | None = None  # left, center, right
    vertical: str | None = None  # top, center, bottom
    wrap: bool = False
    reading_order: int = 0  # 2: right to left (a sentence's full stop at its Arabic end)

    def properties(self) -> dict[str, Any]:
        props: dict[str, Any] = {"font_name": "Calibri", "font_size": self.size}
        if self.bold:
            props["bold"] = True
        if self.color:
            props["font_color"] = f"#{self.color}"
        if self.fill:
            props.update(pattern=1, bg_color=f"#{self.fill}")
        if self.number_format:
            props["num_format"] = self.number_format
        if self.horizontal:
            props["align"] = self.horizontal
        if self.vertical:
            props["valign"] = "vcenter" if self.vertical == "center" else self.vertical
        if self.wrap:
            props["text_wrap"] = True
        if self.reading_order:
            props["reading_order"] = self.reading_order
        return props


@dataclass(frozen=True)
class Styled:
    value: Any
    style: Style


@dataclass(frozen=True)
class PageSetup:
    """A4, as many pages wide as `fit_width` (0: any) and tall as `fit_height`, `title_row` on each."""

    landscape: bool
    title_row: int
    header: str  # Excel's codes: &A the sheet's name, &P the page, &N the pages
    footer: str
    fit_width: int = 1
    fit_height: int = 0
    margins: tuple[float, float, float, float, float, float] = (0.4, 0.4, 0.75, 0.6, 0.3, 0.3)
    centred: bool = True


_DEFAULT = Style()
_DAY = Style(number_format="yyyy-mm-dd")


@dataclass
class Sheet:
    """A right-to-left sheet; its rows are written when the workbook is saved."""

    title: str
    widths: list[float] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)  # by row number, 1-based
    merged: list[str] = field(default_factory=list)  # "A1:H1"
    freeze: str | None = None  # the top-left cell that scrolls, e.g. "B4"
    page: PageSetup | None = None
    _rows: list[list[Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self._rows)

    def append(self, values: Iterable[Any]) -> None:
        self._rows.append(list(values))

    def cell(self, ref: str) -> Any:
        row, column = xl_cell_to_rowcol(ref)
        values = self._rows[row] if row < len(self._rows) else []
        return values[column] if column < len(values) else None


class Workbook:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def sheet(self, title: str) -> Sheet:
        sheet = Sheet(title[:31])
        self.sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
        formats: dict[Style, Format] = {}

        def fmt(style: Style) -> Format:
            if style not in formats:
                formats[style] = book.add_format(style.properties())
            return formats[style]

        for sheet in self.sheets:
            _write(book.add_worksheet(sheet.title), sheet, fmt)
        book.close()
        return out.getvalue()


def _write(ws: Worksheet, sheet: Sheet, fmt: Any) -> None:
    ws.right_to_left()
    for index, width in enumerate(sheet.widths):
        ws.set_column(index, index, width)
    for number, height in sheet.heights.items():
        ws.set_row(number - 1, height)
    for r, values in enumerate(sheet._rows):
        for c, value in enumerate(values):
            _write_cell(ws, r, c, value, fmt)
    for ref in sheet.merged:
        first, last = ref.split(":")
        value = sheet.cell(first)
        style = value.style if isinstance(value, Styled) else _DEFAULT
        plain = value.value if isinstance(value, Styled) else value
        ws.merge_range(*xl_cell_to_rowcol(first), *xl_cell_to_rowcol(last), plain, fmt(style))
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze)
    if sheet.page is not None:
        _page(ws, sheet.page)


def _write_cell(ws: Worksheet, r: int, c: int, value: Any, fmt: Any) -> None:
    style = value.style if isinstance(value, Styled) else None
    if isinstance(value, Styled):
        value = value.value
    if value is None:
        if style is not None:
            ws.write_blank(r, c, None, fmt(style))
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt(style) if style else None)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt(style) if style else None)
    elif isinstance(value, datetime | date):
        moment = value.replace(tzinfo=None) if isinstance(value, datetime) else value
        ws.write_datetime(r, c, moment, fmt(style or _DAY))
    else:
        ws.write_number(r, c, value, fmt(style) if style else None)


def _page(ws: Worksheet, page: PageSetup) -> None:
    left, right, top, bottom, header, footer = page.margins
    ws.set_paper(9)  # A4
    if page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(page.fit_width, page.fit_height)
    ws.repeat_rows(page.title_row - 1)
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.set_header("&C" + page.header, {"margin": header})
    ws.set_footer("&C" + page.footer, {"margin": footer})
    if page.centred:
        ws.center_horizontally()
