"""Render the screens offscreen into shots/*.png (setup, login, intake filled/saved/invalid, receipt)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from csd_desktop.app import configure_application  # noqa: E402
from csd_desktop.db.engine import open_database  # noqa: E402
from csd_desktop.services import intake, setup, users  # noqa: E402
from csd_desktop.services.intake import CitizenForm, IntakeForm  # noqa: E402
from csd_desktop.ui import workers  # noqa: E402
from csd_desktop.ui.intake.intake_screen import IntakeScreen  # noqa: E402
from csd_desktop.ui.intake.receipt_preview import LastReceipt  # noqa: E402
from csd_desktop.ui.login_dialog import LoginDialog  # noqa: E402
from csd_desktop.ui.main_window import MainWindow  # noqa: E402
from csd_desktop.ui.setup_dialog import SetupDialog  # noqa: E402
from csd_desktop.ui.widgets.pdf_preview import PdfPreviewDialog  # noqa: E402

SHOTS = ROOT / "shots"
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
    SHOTS.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    workers.error_presenter = lambda _parent, message: print("error dialog:", message)
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
    dialog.password2.setText("secret-12")
    dialog.office_code.setText("بغداد")
    dialog.submit()
    pump(100)
    wait_until(lambda: dialog.create_button.isEnabled())
    dialog.password2.setText(PASSWORD)
    dialog.submit()
    wait_until(lambda: dialog.create_button.isEnabled())
    shoot(dialog, "01b-setup-errors")
    dialog.office_code.setText("BGDGO")
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
        hint="عرض تجريبي\nاسم المستخدم: \u2066admin\u2069    كلمة المرور: \u2066csd-demo-2026\u2069",
    )
    shoot(demo, "02b-login-demo")
    demo.close()

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
    window.resize(1366, 768)
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
    screen.request.subject.clear()
    screen.request.category.setCurrentIndex(0)
    screen.save()
    wait_until(lambda: screen.errors["national_id"].isVisible())
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
    wait_until(lambda: workers.pending() == 0)
    workers.shutdown()
    db.dispose()


if __name__ == "__main__":
    main()
