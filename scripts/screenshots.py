"""Render the screens offscreen into shots/*.png at 1366×768: setup (and all its errors at once), login,
intake filled/saved/invalid (the narrow fields' messages whole), receipt, and the follow-up screens over a
few thousand demo cases (case list, case pages with their timelines, worklists with the entity column,
by entity, desk, an action dialog, the file dialog, a letter's preview)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shot_options  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from csd_desktop.app import configure_application  # noqa: E402
from csd_desktop.db.engine import Database, open_database  # noqa: E402
from csd_desktop.domain.enums import EventType  # noqa: E402
from csd_desktop.i18n import _  # noqa: E402
from csd_desktop.services import (  # noqa: E402
    attachments,
    clock,
    demo,
    followup,
    intake,
    setup,
    users,
)
from csd_desktop.services.intake import CitizenForm, IntakeForm  # noqa: E402
from csd_desktop.services.users import Actor  # noqa: E402
from csd_desktop.ui import dialogs, workers  # noqa: E402
from csd_desktop.ui.cases.letter_preview import open_letter_preview  # noqa: E402
from csd_desktop.ui.intake.intake_screen import IntakeScreen  # noqa: E402
from csd_desktop.ui.intake.receipt_preview import LastReceipt  # noqa: E402
from csd_desktop.ui.login_dialog import LoginDialog  # noqa: E402
from csd_desktop.ui.main_window import MainWindow  # noqa: E402
from csd_desktop.ui.setup_dialog import SetupDialog  # noqa: E402
from csd_desktop.ui.start.splash import MigrationSplash  # noqa: E402
from csd_desktop.ui.widgets.pdf_preview import PdfPreviewDialog  # noqa: E402

SHOTS = ROOT / "shots"
SIZE = (1366, 768)
PASSWORD = "secret-123"


def pump(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        pump(20)


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    pump(150)
    path = SHOTS / f"{name}.png"
    widget.grab().save(str(path))
    print(f"{path} {widget.width()}x{widget.height()}")


def fill_case(screen: IntakeScreen) -> None:
    screen.citizen.full_name.setText("زينب عبد الكريم حسن العبيدي")
    screen.citizen.national_id.setText("198807654321")
    screen.citizen.phone.setText("07812345678")
    screen.citizen.gender.setCurrentIndex(screen.citizen.gender.findData("female"))
    screen.citizen.district.setCurrentIndex(screen.citizen.district.findText("الكرخ"))
    screen.citizen.address.setText("حي المنصور، محلة 605، زقاق 14، دار 22")
    screen.citizen.landmark.setText("خلف مدرسة الرواد الابتدائية")
    screen.citizen.priority_boxes[next(iter(screen.citizen.priority_boxes))].setChecked(True)
    screen.request.kind.setCurrentIndex(screen.request.kind.findData("complaint"))
    screen.request.category.setCurrentIndex(screen.request.category.findData("sewage"))
    screen.request.entity.setCurrentIndex(screen.request.entity.findData("baghdad_mayoralty"))
    screen.request.subject.setText("طفح مياه المجاري في الزقاق منذ عشرة أيام")
    screen.request.details.setPlainText(
        "تذكر المواطنة أن المياه الآسنة تغمر الزقاق منذ عشرة أيام، وأن الأطفال لا يستطيعون الذهاب إلى "
        "المدرسة، وقد راجعت دائرة المجاري مرتين (آخرها يوم 2026-03-02) دون نتيجة."
    )
    screen.request.reply_preference.setCurrentIndex(screen.request.reply_preference.findData("phone_call"))


def main() -> None:
    global SHOTS, SIZE
    SHOTS, SIZE = shot_options.parse(__doc__ or "")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    dialogs.show_error = lambda _parent, message: print("error dialog:", message)
    folder = Path(tempfile.mkdtemp(prefix="csd-shots-"))
    db = open_database(folder / "csd.sqlite")

    dialog = SetupDialog(db)
    dialog.office_code.setText("BGDGO")
    dialog.office_name.setText("مكتب شؤون المواطنين — ديوان محافظة بغداد")
    dialog.governorate.setCurrentIndex(dialog.governorate.findData("BGD"))
    dialog.username.setText("zainab.ali")
    dialog.full_name.setText("زينب علي حسين")
    dialog.password.setText(PASSWORD)
    dialog.password2.setText(PASSWORD)
    shoot(dialog, "01-setup")
    # Every mistake at once, in one round: code, governorate, username, full name, both passwords.
    dialog.office_code.setText("بغداد")
    dialog.governorate.setCurrentIndex(0)
    dialog.username.setText("زينب")
    dialog.full_name.clear()
    dialog.password.setText("short")
    dialog.password2.setText("shorter")
    dialog.submit()
    pump(100)
    wait_until(lambda: dialog.create_button.isEnabled())
    shoot(dialog, "01b-setup-errors")
    dialog.office_code.setText("BGDGO")
    dialog.governorate.setCurrentIndex(dialog.governorate.findData("BGD"))
    dialog.username.setText("zainab.ali")
    dialog.full_name.setText("زينب علي حسين")
    dialog.password.setText(PASSWORD)
    dialog.password2.setText(PASSWORD)
    dialog.submit()
    wait_until(lambda: dialog.result_ is not None)
    dialog.close()

    station = setup.station_info(db)
    login = LoginDialog(db, office_name=station.office_name, username="zainab.ali")
    login.show()
    login.password.setText("wrong-password")
    login.submit()
    wait_until(lambda: login.message.isVisible())
    shoot(login, "02-login")
    login.close()
    demo = LoginDialog(
        db,
        office_name=station.office_name,
        username="admin",
        hint=_("عرض تجريبي\nاسم المستخدم: {user}    كلمة المرور: {password}").format(
            user="\u2066admin\u2069", password="\u2066csd-demo-2026\u2069"
        ),
    )
    shoot(demo, "02b-login-demo")
    demo.close()
    splash = MigrationSplash()
    splash.show_step(1, 3, "")
    shoot(splash, "02c-migration-splash")
    splash.close()

    actor = users.authenticate(db, "zainab.ali", PASSWORD)
    earlier = IntakeForm(
        citizen=CitizenForm(
            full_name="زينب عبد الكريم حسن العبيدي",
            national_id="198807654321",
            phone="07812345678",
            gender="female",
            governorate="BGD",
            district="BGD-07",
        ),
        kind="request",
        category="roads",
        subject="طلب تبليط شارع المحلة 605",
    )
    intake.register_case(db, actor, earlier)

    window = MainWindow(db, actor, station)
    window.resize(*SIZE)
    window.counts.refresh()  # the app asks after the first paint (ui/start/session.py)
    window.select_nav("intake")  # an administrator starts on the dashboard
    screen = window.intake
    previews: list[LastReceipt] = []
    screen.preview_factory = lambda receipt, _render: previews.append(receipt)
    screen.confirm = lambda _title, _text: True
    shoot(window, "03-main-empty")
    fill_case(screen)
    shoot(window, "04-intake-filled")

    screen.lookup.setText("٠٧٨١٢٣٤٥٦٧٨")
    screen.citizen.full_name.clear()
    screen._lookup_from_bar()
    wait_until(lambda: screen.citizen.earlier_view.isVisible())
    fill_case(screen)
    shoot(window, "05-intake-returning-citizen")

    screen.save()
    wait_until(lambda: bool(previews))
    shoot(window, "06-intake-saved")

    fill_case(screen)
    screen.citizen.national_id.setText("1988076543٢A")
    screen.citizen.full_name.setText("زينب")
    screen.citizen.phone.setText("0781234")  # the longest message, in the narrowest column
    screen.request.kind.setCurrentIndex(0)
    screen.request.subject.clear()
    screen.request.category.setCurrentIndex(0)
    screen.save()
    wait_until(lambda: screen.errors["national_id"].isVisible() and screen.errors["phone"].isVisible())
    shoot(window, "07-intake-errors")

    window.show_integrity_failure("*** in database main ***\nPage 12: btreeInitPage() returns error code 11")
    shoot(window, "08-integrity-banner")

    receipt = previews[-1]
    preview = PdfPreviewDialog(
        window,
        render=lambda paper: screen._rerender(receipt, paper),
        pdf=receipt.pdf,
        title=receipt.reference,
    )
    preview.resize(620, 740)
    shoot(preview, "09-receipt-preview")
    preview.paper.setCurrentIndex(1)
    shoot(preview, "10-receipt-preview-80mm")
    preview.close()
    window.banner.hide()
    wait_until(lambda: workers.pending() == 0)
    window.close()
    follow_up_shots(folder)
    wait_until(lambda: workers.pending() == 0)
    workers.shutdown()
    db.dispose()


def days_ago(days: int, hour: int = 10) -> None:
    """Stand the clock `days` before now, at an office hour in Baghdad."""
    local = datetime.now(clock.IRAQ_TZ).replace(hour=hour, minute=15, second=0, microsecond=0)
    moment = (local - timedelta(days=days)).astimezone(UTC)
    clock.set_clock(lambda: moment)


def followed_cases(db: Database, actor: Actor, folder: Path) -> tuple[str, str, str]:
    """A citizen with a closed case (long timeline), and an open referral escalated twice."""
    citizen = CitizenForm(
        full_name="عبد الله محمد جاسم الساعدي",
        national_id="199012345678",
        phone="07701234567",
        gender="male",
        governorate="BGD",
        district="BGD-05",
        address="حي الجهاد، محلة 887، زقاق 12، دار 7",
        landmark="قرب جامع الرحمن",
    )
    # The scene is written in the past after the demo's newer cases: registration would refuse to go
    # back before them (a PC clock set back, services/clock_guard.py), so here it follows the clock.
    intake.steady_now = lambda _s, _station: clock.now()
    days_ago(45)
    closed = intake.register_case(
        db,
        actor,
        IntakeForm(
            citizen=citizen,
            kind="complaint",
            category="water",
            entity="baghdad_mayoralty",
            subject="انقطاع ماء الشرب عن زقاق 12 في محلة 887",
            details="يذكر المواطن أن الماء مقطوع منذ أسبوع، وأن الأنبوب الرئيسي قرب جامع الرحمن مكسور.",
            reply_preference="phone_call",
        ),
    ).reference
    photo = folder / "صورة الأنبوب المكسور.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(0x4A7BA6)
    image.save(str(photo))
    attachments.add_attachment(db, actor, closed, photo)
    followup.add_note(db, actor, closed, "راجع المواطن مع ثلاثة من جيرانه؛ المشكلة تعم الزقاق كله.")
    days_ago(44, 11)
    followup.refer(
        db, actor, closed, entity="baghdad_mayoralty", letter_no="ش م/4471", letter_date=clock.today()
    )
    days_ago(35, 9)
    followup.log_call(db, actor, closed, answered=True, text="أُبلغ المواطن بأن الطلب أُحيل إلى أمانة بغداد.")
    days_ago(28, 8)
    followup.escalate_overdue_referrals(db, actor)
    days_ago(22, 12)
    followup.record_reply(
        db,
        actor,
        closed,
        letter_no="9/2231",
        letter_date=clock.today(),
        text="تم إصلاح الأنبوب الرئيسي وإعادة الضخ إلى المحلة.",
    )
    days_ago(21, 10)
    followup.inform_citizen(db, actor, closed, how="phone_call", satisfaction=5, note="شكر المواطن المكتب.")
    followup.close(db, actor, closed, outcome="resolved", summary="أصلحت أمانة بغداد الأنبوب وعاد الماء.")

    days_ago(40)
    waiting = intake.register_case(
        db,
        actor,
        IntakeForm(
            citizen=citizen,
            kind="request",
            category="roads",
            subject="طلب تبليط شارع المحلة 887 بعد انتهاء أعمال المجاري",
            reply_preference="phone_call",
        ),
    ).reference
    days_ago(39)
    followup.refer(
        db, actor, waiting, entity="baghdad_mayoralty", letter_no="ش م/4502", letter_date=clock.today()
    )
    days_ago(24, 8)
    followup.escalate_overdue_referrals(db, actor)
    days_ago(8, 8)
    followup.escalate_overdue_referrals(db, actor)
    clock.set_clock(None)
    fresh = intake.register_case(
        db,
        actor,
        IntakeForm(
            citizen=citizen, kind="inquiry", category="electricity", subject="الاستفسار عن جدول القطع المبرمج"
        ),
    ).reference
    return closed, waiting, fresh


def follow_up_shots(folder: Path) -> None:
    # Demo data never joins an office's real cases: the follow-up screens get a demo office of their own.
    db = open_database(folder / "follow-up.sqlite")
    started = time.perf_counter()
    login = demo.create_demo_office(db, cases=3000, seed=7)
    print(f"demo office: 3000 cases in {time.perf_counter() - started:.1f} s")
    actor = users.authenticate(db, login.username, login.password)
    closed, waiting, _fresh = followed_cases(db, actor, folder)
    window = MainWindow(db, actor, setup.station_info(db))
    window.resize(*SIZE)
    window.show()
    window.data_changed()
    wait_until(lambda: workers.pending() == 0)

    window.select_nav("users")  # the administrator's users screen (the demo office's staff)
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "18-users")

    window.select_nav("cases")
    wait_until(lambda: window.case_list.model.total is not None and workers.pending() == 0)
    shoot(window, "11-case-list")
    window.case_list.search_box.setText("محمد الساعدي")
    window.case_list.category.setCurrentIndex(window.case_list.category.findData("water"))
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "11b-case-list-search")
    window.case_list.clear_filters()
    window.case_list.search_box.clear()
    window.case_list.search()

    page = window.case_page
    window.open_case(closed)
    wait_until(lambda: page.case is not None and page.case.reference == closed and workers.pending() == 0)
    shoot(window, "12-case-page-closed")
    window.open_case(waiting)
    wait_until(lambda: page.case is not None and page.case.reference == waiting and workers.pending() == 0)
    shoot(window, "12b-case-page-overdue")

    window.select_nav("worklist:overdue")
    wait_until(lambda: window.worklists.model.total is not None and workers.pending() == 0)
    shoot(window, "13-worklist-overdue")
    window.select_nav("worklist:awaiting_reply")
    wait_until(lambda: workers.pending() == 0)
    window.worklists.entity.setCurrentIndex(window.worklists.entity.findData("baghdad_mayoralty"))
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "13b-worklist-awaiting-entity")

    window.worklists.entity.setCurrentIndex(0)  # every entity: the entity column says which
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "13c-worklist-awaiting-all")
    window.select_nav("worklist:by_entity")
    wait_until(lambda: window.worklists.model.total is not None and workers.pending() == 0)
    shoot(window, "13d-worklist-by-entity")

    demo_case = window.worklists.model.case_at(0)  # a demo case: its referral holds the entity's code
    if demo_case is not None:
        window.open_case(demo_case.reference)
        wait_until(lambda: page.case is not None and page.case.reference == demo_case.reference)
        wait_until(lambda: workers.pending() == 0)
        shoot(window, "12c-case-page-demo-referral")

    window.select_nav("desk")
    window.desk.lookup.setText("٠٧٧٠١٢٣٤٥٦٧")
    window.desk.look_up()
    wait_until(lambda: window.desk.case is not None and workers.pending() == 0)
    window.desk.match_list.setCurrentRow(1)
    wait_until(lambda: window.desk.case is not None and window.desk.case.reference == waiting)
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "14-desk")
    wrong = waiting[:-1] + str((int(waiting[-1]) + 1) % 10)  # a check character misheard on the phone
    window.desk.lookup.setText(wrong)
    window.desk.look_up()
    wait_until(lambda: not window.desk.suggestions.isHidden() and workers.pending() == 0)
    shoot(window, "14b-desk-wrong-check")
    window.select_nav("cases")
    window.case_list.search_box.setText(wrong)
    window.case_list.search()
    wait_until(lambda: not window.case_list.suggestions.isHidden() and workers.pending() == 0)
    shoot(window, "11c-case-list-wrong-check")
    window.case_list.search_box.clear()
    window.case_list.search()
    wait_until(lambda: workers.pending() == 0)

    window.open_case(waiting)
    wait_until(lambda: page.case is not None and page.case.reference == waiting and workers.pending() == 0)
    dialog = page.start_action(EventType.CLOSED)
    assert dialog is not None
    dialog.fields["summary"].setPlainText("")
    dialog.submit()
    wait_until(lambda: not dialog.errors["outcome"].isHidden())
    shoot(dialog, "15-close-dialog-errors")
    dialog.reject()
    dialog = page.start_action(EventType.REFERRED)
    assert dialog is not None
    dialog.fields["letter_no"].setText("ش م/4630")
    shoot(dialog, "15b-refer-dialog")
    dialog.reject()

    saving = dialogs.save_dialog(window, _("حفظ التقرير بصيغة PDF"), "csd-report-2026-10.pdf", "PDF (*.pdf)")
    saving.resize(900, 560)
    shoot(saving, "17-file-dialog")
    saving.close()

    previews: list[QWidget] = []
    page.letter_preview = lambda parent, kind, ref, pdf: (
        previews.append(open_letter_preview(parent, kind, ref, pdf)) or previews[-1]
    )
    page.print_letter("reminder")
    wait_until(lambda: bool(previews) and workers.pending() == 0)
    shoot(previews[-1], "16-reminder-letter-preview")
    previews[-1].close()


if __name__ == "__main__":
    main()
