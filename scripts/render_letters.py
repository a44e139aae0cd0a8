"""Walk one realistic case through referral, escalation and reply, and write its three letters to shots/.

Each letter is taken at the moment an officer would print it (the reminder while the entity has not
yet replied), then written as PDF and as PNG (pdftoppm -r 80) to look at.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csd_desktop.db.engine import open_database  # noqa: E402
from csd_desktop.domain.enums import EventType  # noqa: E402
from csd_desktop.reports.letters import render_letter  # noqa: E402
from csd_desktop.services import clock, followup, intake, letters, setup, timeline, users  # noqa: E402
from csd_desktop.services.intake import CitizenForm, IntakeForm  # noqa: E402

DETAILS = (
    "يذكر المواطن أن الماء مقطوع عن زقاق 12 في محلة 887 (حي الجهاد) منذ 2026-11-15 بشكل متواصل، "
    "وأن الأهالي راجعوا دائرة الماء في الرصافة مرتين دون نتيجة. ويعتقد الأهالي أن الأنبوب الرئيسي "
    "المار قرب جامع الرحمن مكسور، إذ تتجمع المياه في الشارع منذ أسبوعين.\n"
    "يطلب المواطن إصلاح الأنبوب وإعادة الضخ بأسرع وقت، لأن في البيت كبار سن ولا تستطيع العائلة "
    "شراء الماء يومياً (نحو 15,000 دينار في الأسبوع)."
)


def at(year: int, month: int, day: int, hour: int = 9) -> None:
    """Stand the clock at a Baghdad time (UTC+3)."""
    moment = datetime(year, month, day, hour - 3, 0, tzinfo=UTC)
    clock.set_clock(lambda: moment)


def write(shots: Path, name: str, letter: letters.Letter) -> None:
    started = time.perf_counter()
    pdf = render_letter(letter)
    elapsed = (time.perf_counter() - started) * 1000
    path = shots / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in shots.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(shots / name)], check=True)
    print(f"{path} ({len(pdf)} bytes, {elapsed:.1f} ms)")


def main() -> None:
    shots = ROOT / "shots"
    shots.mkdir(exist_ok=True)
    path = shots / "letters.sqlite"
    for old in shots.glob("letters.sqlite*"):
        old.unlink()
    db = open_database(path)
    setup.initialize_station(
        db,
        office_code="BGDGO",
        office_name="مكتب شؤون المواطنين — ديوان محافظة بغداد",
        governorate_code="BGD",
        station=1,
        admin_username="admin",
        admin_full_name="زينب علي حسين",
        admin_password="secret-123",
    )
    actor = users.authenticate(db, "admin", "secret-123")

    at(2026, 11, 23, 10)
    form = IntakeForm(
        citizen=CitizenForm(
            full_name="عبد الله محمد جاسم الساعدي",
            national_id="199012345678",
            phone="07701234567",
            gender="male",
            governorate="BGD",
            district="BGD-05",
            address="حي الجهاد، محلة 887، زقاق 12، دار 7",
            landmark="قرب جامع الرحمن",
        ),
        kind="complaint",
        channel="walk_in",
        category="water",
        entity="baghdad_mayoralty",
        subject="انقطاع ماء الشرب عن زقاق 12 في محلة 887 منذ 2026-11-15",
        details=DETAILS,
        reply_preference="phone_call",
    )
    ref = intake.register_case(db, actor, form).reference

    at(2026, 11, 24, 11)
    followup.refer(db, actor, ref, entity="baghdad_mayoralty", letter_no="ش م/4471", letter_date="2026-11-24")
    referral = letters.referral_letter(db, ref)
    write(shots, "letter-referral", referral)
    # the edge: details typed over many paragraphs run on to a second page
    long_details = "\n".join([DETAILS] * 7)
    rows = tuple((k, long_details if k == "التفاصيل" else v) for k, v in referral.facts)
    write(shots, "letter-referral-long", replace(referral, facts=rows))

    at(2026, 12, 10, 8)
    escalated = followup.escalate_overdue_referrals(db, actor)
    assert escalated == [ref], escalated
    write(shots, "letter-reminder", letters.reminder_letter(db, ref))

    at(2026, 12, 14, 12)
    followup.record_reply(
        db,
        actor,
        ref,
        letter_no="9/2231",
        letter_date="2026-12-13",
        text="تم إصلاح الأنبوب الرئيسي وإعادة الضخ إلى المحلة.",
    )
    at(2026, 12, 15, 10)
    write(shots, "letter-status", letters.status_letter(db, ref))

    # A referral step holding the entity's code alone (demo data, older steps): the letter names it.
    other = intake.register_case(db, actor, replace(form, entity="", category="electricity")).reference
    with db.write() as s:
        case = timeline.load_case(s, other)
        data = {"entity": "electricity", "letter_no": "ش م/4702", "letter_date": "2026-12-15"}
        timeline.append(s, case, actor, EventType.REFERRED, data)
    write(shots, "letter-referral-by-code", letters.referral_letter(db, other))
    db.dispose()


if __name__ == "__main__":
    main()
