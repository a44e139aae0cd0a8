"""The receipt after a save: rendered from the receipts service's data, shown in the PDF preview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from ...i18n import _
from ...services.receipt_data import ReceiptData


@dataclass(frozen=True)
class LastReceipt:
    reference: str
    data: ReceiptData
    pdf: bytes
    paper: str  # "a5" or "80mm"


def render_receipt_pdf(data: ReceiptData, paper: str) -> bytes:
    from ...reports import documents  # reportlab is imported on the first print, not at start

    return documents.receipt_pdf(data, paper)


def open_receipt_preview(parent: QWidget, receipt: LastReceipt, render: Callable[[str], bytes]) -> QDialog:
    """Window-modal, not blocking: Enter prints, Esc closes and the clerk is back in the form."""
    from ..widgets.pdf_preview import PdfPreviewDialog  # QtPdf loads with the first receipt

    dialog = PdfPreviewDialog(
        parent,
        render=render,
        pdf=receipt.pdf,
        paper=receipt.paper,
        title=_("وصل الاستلام — {reference}").format(reference=receipt.reference),
        file_name=f"{receipt.reference}.pdf",
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
