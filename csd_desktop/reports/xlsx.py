"""A small writer of Excel workbooks (Office Open XML): right-to-left sheets of values, a few cell styles,
column widths, merged titles, frozen panes and the page set up for print.

Why not openpyxl's writer: it builds and serialises an element per cell in Python, about 25 µs a cell,
so the month's overdue list alone (2,000 cases × 9 columns) took most of a second at 1,000,000 cases.
Written as text, the whole workbook takes a few tens of milliseconds. The same data gives the same bytes
(no timestamps inside). openpyxl still reads the workbooks back in the tests.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Characters XML 1.0 cannot hold; Excel writes them as _xHHHH_ (and a literal "_xHHHH_" as _x005F_xHHHH_).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
FIRST_CUSTOM_FORMAT = 164


def _safe(text: str) -> str:
    return escape(_UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text))


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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


class _Styles:
    """Every distinct style gets one cell format (an `xf`), built from fonts, fills and number formats."""

    def __init__(self) -> None:
        self.ids: dict[Style, int] = {Style(): 0}
        self.fonts: dict[tuple[bool, float, str | None], int] = {(False, 11, None): 0}
        self.fills: dict[str | None, int] = {None: 0, "gray125": 1}
        self.formats: dict[str, int] = {}

    def id(self, style: Style) -> int:
        found = self.ids.get(style)
        if found is None:
            found = self.ids[style] = len(self.ids)
            self.fonts.setdefault((style.bold, style.size, style.color), len(self.fonts))
            self.fills.setdefault(style.fill, len(self.fills))
            if style.number_format is not None:
                self.formats.setdefault(style.number_format, FIRST_CUSTOM_FORMAT + len(self.formats))
        return found

    def xml(self) -> str:
        formats = "".join(
            f"<numFmt numFmtId={quoteattr(str(i))} formatCode={quoteattr(code)}/>"
            for code, i in self.formats.items()
        )
        fonts = "".join(
            "<font>"
            + ("<b/>" if bold else "")
            + f'<sz val="{size:g}"/>'
            + (f'<color rgb="FF{color}"/>' if color else "")
            + '<name val="Calibri"/><family val="2"/></font>'
            for bold, size, color in self.fonts
        )
        fills = (
            '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        )
        fills += "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/><bgColor indexed="64"/>'
            "</patternFill></fill>"
            for fill in list(self.fills)[2:]
        )
        xfs = "".join(self._xf(style) for style in self.ids)
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="{len(self.fonts)}">{fonts}</fonts>'
            f'<fills count="{len(self.fills)}">{fills}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(self.ids)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def _xf(self, style: Style) -> str:
        number = self.formats[style.number_format] if style.number_format is not None else 0
        font = self.fonts[(style.bold, style.size, style.color)]
        fill = self.fills[style.fill]
        align = "".join(
            f" {name}={quoteattr(str(value))}"
            for name, value in (
                ("horizontal", style.horizontal),
                ("vertical", style.vertical),
                ("wrapText", 1 if style.wrap else None),
                ("readingOrder", style.reading_order or None),
            )
            if value is not None
        )
        applied = f' applyNumberFormat="{int(bool(number))}" applyFont="{int(bool(font))}"'
        applied += f' applyFill="{int(bool(fill))}" applyAlignment="{int(bool(align))}"'
        inner = f"<alignment{align}/>" if align else ""
        return f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"{applied}>{inner}</xf>'


class Sheet:
    """A right-to-left sheet; rows are turned into XML as they are appended."""

    def __init__(self, book: Workbook, title: str) -> None:
        self.book = book
        self.title = title[:31]
        self.widths: list[float] = []
        self.heights: dict[int, float] = {}
        self.merged: list[str] = []
        self.freeze: str | None = None  # the top-left cell that scrolls, e.g. "B4"
        self.page: PageSetup | None = None
        self._rows: list[str] = []
        self._columns = 0

    @property
    def rows(self) -> int:
        return len(self._rows)

    def append(self, values: Iterable[Any]) -> None:
        number = len(self._rows) + 1
        cells = []
        for column, value in enumerate(values, start=1):
            xml = self.book.cell(f"{column_letter(column)}{number}", value)
            if xml:
                cells.append(xml)
                self._columns = max(self._columns, column)
        height = self.heights.get(number)
        attrs = f' ht="{height:g}" customHeight="1"' if height is not None else ""
        self._rows.append(f'<row r="{number}"{attrs}>{"".join(cells)}</row>')

    def xml(self) -> str:
        end = f"{column_letter(max(self._columns, 1))}{max(len(self._rows), 1)}"
        fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self.page else ""
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>'
            for i, width in enumerate(self.widths, start=1)
        )
        merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merged)
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{fit}<dimension ref="A1:{end}"/>'
            f'<sheetViews><sheetView rightToLeft="1" workbookViewId="0">{self._pane()}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + f"<sheetData>{''.join(self._rows)}</sheetData>"
            + (f'<mergeCells count="{len(self.merged)}">{merged}</mergeCells>' if merged else "")
            + self._print_xml()
            + "</worksheet>"
        )

    def _pane(self) -> str:
        if self.freeze is None:
            return ""
        column = self.freeze.rstrip("0123456789")
        x_split = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
        y_split = int(self.freeze[len(column) :]) - 1
        return (
            f'<pane xSplit="{x_split}" ySplit="{y_split}" topLeftCell="{self.freeze}" activePane="bottomRight" '
            'state="frozen"/><selection pane="bottomRight"/>'
        )

    def _print_xml(self) -> str:
        page = self.page
        if page is None:
            return ""
        left, right, top, bottom, header, footer = page.margins
        orientation = "landscape" if page.landscape else "portrait"
        return (
            ('<printOptions horizontalCentered="1"/>' if page.centred else "")
            + f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" '
            f'header="{header}" footer="{footer}"/>'
            f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="{page.fit_width}" '
            f'fitToHeight="{page.fit_height}"/>'
            f"<headerFooter><oddHeader>{_safe('&C' + page.header)}</oddHeader>"
            f"<oddFooter>{_safe('&C' + page.footer)}</oddFooter></headerFooter>"
        )


class Workbook:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.styles = _Styles()
        self.strings: dict[str, int] = {}

    def sheet(self, title: str) -> Sheet:
        sheet = Sheet(self, title)
        self.sheets.append(sheet)
        return sheet

    def cell(self, ref: str, value: Any) -> str:
        """One cell's XML ("" for an empty one): text shared, days as Excel's day numbers."""
        style = 0
        if isinstance(value, Styled):
            style = self.styles.id(value.style)
            value = value.value
        s = f' s="{style}"' if style else ""
        if value is None:
            return f'<c r="{ref}"{s}/>' if style else ""
        if isinstance(value, str):
            index = self.strings.get(value)
            if index is None:
                index = self.strings[value] = len(self.strings)
            return f'<c r="{ref}"{s} t="s"><v>{index}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, datetime):
            value = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        elif isinstance(value, date):
            value = (value - _EPOCH.date()).days
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'

    def save(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, text in self._parts():
                info = zipfile.ZipInfo(name, _ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, text.encode("utf-8"), compresslevel=1)
        return out.getvalue()

    def _parts(self) -> Sequence[tuple[str, str]]:
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        n = len(self.sheets)
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SPREADSHEET}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        types = (
            f'{head}<Types xmlns="{CONTENT_TYPES}">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEET}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SPREADSHEET}.sharedStrings+xml"/>'
            f"{sheet_types}</Types>"
        )
        root_rels = (
            f'{head}<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        )
        book_rels = "".join(
            f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        book_rels += f'<Relationship Id="rId{n + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
        book_rels += f'<Relationship Id="rId{n + 2}" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        strings = "".join(f'<si><t xml:space="preserve">{_safe(s)}</t></si>' for s in self.strings)
        parts = [
            ("[Content_Types].xml", types),
            ("_rels/.rels", root_rels),
            ("xl/workbook.xml", self._workbook_xml()),
            (
                "xl/_rels/workbook.xml.rels",
                f'{head}<Relationships xmlns="{PACKAGE_RELS}">{book_rels}</Relationships>',
            ),
            ("xl/styles.xml", self.styles.xml()),
            (
                "xl/sharedStrings.xml",
                f'{head}<sst xmlns="{MAIN}" count="{len(self.strings)}" uniqueCount="{len(self.strings)}">'
                f"{strings}</sst>",
            ),
        ]
        parts += [
            (f"xl/worksheets/sheet{i}.xml", sheet.xml()) for i, sheet in enumerate(self.sheets, start=1)
        ]
        return parts

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(sheet.title)} sheetId="{i}" r:id="rId{i}"/>'
            for i, sheet in enumerate(self.sheets, start=1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"{escape(_quoted(sheet.title))}!${sheet.page.title_row}:${sheet.page.title_row}</definedName>"
            for i, sheet in enumerate(self.sheets)
            if sheet.page is not None
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{titles}</definedNames>" if titles else "")
            + "</workbook>"
        )


def _quoted(title: str) -> str:
    """A sheet's name as a formula writes it: in single quotes, a quote inside doubled."""
    return "'" + title.replace("'", "''") + "'"
