"""Write sample receipts (A5, 80 mm, and a reprint) to shots/ as PDF and PNG, to look at them."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csd_desktop.reports.receipt import render_receipt  # noqa: E402
from csd_desktop.services.receipt_data import ReceiptData  # noqa: E402

SAMPLE = ReceiptData(
    office_name="مكتب شؤون المواطنين — ديوان محافظة بغداد",
    governorate="محافظة بغداد",
    reference="BGDGO-01-2026-000123-0",
    qr_text="CSD1|BGDGO-01-2026-000123-0|2026-11-22T10:45|5Q2XK7M4P9R3T6VW8YZA2B4C6D8E0F1G",
    registered_at=datetime(2026, 11, 22, 10, 45),
    citizen_name="عبد الله محمد جاسم الساعدي",
    kind="شكوى",
    category="الماء والمجاري",
    entity="مديرية ماء بغداد",
    subject=(
        "انقطاع الماء عن محلة 312 (حي الأمل) منذ 2026-11-15 بشكل متواصل، وقد راجع الأهالي دائرة"
        " الماء أكثر من مرة دون حل، ويطلب المواطن إصلاح الأنبوب الرئيسي المكسور قرب المدرسة"
        " الابتدائية وإعادة الضخ بأسرع وقت لأن العوائل لا تستطيع شراء الماء يومياً."
    ),
    expected_answer=date(2026, 12, 6),
    follow_up="للمتابعة راجع المكتب بالرقم المرجعي أعلاه أو اتصل على 07701234567 (من الأحد إلى الخميس).",
    clerk_name="زينب علي حسين",
)


def main() -> None:
    shots = ROOT / "shots"
    shots.mkdir(exist_ok=True)
    reprint = replace(SAMPLE, reprinted_at=datetime(2026, 11, 25, 14, 30))
    # the edges: a long office code and names, no entity yet, a subject typed over several lines
    crowded = replace(
        SAMPLE,
        office_name="مكتب شؤون المواطنين — مجلس محافظة نينوى — قسم المتابعة والشكاوى",
        reference="NINPCOUNCL-12-2026-004871-7",
        qr_text="CSD1|NINPCOUNCL-12-2026-004871-7|2026-11-22T10:45|A2B4C6D8E0F1G5Q2XK7M4P9R3T6VW8YZ",
        citizen_name="گلاويژ عبد الرحمن محمد أمين الجبوري",
        governorate="محافظة نينوى",
        entity=None,
        subject=SAMPLE.subject + "\nملاحظة: سبق تقديم طلب بالرقم NIN-03-2025-000017 بتاريخ 2025/03/01.",
    )
    for name, data, paper in [
        ("receipt-a5", SAMPLE, "a5"),
        ("receipt-80mm", SAMPLE, "80mm"),
        ("receipt-a5-copy", reprint, "a5"),
        ("receipt-80mm-copy", reprint, "80mm"),
        ("receipt-a5-crowded", crowded, "a5"),
        ("receipt-80mm-crowded", crowded, "80mm"),
    ]:
        started = time.perf_counter()
        pdf = render_receipt(data, paper)
        elapsed = (time.perf_counter() - started) * 1000
        path = shots / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "110", "-png", str(path), str(shots / name)], check=True)
        print(f"{path} ({len(pdf)} bytes, {elapsed:.1f} ms)")


if __name__ == "__main__":
    main()
