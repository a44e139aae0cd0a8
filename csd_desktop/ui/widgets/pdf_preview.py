"""Preview, print and save one PDF (a receipt): what is shown, printed and saved is the same document."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPageLayout, QPageSize, QPainter, QPalette, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import CsdError
from ...i18n import N_, _
from ...services import files
from .. import dialogs

log = logging.getLogger(__name__)

PAPERS: tuple[tuple[str, str], ...] = (
    ("a5", N_("A5 — طابعة مكتبية")),
    ("80mm", N_("80 مم — طابعة وصولات حرارية")),
)
# Rendering a page at the printer's full 1200 dpi would take ~280 MB for an A5; 300 dpi prints crisply.
MAX_PRINT_DPI = 300
ROLL_ZOOM = 1.3


class PdfPreviewDialog(QDialog):
    """Shows PDF bytes with QtPdf. `render(paper)` makes the PDF again when the paper changes."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        render: Callable[[str], bytes],
        pdf: bytes | None = None,
        paper: str = "a5",
        title: str = "",
        file_name: str = "receipt.pdf",
        noun: str = _("الوصل"),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("معاينة الوصل"))
        self.setObjectName("pdfPreview")
        self._render = render
        self._file_name = file_name
        self._pdf = b""
        self._buffer: QBuffer | None = None
        # Injectable so tests and scripts never block on a native dialog.
        self.ask_print: Callable[[QPrinter, QWidget], bool] = lambda printer, owner: dialogs.ask_print(
            printer, owner, _("طباعة {noun}").format(noun=noun)
        )
        self.ask_save_path: Callable[[QWidget, str], str] = lambda owner, name: dialogs.save_path(
            owner, _("حفظ {noun} بصيغة PDF").format(noun=noun), name, "PDF (*.pdf)"
        )

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setDocumentMargins(QMarginsF(12, 12, 12, 12).toMargins())
        # The page itself comes out transparent; around it a neutral grey, so the white sheet stands out.
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor("#8a939c"))
        self.view.setPalette(palette)
        self.view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

        self.paper = QComboBox(self)
        for code, label in PAPERS:
            self.paper.addItem(_(label), code)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)))
        self.paper.currentIndexChanged.connect(self._paper_changed)

        self.print_button = QPushButton(_("طباعة…"), self)
        self.print_button.setObjectName("primaryButton")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton(_("حفظ بصيغة PDF…"), self)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton(_("إغلاق"), self)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_pdf)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)

        top = QHBoxLayout()
        paper_label = QLabel(_("الورق:"), self)
        paper_label.setBuddy(self.paper)
        top.addWidget(paper_label)
        top.addWidget(self.paper)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(640, 720)

        self.set_pdf(pdf if pdf is not None else render(self.current_paper()))
        self.print_button.setFocus()

    def current_paper(self) -> str:
        return str(self.paper.currentData())

    @property
    def pdf(self) -> bytes:
        return self._pdf

    def set_pdf(self, pdf: bytes) -> None:
        # QPdfDocument reads from the device lazily: keep the buffer (and its bytes) alive with it.
        self.document.close()
        self._pdf = pdf
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.current_paper() == "80mm":
            # A roll is narrow and long: about its real width on screen, scrolled, reads best.
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(ROLL_ZOOM)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _paper_changed(self) -> None:
        self.set_pdf(self._render(self.current_paper()))

    # ---- printing ---------------------------------------------------------------------------

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._file_name)
        self._fit_printer(printer, 0)
        if self.ask_print(printer, self):
            self.print_to(printer)

    def _fit_printer(self, printer: QPrinter, page: int) -> None:
        """The printer's paper follows the PDF's page (A5, or the roll's width and length)."""
        size = self.document.pagePointSize(page)
        layout = QPageLayout(
            QPageSize(
                QSizeF(size.width(), size.height()),
                QPageSize.Unit.Point,
                "",
                QPageSize.SizeMatchPolicy.FuzzyMatch,
            ),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
        printer.setPageLayout(layout)
        printer.setFullPage(True)

    def print_to(self, printer: QPrinter) -> int:
        """Render each page of the shown document into `printer`; returns the number of pages."""
        pages = self.document.pageCount()
        painter = QPainter()
        if pages == 0 or not painter.begin(printer):
            log.warning("printing did not start (%d pages)", pages)
            return 0
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            for page in range(pages):
                if page > 0:
                    self._fit_printer(printer, page)
                    printer.newPage()
                points = self.document.pagePointSize(page)
                pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(page, pixels)
                target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
                target.moveTo(0, 0)
                painter.drawImage(target, image)
        finally:
            painter.end()
        return pages

    # ---- saving -----------------------------------------------------------------------------

    def save_pdf(self) -> None:
        path = self.ask_save_path(self, self._file_name)
        if path:
            try:
                files.write_checked(Path(path), self._pdf)
            except CsdError as e:
                dialogs.show_error(self, e.message)
                return
            log.info("receipt saved as %s", path)


def open_a4_preview(
    parent: QWidget, pdf: bytes, *, title: str, file_name: str, noun: str
) -> PdfPreviewDialog:
    """A letter or a report: always A4, so no paper choice; `noun` names it in the print and save boxes."""
    dialog = PdfPreviewDialog(
        parent, render=lambda _paper: pdf, pdf=pdf, title=title, file_name=file_name, noun=noun
    )
    dialog.paper.hide()
    for label in dialog.findChildren(QLabel):
        if label.buddy() is dialog.paper:
            label.hide()
    dialog.resize(740, 740)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
