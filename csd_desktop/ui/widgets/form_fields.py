"""Form building blocks shared by the screens: number fields, sorted combos, errors beside fields."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCollator, QDate, QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ...i18n import _

if TYPE_CHECKING:  # annotations only: the login dialog uses these before the services are loaded
    from ...services.reference_data import RefItem

_collator: QCollator | None = None


def arabic_sorted(items: Iterable[RefItem], *, last: str = "other") -> list[RefItem]:
    """Arabic names in dictionary order (QCollator, not code points); the catch-all entry last."""
    global _collator
    if _collator is None:
        _collator = QCollator(QLocale(QLocale.Language.Arabic, QLocale.Country.Iraq))
    compare = functools.cmp_to_key(_collator.compare)
    return sorted(items, key=lambda i: (i.code == last, compare(i.name_ar)))


def start_edge() -> Qt.AlignmentFlag:
    """Where a left-to-right field's text sits: at the form's start, the right edge in Arabic and the
    left in English."""
    edge = Qt.AlignmentFlag.AlignRight if QApplication.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
    return edge | Qt.AlignmentFlag.AlignVCenter


def number_field(parent: QWidget, placeholder: str) -> QLineEdit:
    """Card and phone numbers read left to right, yet sit at the right edge like the rest of the form."""
    field = QLineEdit(parent)
    field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    field.setAlignment(start_edge())
    field.setPlaceholderText(placeholder)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


# One way to write a day, on screen and in print (the PDFs and spreadsheets print ISO dates): year first,
# read left to right, 2026-11-27.
DATE_FORMAT = "yyyy-MM-dd"


def date_field(parent: QWidget, day: date) -> QDateEdit:
    """A day to pick or type: 2026-11-27 in that order however the form around it flows."""
    box = QDateEdit(QDate(day.year, day.month, day.day), parent)
    # Left to right before the format: a right-to-left date edit silently reverses its sections, so the
    # same format showed a year-first date on one screen and a day-first one on another.
    box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    box.setDisplayFormat(DATE_FORMAT)
    box.setCalendarPopup(True)
    box.calendarWidget().setLayoutDirection(QApplication.layoutDirection())  # the month reads as the window
    return box


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, str]], placeholder: str | None = None) -> None:
    """(code, label) pairs; an optional first entry with empty data means "nothing chosen"."""
    combo.blockSignals(True)
    combo.clear()
    if placeholder is not None:
        combo.addItem(placeholder, "")
    for code, label in items:
        combo.addItem(label, code)
    combo.setCurrentIndex(0)
    combo.blockSignals(False)


def refill(combo: QComboBox, items: Iterable[tuple[str, str]], placeholder: str | None = None) -> None:
    """New items, the choice kept where it still exists, and no signal: the list changed, not the choice."""
    chosen = combo.currentData()
    fill_combo(combo, items, placeholder)
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)


def select_data(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code or "")
    combo.setCurrentIndex(max(index, 0))


def accept_buttons(
    dialog: QDialog, accept: str, submit: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton]:
    """A first-run or login dialog's buttons: the green one (Enter) submits, Cancel closes."""
    box = QDialogButtonBox(dialog)
    # Named before it joins the box: the box polishes its buttons when they are added.
    button = QPushButton(accept, dialog)
    button.setObjectName("primaryButton")
    box.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(_("إلغاء"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(submit)
    box.rejected.connect(dialog.reject)
    return box, button


def error_label(parent: QWidget | None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    label.hide()
    return label


def repolish(widget: QWidget) -> None:
    """After a dynamic property the style sheet selects on (`[state="overdue"]`) changed: show it now."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """The style sheet draws a red border on `[invalid="true"]`."""
    widget.setProperty("invalid", invalid)
    repolish(widget)


class EnterMovesOn(QObject):
    """Enter in a one-line field, combo or check box goes to the next field, as on paper forms."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            and isinstance(watched, QLineEdit | QComboBox | QCheckBox)
        ):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # Enter picks the item in an open list
            watched.focusNextChild()
            return True
        return False
