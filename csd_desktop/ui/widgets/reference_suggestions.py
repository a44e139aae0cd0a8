"""A mistyped reference: why it was not opened, and the references on file it may have meant."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ...errors import ReferenceCheckMismatch


def _isolated(text: str, references: tuple[str, ...]) -> str:
    # A reference keeps its left-to-right order inside the Arabic sentence.
    for reference in references:
        text = text.replace(reference, f"\u2066{reference}\u2069")
    return text


class ReferenceSuggestions(QFrame):
    """Nothing is opened until the clerk picks one of the suggestions (or types the number again)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceSuggestions")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 6, 10, 6)
        self._row.addWidget(self.message, 1)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_refusal(self, error: ReferenceCheckMismatch) -> None:
        self.clear()
        self.message.setText(_isolated(error.message, error.suggestions))
        for reference in error.suggestions:
            button = QPushButton(reference, self)
            button.setObjectName("suggestedReference")
            button.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            button.clicked.connect(lambda _checked=False, r=reference: self._pick(r))
            self._row.addWidget(button)
            self.buttons.append(button)
        self.show()

    def clear(self) -> None:
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        self.message.clear()
        self.hide()

    def _pick(self, reference: str) -> None:
        self.clear()
        self.chosen.emit(reference)
