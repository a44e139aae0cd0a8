"""The case's official letters (referral, reminder, status): built off the UI thread, shown in the preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from ...i18n import N_, _
from ..workers import QueryOp

if TYPE_CHECKING:  # annotations only
    from ...services.database import Database
    from ..widgets.pdf_preview import PdfPreviewDialog

REFERRAL, REMINDER, STATUS = "referral", "reminder", "status"
LETTER_TITLES = {
    REFERRAL: N_("كتاب الإحالة"),
    REMINDER: N_("كتاب التعقيب"),
    STATUS: N_("بيان حالة الطلب"),
}


def letter_pdf(db: Database, kind: str, reference: str) -> bytes:
    """On the worker: the letter's text from the service, then the PDF (reportlab loads on first use)."""
    from ...reports.letters import render_letter
    from ...services import letters

    build = {
        REFERRAL: letters.referral_letter,
        REMINDER: letters.reminder_letter,
        STATUS: letters.status_letter,
    }[kind]
    return render_letter(build(db, reference))


def _ask_print(printer: QPrinter, parent: QWidget) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("طباعة الكتاب"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def _ask_save_path(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, _("حفظ الكتاب بصيغة PDF"), suggested, "PDF (*.pdf)")
    return path


def open_letter_preview(parent: QWidget, kind: str, reference: str, pdf: bytes) -> PdfPreviewDialog:
    """The receipt's preview, for an A4 letter: no paper choice, the letter's own words in the dialogs."""
    from ..widgets.pdf_preview import PdfPreviewDialog  # QtPdf loads with the first document

    name = _(LETTER_TITLES[kind])
    dialog = PdfPreviewDialog(
        parent,
        render=lambda _paper: pdf,
        pdf=pdf,
        title=f"{name} — {reference}",
        file_name=f"{reference}-{kind}.pdf",
    )
    # A letter is always A4: the receipt's paper choice would only confuse.
    dialog.paper.hide()
    for label in dialog.findChildren(QLabel):
        if label.buddy() is dialog.paper:
            label.hide()
    dialog.ask_print = _ask_print
    dialog.ask_save_path = _ask_save_path
    dialog.resize(720, 740)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


PreviewFactory = Callable[[QWidget, str, str, bytes], object]


def print_letter(
    parent: QWidget,
    db: Database,
    kind: str,
    reference: str,
    preview: PreviewFactory = open_letter_preview,
    done: Callable[[object], None] | None = None,
) -> None:
    """Build the letter on the worker; a refusal (never referred…) is one Arabic message."""

    def show(pdf: bytes) -> None:
        shown = preview(parent, kind, reference, pdf)
        if done is not None:
            done(shown)

    QueryOp(parent=parent, op=lambda: letter_pdf(db, kind, reference), success=show).with_progress(
        _("جارٍ إعداد الكتاب…")
    ).run_in_background()
