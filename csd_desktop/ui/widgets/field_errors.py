"""Errors beside their fields: the one way every form (intake, first-run setup, the follow-up dialogs)
shows what the service refused — a red message under the field, a red border on it, the focus on the
first one in the order the form is filled, and what belongs to no field under the form."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...errors import CsdError, FormErrors
from .form_fields import error_label, mark_invalid


def messages(error: CsdError) -> list[CsdError]:
    """A form's several refusals (FormErrors), or the one."""
    return list(error.errors) if isinstance(error, FormErrors) else [error]


class FieldErrors:
    """The fields of one form by the service's names, each with its message label; `general` is the
    label under the form. `fields` and `labels` keep the order the fields were added (filled)."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add(self, name: str, widget: QWidget, parent: QWidget | None = None) -> QLabel:
        """Register a field; returns its (hidden) message label for the caller to lay out under it."""
        label = error_label(parent if parent is not None else widget.parentWidget())
        self.fields[name] = widget
        self.labels[name] = label
        return label

    def clear_on_edit(self, name: str) -> None:
        """Typing in (or choosing, ticking) a marked field takes its message away."""
        widget = self.fields[name]

        def clear() -> None:
            if not self.labels[name].isHidden() or widget.property("invalid"):
                self.labels[name].hide()
                mark_invalid(widget, False)

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(clear)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(clear)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(clear)
        else:
            for box in widget.findChildren(QCheckBox):
                box.toggled.connect(clear)

    def clear(self) -> None:
        for name, label in self.labels.items():
            label.hide()
            label.clear()
            mark_invalid(self.fields[name], False)
        self.general.hide()

    def show(self, errors: CsdError | Iterable[CsdError]) -> bool:
        """Each message beside its field (two for one field, one under the other); True if any was."""
        self.clear()
        unplaced: list[str] = []
        for error in messages(errors) if isinstance(errors, CsdError) else errors:
            label = self.labels.get(error.field or "")
            if label is None:
                unplaced.append(error.message)
                continue
            label.setText(f"{label.text()}\n{error.message}" if not label.isHidden() else error.message)
            label.show()
            mark_invalid(self.fields[error.field or ""], True)
        if unplaced:
            self.general.setText("\n".join(unplaced))
            self.general.show()
        # The first bad field in the order the form is filled, not the order of the messages.
        bad = [name for name, label in self.labels.items() if not label.isHidden()]
        if bad:
            widget = self.fields[bad[0]]
            (widget.findChild(QCheckBox) or widget).setFocus()  # a row of boxes: its first box
        return bool(bad)

    def refusal(self, error: CsdError) -> bool:
        """For a refused save: True when the error was the form's to show (a field's, or several)."""
        if isinstance(error, FormErrors) or (error.field or "") in self.labels:
            self.show(error)
            return True
        return False
