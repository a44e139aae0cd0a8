"""No test may open a real modal dialog: offscreen, nobody can close it, and the run hangs.

Installed once for the whole run (tests/conftest.py), below every fixture, so that no fixture order
or forgotten stub can let one through: opening one fails the test that did it, with its name.
"""

from __future__ import annotations

from typing import Any, NoReturn

_STATICS = {
    "QMessageBox": ("about", "aboutQt", "critical", "information", "question", "warning"),
    "QFileDialog": (
        "getExistingDirectory",
        "getExistingDirectoryUrl",
        "getOpenFileName",
        "getOpenFileNames",
        "getOpenFileUrl",
        "getOpenFileUrls",
        "getSaveFileName",
        "getSaveFileUrl",
    ),
    "QInputDialog": ("getDouble", "getInt", "getItem", "getMultiLineText", "getText"),
    "QColorDialog": ("getColor",),
    "QFontDialog": ("getFont",),
}


class ModalDialogOpened(AssertionError):
    pass


def _refuse(what: str) -> Any:
    def refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise ModalDialogOpened(
            f"a test opened a real modal dialog ({what}); use the `dialogs` fixture (tests/ui/conftest.py)"
        )

    return refuse


def install() -> None:
    from PySide6 import QtPrintSupport, QtWidgets

    modal = [QtWidgets.QDialog, *(cls for cls in _dialog_classes(QtWidgets, QtPrintSupport))]
    for cls in modal:
        cls.exec = _refuse(f"{cls.__name__}.exec")  # type: ignore[method-assign]
    for name, functions in _STATICS.items():
        cls = getattr(QtWidgets, name)
        for function in functions:
            setattr(cls, function, staticmethod(_refuse(f"{name}.{function}")))


def _dialog_classes(*modules: Any) -> list[type]:
    from PySide6.QtWidgets import QDialog

    found = []
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, QDialog) and value is not QDialog:
                found.append(value)
    return found
