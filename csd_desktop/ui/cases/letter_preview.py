"""The case's official letters (referral, reminder, status): built off the UI thread, shown in the preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ...i18n import _
from ...reports.documents import LETTERS, letter_pdf
from ..workers import QueryOp

if TYPE_CHECKING:  # annotations only
    from ...services.database import Database
    from ...services.sign_in import Actor

REFERRAL, REMINDER, STATUS = "referral", "reminder", "status"
LETTER_TITLES = {kind: info.title for kind, info in LETTERS.items()}


def open_letter_preview(parent: QWidget, kind: str, reference: str, pdf: bytes) -> QWidget:
    """The receipt's preview, for an A4 letter, with the letter's own words in the dialogs."""
    from ..widgets.pdf_preview import open_a4_preview  # QtPdf loads with the first document

    name = _(LETTER_TITLES[kind])
    return open_a4_preview(
        parent, pdf, title=f"{name} — {reference}", file_name=f"{reference}-{kind}.pdf", noun=_("الكتاب")
    )


PreviewFactory = Callable[[QWidget, str, str, bytes], object]


def print_letter(
    parent: QWidget,
    db: Database,
    actor: Actor,
    kind: str,
    reference: str,
    preview: PreviewFactory = open_letter_preview,
    done: Callable[[object], None] | None = None,
) -> None:
    """Build the letter on the worker; a refusal (never referred…) is one Arabic message."""

    def show(pdf: bytes) -> None:
        shown = preview(parent, kind, reference, pdf)
        if done is not None:
            done(shown)

    QueryOp(parent=parent, op=lambda: letter_pdf(db, actor, kind, reference), success=show).with_progress(
        _("جارٍ إعداد الكتاب…")
    ).run_in_background()
