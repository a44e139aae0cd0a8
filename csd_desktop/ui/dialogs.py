"""Every modal question the application asks: yes/no, an error, a file to save or open, a printer.

One module, so that the words, the defaults and the remembered folder are the same on every screen,
and so that tests and scripts can replace the few functions here instead of a dozen private copies.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QSplitter, QWidget

from ..i18n import _

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

_LAST_FOLDER_KEY = "dialogs/last_folder"


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question in Arabic; No is the default, so Enter or Esc never does the risky thing."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(_("نعم"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_("لا"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def show_error(parent: QWidget | None, message: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical, _("خطأ"), message, QMessageBox.StandardButton.NoButton, parent
    )
    box.addButton(_("حسناً"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def last_folder() -> Path:
    """Where the clerk saved or picked a file last time; the Documents folder the first time."""
    stored = QSettings().value(_LAST_FOLDER_KEY, "", str)
    if stored and Path(stored).is_dir():
        return Path(stored)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder_of(path: str) -> None:
    """The next file dialog opens in this file's folder."""
    if path:
        QSettings().setValue(_LAST_FOLDER_KEY, str(Path(path).parent))


def forget_last_folder() -> None:
    QSettings().remove(_LAST_FOLDER_KEY)


def _places() -> list[QUrl]:
    """The sidebar: the computer, the home, Documents and Desktop folders, and where the clerk was last."""
    standard = QStandardPaths.StandardLocation
    folders = [
        QStandardPaths.writableLocation(where)
        for where in (standard.HomeLocation, standard.DocumentsLocation, standard.DesktopLocation)
    ]
    folders.append(str(last_folder()))
    places = [QUrl("file:")]  # "My Computer": the drives
    for folder in dict.fromkeys(f for f in folders if f and Path(f).is_dir()):
        places.append(QUrl.fromLocalFile(folder))
    return places


def _file_dialog(
    parent: QWidget | None, title: str, pattern: str, mode: QFileDialog.AcceptMode
) -> QFileDialog:
    # Qt's own dialog, not the system's: it speaks Arabic through Qt's translation on every office PC.
    dialog = QFileDialog(parent, title, str(last_folder()), pattern)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(mode)  # before the words: choosing the mode puts Qt's own back on the buttons
    # Qt's Arabic catalogue lacks some of the dialog's words ("Look in:", "Files of type:"): ours, all of
    # them, so the dialog speaks one Arabic.
    labels = QFileDialog.DialogLabel
    dialog.setLabelText(labels.LookIn, _("المجلد:"))
    dialog.setLabelText(labels.FileName, _("اسم الملف:"))
    dialog.setLabelText(labels.FileType, _("نوع الملف:"))
    saving = mode is QFileDialog.AcceptMode.AcceptSave
    dialog.setLabelText(labels.Accept, _("حفظ") if saving else _("فتح"))
    dialog.setLabelText(labels.Reject, _("إلغاء"))
    dialog.setSidebarUrls(_places())
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None:  # room for the places' names beside the files
        splitter.setSizes([170, 730])
    return dialog


def save_dialog(parent: QWidget | None, title: str, suggested_name: str, pattern: str) -> QFileDialog:
    """The save dialog, built but not shown (the screenshots script shows it)."""
    dialog = _file_dialog(parent, title, pattern, QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(suggested_name)
    suffix = Path(suggested_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    return dialog


def save_path(parent: QWidget | None, title: str, suggested_name: str, pattern: str) -> str:
    """A path to write to, or "" when the clerk cancels."""
    dialog = save_dialog(parent, title, suggested_name, pattern)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    path = dialog.selectedFiles()[0]
    remember_folder_of(path)
    return path


def open_path(parent: QWidget | None, title: str, pattern: str) -> str:
    """An existing file to read, or "" when the clerk cancels."""
    dialog = _file_dialog(parent, title, pattern, QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    path = dialog.selectedFiles()[0]
    remember_folder_of(path)
    return path


def ask_print(printer: QPrinter, parent: QWidget | None, title: str) -> bool:
    from PySide6.QtPrintSupport import QPrintDialog  # printing support loads with the first print

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    return dialog.exec() == QDialog.DialogCode.Accepted
