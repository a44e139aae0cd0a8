"""Typing any text, Arabic included, into a widget the way a keyboard does (STYLE.md §6).

`qtbot.keyClicks` aborts the whole test process on a non-ASCII character (a Qt assert in
qasciikey.cpp), so each character goes as a KeyPress/KeyRelease pair with `Qt.Key_unknown` and
the character as the event's text. Use `qtbot.keyClick` for Tab, Enter, Esc and shortcuts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def _send(target: QWidget, key: Qt.Key, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type `text` into `widget` (default: the focused widget); a newline is the Enter key."""
    target = widget or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    for ch in text:
        if ch == "\n":
            _send(target, Qt.Key.Key_Return, "\r")
        else:
            _send(target, Qt.Key.Key_unknown, ch)


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One keystroke (Tab, Enter, Esc, Space, Down, Ctrl+S…) to whatever has the focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, k, modifier)


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Show a top-level window and make it the active one, so the keyboard focus can live in it."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
