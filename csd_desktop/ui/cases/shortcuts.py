"""Keyboard shortcuts that belong to one screen: active while the focus is inside it, nowhere else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def screen_shortcut(
    screen: QWidget, keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], object]
) -> QShortcut:
    """PySide6 6.12 drops the `context` given to QShortcut's constructor together with a callable (the
    shortcut silently becomes window-wide), so the context is set afterwards."""
    shortcut = QShortcut(QKeySequence(keys), screen)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut
