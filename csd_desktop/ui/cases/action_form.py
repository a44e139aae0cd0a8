"""The frame every follow-up dialog shares: a titled form, errors beside the fields, saving off the UI thread.

A refused or invalid step shows its Arabic message beside the field (or under the form) and the
dialog stays open: the service saved nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import CsdError, FormErrors, ValidationError
from ...i18n import _
from ...services import clock
from ...services.cases import CaseDetail
from ...services.users import Actor
from .. import workers
from ..reference_lists import ReferenceLists
from ..widgets.field_errors import FieldErrors
from ..widgets.form_fields import EnterMovesOn, error_label, number_field
from ..workers import QueryOp
from .timeline import ltr

if TYPE_CHECKING:  # annotations only: dialogs hand the database to services and never open it
    from ...services.database import Database


class ActionDialog(QDialog):
    """A titled form; Ctrl+Enter (or Enter on the save button) saves, Esc cancels."""

    saved = Signal(str)  # the case's reference
    title = ""
    hint = ""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        case: CaseDetail,
        parent: QWidget | None = None,
        *,
        lists: ReferenceLists | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actionDialog")
        self.setWindowTitle(_(self.title))
        self._db = db
        self.lists = lists or ReferenceLists(db, self)
        self._actor = actor
        self.case = case
        self.reference = case.reference
        self._saving = False
        self._enter = EnterMovesOn(self)
        self.general_error = error_label(self)
        self.form_errors = FieldErrors(self.general_error)
        self.fields: dict[str, QWidget] = self.form_errors.fields
        self.errors: dict[str, QLabel] = self.form_errors.labels

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        heading = QLabel(_(self.title), self)
        heading.setObjectName("dialogTitle")
        subtitle = QLabel(
            _("الطلب {reference} — {subject}").format(reference=ltr(case.reference), subject=case.subject),
            self,
        )
        subtitle.setObjectName("dialogSubtitle")
        subtitle.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        if self.hint_text():
            hint = QLabel(self.hint_text(), self)
            hint.setObjectName("dialogHint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        layout.addWidget(self.general_error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("حفظ  (Ctrl+Enter)"), self)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setAutoDefault(True)
        self.cancel_button = QPushButton(_("إلغاء  (Esc)"), self)
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self, self.submit)
        self.build()
        order = [*self.fields.values(), self.save_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(560)
        if self.fields:
            next(iter(self.fields.values())).setFocus()

    # ---- for each dialog --------------------------------------------------------------------

    def hint_text(self) -> str:
        return _(self.hint) if self.hint else ""

    def build(self) -> None:
        """Add the fields with `add_field`."""

    def work(self) -> Callable[[], object]:
        """Read the fields (on the UI thread) and return the service call to run on the worker."""
        raise NotImplementedError

    # ---- fields -----------------------------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        row = len(self.fields) * 2
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 5, 0, 0)
        self.grid.addWidget(caption, row, 0)
        self.grid.addWidget(widget, row, 1)
        self.grid.addWidget(self.form_errors.add(name, widget, self), row + 1, 1)
        self.form_errors.clear_on_edit(name)
        if isinstance(widget, QLineEdit | QComboBox):
            widget.installEventFilter(self._enter)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)
        return widget

    def text_box(self, placeholder: str = "", height: int = 84) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setPlaceholderText(placeholder)
        box.setMinimumHeight(height)
        return box

    def line(self, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        return edit

    def date_line(self) -> QLineEdit:
        edit = number_field(self, "2026-11-24")
        edit.setText(clock.today().isoformat())
        return edit

    def value(self, name: str) -> str:
        widget = self.fields[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        assert isinstance(widget, QLineEdit)
        return widget.text()

    # ---- saving -----------------------------------------------------------------------------

    def submit(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        try:
            op = self.work()
        except (FormErrors, ValidationError) as e:
            self.show_error(e)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        QueryOp(parent=self, op=op, success=self._saved).failure(self._failed).with_progress(
            _("جارٍ الحفظ…")
        ).run_in_background()

    def _saved(self, _result: object) -> None:
        self._saving = False
        self.saved.emit(self.reference)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, CsdError):
            self.show_error(exc)
        else:
            workers.show_error(self, exc)

    def clear_errors(self) -> None:
        self.form_errors.clear()

    def show_error(self, error: CsdError) -> None:
        self.form_errors.show(error)
