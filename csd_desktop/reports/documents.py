"""Every document the office prints or saves, made in one place for the window and the `csd` command:
a case's receipt and letters, a period's report (PDF) with its workbook and case list (CSV), and the
final report with which a month is locked.

Importing this module is cheap: reportlab loads with the first PDF, not at start.

Every document is Arabic even when the window speaks English: they are official papers of an Iraqi
office, so each is made inside `official_arabic()` (its words, enum labels and figures' names alike).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import N_, official_arabic
from ..services import files, month_close, receipts
from ..services.letters import Letter, LetterKind, referral_letter, reminder_letter, status_letter
from ..services.month_close import ClosedMonth, ReportData
from ..services.permissions import Permission, require
from ..services.receipt_data import ReceiptData

if TYPE_CHECKING:
    from ..services.database import Database
    from ..services.figures import Period
    from ..services.users import Actor


# --- a case's documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterKindInfo:
    build: Callable[[Database, str], Letter]  # the letter's words, from the case
    title: str  # marked for translation: shown through _()
    # Letters to an entity are follow-up work; the status letter goes to the citizen from any desk.
    permission: Permission = Permission.FOLLOW_UP


LETTERS: dict[str, LetterKindInfo] = {
    LetterKind.REFERRAL.value: LetterKindInfo(referral_letter, N_("كتاب الإحالة")),
    LetterKind.REMINDER.value: LetterKindInfo(reminder_letter, N_("كتاب التعقيب")),
    LetterKind.STATUS.value: LetterKindInfo(status_letter, N_("بيان حالة الطلب"), Permission.VIEW_CASES),
}


@official_arabic()
def letter_pdf(db: Database, actor: Actor, kind: str, reference: str) -> bytes:
    """A case's referral, reminder or status letter; a refusal (never referred…) is a CsdError."""
    from .letters import render_letter

    require(actor, LETTERS[kind].permission)
    return render_letter(LETTERS[kind].build(db, reference))


@official_arabic()
def receipt_pdf(data: ReceiptData, paper: str = "a5") -> bytes:
    """The receipt of a case on "a5" or "80mm" paper."""
    from .receipt import render_receipt

    return render_receipt(data, paper)


@official_arabic()
def case_receipt(
    db: Database, actor: Actor, reference: str, *, paper: str = "a5", reprint: bool = False
) -> tuple[ReceiptData, bytes]:
    """A registered case's receipt; a reprint says نسخة on paper and goes into the case's timeline."""
    data = receipts.receipt_for(db, actor, reference, reprint=reprint)
    return data, receipt_pdf(data, paper)


# --- a period's report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    data: ReportData
    pdf: bytes = b""  # empty when no PDF was asked for


@official_arabic()
def report_pdf(data: ReportData) -> bytes:
    from .monthly.pdf import render_report

    return render_report(data)


@official_arabic()
def workbook(data: ReportData) -> bytes:
    from .excel import render_workbook

    return render_workbook(data)


@official_arabic()
def report(db: Database, actor: Actor, period: Period) -> Report:
    """The period's report as PDF, to preview. A locked month comes out exactly as it was locked."""
    data = month_close.report_data(db, actor, period)
    return Report(data, report_pdf(data))


@official_arabic()
def save_report(
    db: Database, actor: Actor, period: Period, *, pdf: Path | None = None, xlsx: Path | None = None
) -> Report:
    """Write the period's report as PDF, as a workbook or both: one computation of the figures for both."""
    data = month_close.report_data(db, actor, period)
    rendered = b""
    # Both staged (temporary name, fsynced, read back) before either takes its name: a stick pulled
    # half-way leaves no file that looks like a whole report.
    staged: list[files.Staged] = []
    try:
        if pdf is not None:
            rendered = report_pdf(data)
            staged.append(files.stage(pdf, rendered))
        if xlsx is not None:
            staged.append(files.stage(xlsx, workbook(data)))
    except BaseException:
        for done in staged:
            done.discard()
        raise
    for done in staged:
        done.commit()
    return Report(data, rendered)


@official_arabic()
def save_case_csv(db: Database, actor: Actor, period: Period, path: Path) -> int:
    """The period's cases as CSV (UTF-8 with a BOM, without citizens' personal data); returns the rows."""
    from ..services.figures import office_case_lines
    from .excel import write_case_csv

    return write_case_csv(office_case_lines(db, actor, period), path)


@official_arabic()
def lock_month(
    db: Database, actor: Actor, period: Period, *, pdf: Path | None = None, xlsx: Path | None = None
) -> ClosedMonth:
    """Close a month (services.month_close.close_month): its final report is rendered, the files asked
    for are written and read back, and only then is the month locked."""
    also = [(xlsx, workbook)] if xlsx is not None else []
    return month_close.close_month(db, actor, period, render_pdf=report_pdf, pdf_out=pdf, also=also)
