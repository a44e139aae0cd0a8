"""reports/receipt.py: real receipt PDFs, read back with pdftotext, pypdf and zbarimg."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from csd_desktop.reports.arabic import FONT, FONT_BOLD, missing_glyphs
from csd_desktop.reports.receipt import receipt_lines, render_receipt
from csd_desktop.services.receipt_data import ReceiptData
from tests.pdf_text import pdf_text

PAPERS = ["a5", "80mm"]
REFERENCE = "BGDGO-01-2026-000123-0"

RECEIPT = ReceiptData(
    office_name="مكتب شؤون المواطنين — ديوان محافظة بغداد",
    governorate="محافظة بغداد",
    reference=REFERENCE,
    qr_text=f"CSD1|{REFERENCE}|2026-11-22T10:45|5Q2XK7M4P9R3T6VW8YZA2B4C6D8E0F1G",
    registered_at=datetime(2026, 11, 22, 10, 45),
    citizen_name="عبد الله محمد جاسم الساعدي",
    kind="شكوى",
    category="الماء والمجاري",
    entity="مديرية ماء بغداد / قسم الصيانة",
    subject="انقطاع الماء عن محلة 312 (حي الأمل) منذ 2026-11-15، ولا يصل الماء إلى البيوت.",
    expected_answer=date(2026, 12, 6),
    follow_up="للمتابعة راجع المكتب بالرقم المرجعي أو اتصل على 07701234567 (من الأحد إلى الخميس).",
    clerk_name="زينب علي حسين",
)
REPRINT = replace(RECEIPT, reprinted_at=datetime(2026, 11, 25, 14, 30))


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {paper: pdf_text(render_receipt(RECEIPT, paper)) for paper in PAPERS}


@pytest.mark.parametrize("paper", PAPERS)
def test_receipt_text_has_the_reference_left_to_right(texts: dict[str, str], paper: str) -> None:
    assert REFERENCE in texts[paper]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("token", ["07701234567", "2026-11-22", "10:45", "2026-12-06", "2026-11-15"])
def test_receipt_text_has_phone_dates_and_time_in_order(
    texts: dict[str, str], paper: str, token: str
) -> None:
    assert token in texts[paper]


@pytest.mark.parametrize("paper", PAPERS)
def test_receipt_text_has_the_title_and_the_citizen(texts: dict[str, str], paper: str) -> None:
    assert "وصل استلام" in texts[paper]
    assert "عبد الله محمد جاسم الساعدي" in texts[paper]
    assert "موعد الرد المتوقع" in texts[paper]


def test_receipt_without_entity_shows_a_dash() -> None:
    assert "—" in receipt_lines(replace(RECEIPT, entity=None))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("font", [FONT, FONT_BOLD])
def test_every_character_the_receipt_prints_has_a_glyph(paper: str, font: str) -> None:
    printed = "\n".join(receipt_lines(REPRINT, paper))
    assert {"-", "/", ":", "(", ")"} <= set(printed)
    assert "لا" in printed
    assert missing_glyphs(printed, font) == set()


@pytest.mark.parametrize("paper", PAPERS)
def test_long_subject_lines_print_top_to_bottom_in_reading_order(paper: str) -> None:
    filler = " ".join(["كلام"] * 14)
    subject = f"برتقال {filler} تفاح {filler} رمان"
    lines = pdf_text(render_receipt(replace(RECEIPT, subject=subject), paper)).splitlines()
    row = {
        word: next(i for i, line in enumerate(lines) if word in line) for word in ("برتقال", "تفاح", "رمان")
    }
    assert row["برتقال"] < row["تفاح"] < row["رمان"]
    assert row["رمان"] - row["برتقال"] >= 2  # at least three lines


def test_a5_subject_too_long_for_one_page_continues_on_a_second() -> None:
    subject = " ".join(["كلام"] * 600) + " رمان"
    pdf = render_receipt(replace(RECEIPT, subject=subject), "a5")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert "رمان" in pdf_text(pdf)


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None,
    reason="needs pdftoppm (poppler-utils) and zbarimg (zbar-tools) to read the QR code back",
)
@pytest.mark.parametrize(("paper", "data"), [("a5", RECEIPT), ("80mm", RECEIPT), ("a5", REPRINT)])
def test_qr_code_reads_back_at_150_dpi(tmp_path: Path, paper: str, data: ReceiptData) -> None:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(data, paper))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, tmp_path / "page"], check=True)
    scanned = subprocess.run(
        ["zbarimg", "--raw", "-q", tmp_path / "page.png"], capture_output=True, text=True, check=True
    )
    assert scanned.stdout.rstrip("\n") == data.qr_text


@pytest.mark.parametrize("paper", PAPERS)
def test_reprint_is_marked_as_a_copy_with_its_time(paper: str) -> None:
    text = pdf_text(render_receipt(REPRINT, paper))
    assert "نسخة" in text
    assert "2026-11-25" in text and "14:30" in text


@pytest.mark.parametrize("paper", PAPERS)
def test_original_is_not_marked_as_a_copy(texts: dict[str, str], paper: str) -> None:
    assert "نسخة" not in texts[paper]


@pytest.mark.parametrize("paper", PAPERS)
def test_pdf_title_is_the_reference(paper: str) -> None:
    assert PdfReader(io.BytesIO(render_receipt(RECEIPT, paper))).metadata.title == REFERENCE


def test_a5_page_is_148_by_210_mm() -> None:
    box = PdfReader(io.BytesIO(render_receipt(RECEIPT, "a5"))).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((148 * mm, 210 * mm))


def test_80mm_page_is_80_mm_wide_and_grows_with_the_subject() -> None:
    def page(data: ReceiptData) -> tuple[float, float]:
        box = PdfReader(io.BytesIO(render_receipt(data, "80mm"))).pages[0].mediabox
        return float(box.width), float(box.height)

    width, height = page(RECEIPT)
    _, taller = page(replace(RECEIPT, subject=" ".join(["كلام"] * 80)))
    assert width == pytest.approx(80 * mm)
    assert taller > height


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="a4"):
        render_receipt(RECEIPT, "a4")
