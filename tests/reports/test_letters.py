"""reports/letters.py: the three letters of a real case rendered to A4 PDFs and read back with pdftotext."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import EventType
from csd_desktop.reports.arabic import FONT, FONT_BOLD, missing_glyphs
from csd_desktop.reports.letters import letter_lines, render_letter
from csd_desktop.services import clock, followup, intake, letters, timeline
from csd_desktop.services.letters import Letter
from csd_desktop.services.users import Actor
from tests.factories import intake_form
from tests.pdf_text import pdf_text

MONDAY = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
AFTER_REPLY_DUE = datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
LETTER_NO = "12/4471"
KINDS = ["referral", "reminder", "status"]


def on(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


@pytest.fixture
def case_letters(db: Database, actor: Actor) -> dict[str, Letter]:
    """A case referred, escalated when the entity did not reply: its three letters."""
    on(MONDAY)
    ref = intake.register_case(db, actor, intake_form()).reference
    followup.refer(db, actor, ref, entity="baghdad_mayoralty", letter_no=LETTER_NO, letter_date="2026-11-23")
    on(AFTER_REPLY_DUE)
    assert followup.escalate_overdue_referrals(db, actor) == [ref]
    return {
        "referral": letters.referral_letter(db, ref),
        "reminder": letters.reminder_letter(db, ref),
        "status": letters.status_letter(db, ref),
    }


def refer_by_code_only(db: Database, actor: Actor, reference: str) -> None:
    """A referral step that holds the entity's code and no name, as demo data and older steps do."""
    with db.write() as s:
        case = timeline.load_case(s, reference)
        data = {"entity": "electricity", "letter_no": LETTER_NO, "letter_date": "2026-11-23"}
        timeline.append(s, case, actor, EventType.REFERRED, data)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("kind", KINDS)
def test_letter_is_one_a4_portrait_page(case_letters: dict[str, Letter], kind: str) -> None:
    reader = PdfReader(io.BytesIO(render_letter(case_letters[kind])))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A4[0]), round(A4[1]))


@pytest.mark.parametrize("kind", KINDS)
def test_letter_text_has_the_reference_and_the_letter_number_left_to_right(
    case_letters: dict[str, Letter], kind: str
) -> None:
    letter = case_letters[kind]
    text = pdf_text(render_letter(letter))
    assert letter.reference in text
    assert LETTER_NO in text
    assert "أمانة بغداد" in text
    assert letter.date.isoformat() in text


def test_referral_letter_pdf_reads_like_an_official_letter(case_letters: dict[str, Letter]) -> None:
    text = pdf_text(render_letter(case_letters["referral"]))
    for words in (
        "جمهورية العراق",
        "ديوان محافظة بغداد",
        "مكتب شؤون المواطنين",
        "السيد ضابط الارتباط في أمانة بغداد المحترم",
        "إحالة شكوى مواطن",
        "تحية طيبة",
        "محمد جاسم كاظم الساعدي",
        "07701234567",
        "********5678",
        "مع التقدير",
        "مدير مكتب شؤون المواطنين",
        "2026-12-07",
    ):
        assert words in text, words
    assert "199012345678" not in text


def test_reminder_pdf_cites_the_original_letter_and_the_level(case_letters: dict[str, Letter]) -> None:
    text = pdf_text(render_letter(case_letters["reminder"]))
    assert "2026-11-23" in text and "2026-12-09" in text
    assert "المستوى الأول" in text
    assert "تعقيب على كتابنا المرقم" in text


def test_status_pdf_lists_the_steps_top_to_bottom(case_letters: dict[str, Letter]) -> None:
    lines = pdf_text(render_letter(case_letters["status"])).splitlines()
    row = {
        words: next(i for i, line in enumerate(lines) if words in line)
        for words in ("سجل الطلب في المكتب", "أحيل إلى أمانة بغداد", "صعدت متابعة الطلب")
    }
    assert row["سجل الطلب في المكتب"] < row["أحيل إلى أمانة بغداد"] < row["صعدت متابعة الطلب"]


def test_a_letter_without_our_number_leaves_it_blank_to_fill_in(case_letters: dict[str, Letter]) -> None:
    assert case_letters["reminder"].our_number is None
    assert "العدد: ................" in letter_lines(case_letters["reminder"])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("font", [FONT, FONT_BOLD])
def test_every_character_a_letter_prints_has_a_glyph(
    case_letters: dict[str, Letter], kind: str, font: str
) -> None:
    printed = "\n".join(letter_lines(case_letters[kind]))
    assert {"-", "/", ":", "*"} & set(printed)
    assert missing_glyphs(printed, font) == set()


def test_long_details_wrap_and_keep_their_reading_order(case_letters: dict[str, Letter]) -> None:
    filler = " ".join(["كلام"] * 30)
    details = f"برتقال {filler} تفاح {filler} رمان"
    letter = case_letters["referral"]
    rows = tuple((label, details if label == "التفاصيل" else value) for label, value in letter.facts)
    lines = pdf_text(render_letter(replace(letter, facts=rows))).splitlines()
    row = {
        word: next(i for i, line in enumerate(lines) if word in line) for word in ("برتقال", "تفاح", "رمان")
    }
    assert row["برتقال"] < row["تفاح"] < row["رمان"]
    assert row["رمان"] - row["برتقال"] >= 3  # at least four lines


def test_details_too_long_for_one_page_run_on_with_the_reference_on_every_page(
    case_letters: dict[str, Letter],
) -> None:
    letter = case_letters["referral"]
    details = " ".join(["كلام"] * 1200) + " رمان"
    rows = tuple((label, details if label == "التفاصيل" else value) for label, value in letter.facts)
    pdf = render_letter(replace(letter, facts=rows))
    count = pages(pdf)
    assert count >= 2
    text = pdf_text(pdf)
    sheets = text.split("\f")[:count]  # pdftotext ends each page with a form feed
    for number, sheet in enumerate(sheets, start=1):
        assert letter.reference in sheet
        assert f"صفحة{number}من{count}" in "".join(sheet.split())
    assert "رمان" in sheets[-1] and "مدير مكتب شؤون المواطنين" in sheets[-1]
    assert sheets[-1].index("رمان") < sheets[-1].index("مدير مكتب شؤون المواطنين")


def test_letter_lines_follow_the_page_from_top_to_bottom(case_letters: dict[str, Letter]) -> None:
    printed = letter_lines(case_letters["referral"])
    order = [
        next(i for i, line in enumerate(printed) if words in line)
        for words in ("جمهورية العراق", "إلى/", "م/ إحالة", "تحية طيبة", "الرقم المرجعي", "مع التقدير")
    ]
    assert order == sorted(order)


def test_letters_of_a_referral_stored_with_the_entity_code_name_the_entity_in_arabic(
    db: Database, actor: Actor
) -> None:
    on(MONDAY)
    ref = intake.register_case(db, actor, intake_form(entity="")).reference
    refer_by_code_only(db, actor, ref)
    referral = pdf_text(render_letter(letters.referral_letter(db, ref)))
    status = pdf_text(render_letter(letters.status_letter(db, ref)))
    assert "ضابط الارتباط في وزارة الكهرباء" in referral
    assert "وزارة الكهرباء" in status
    assert "electricity" not in referral + status
