"""The receipt preview: one document shown, re-rendered for the paper, printed and saved."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services import intake, receipts
from csd_desktop.services.users import Actor
from csd_desktop.ui.intake.receipt_preview import render_receipt_pdf
from csd_desktop.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.factories import intake_form


def _preview(qtbot: QtBot, db: Database, actor: Actor, papers: list[str]) -> PdfPreviewDialog:
    registered = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, registered.reference)

    def render(paper: str) -> bytes:
        papers.append(paper)
        return render_receipt_pdf(data, paper)

    dialog = PdfPreviewDialog(None, render=render, paper="a5", file_name=f"{registered.reference}.pdf")
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_loads_the_receipt_and_rerenders_it_for_the_roll(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    papers: list[str] = []
    dialog = _preview(qtbot, db, actor, papers)
    assert papers == ["a5"]
    assert dialog.document.pageCount() == 1
    a5 = dialog.document.pagePointSize(0)
    dialog.paper.setCurrentIndex(dialog.paper.findData("80mm"))
    assert papers == ["a5", "80mm"]
    roll = dialog.document.pagePointSize(0)
    assert round(a5.width()) == 420  # 148 mm
    assert round(roll.width()) == 227  # 80 mm


def test_printing_renders_the_shown_pages_into_the_printer(
    qtbot: QtBot, db: Database, actor: Actor, tmp_path: Path
) -> None:
    dialog = _preview(qtbot, db, actor, [])
    out = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def accept(printer: QPrinter, _parent: QWidget) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file instead of a real printer
        printer.setOutputFileName(str(out))
        asked.append(printer)
        return True

    dialog.ask_print = accept
    dialog.print_pdf()
    assert len(asked) == 1
    page = PdfReader(out).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (420, 595)


def test_save_as_pdf_writes_the_same_bytes(qtbot: QtBot, db: Database, actor: Actor, tmp_path: Path) -> None:
    dialog = _preview(qtbot, db, actor, [])
    target = tmp_path / "receipt.pdf"
    dialog.ask_save_path = lambda _parent, suggested: str(target)
    dialog.save_pdf()
    assert target.read_bytes() == dialog.pdf
    assert dialog.pdf.startswith(b"%PDF")
