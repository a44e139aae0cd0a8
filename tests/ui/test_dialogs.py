"""The application's own file dialog: Arabic throughout, and it opens where the clerk saved last."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from csd_desktop.ui import dialogs

LATIN = re.compile("[A-Za-z]")


def test_the_save_dialog_has_no_english_words(qtbot: QtBot) -> None:
    dialog = dialogs.save_dialog(None, "حفظ التقرير بصيغة PDF", "csd-report-2026-10.pdf", "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    words = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    words += [b.text() + b.toolTip() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert {"المجلد:", "اسم الملف:", "نوع الملف:", "حفظ", "إلغاء"} <= set(words)
    assert [w for w in words if LATIN.search(w)] == []
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own: the same on every PC


def test_the_file_dialog_opens_in_documents_then_where_the_last_file_went(
    qtbot: QtBot, tmp_path: Path
) -> None:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    dialogs.forget_last_folder()
    first = dialogs.save_dialog(None, "حفظ", "a.pdf", "PDF (*.pdf)")
    qtbot.addWidget(first)
    # Documents, where the office PC has one (this machine may not): never the working folder.
    assert Path(first.directory().absolutePath()) == (documents if documents.is_dir() else Path.home())
    dialogs.remember_folder_of(str(tmp_path / "saved.pdf"))
    again = dialogs.save_dialog(None, "حفظ", "b.pdf", "PDF (*.pdf)")
    qtbot.addWidget(again)
    assert Path(again.directory().absolutePath()) == tmp_path
    assert tmp_path.as_uri() in [url.toString() for url in again.sidebarUrls()]
