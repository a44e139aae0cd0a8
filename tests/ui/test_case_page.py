"""The case page: what it shows, actions refused with their reason, steps saved through their dialogs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import EventType, Role, Status
from csd_desktop.domain.lifecycle import refusal
from csd_desktop.services import cases, followup, intake, timeline, users
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.cases.action_dialogs import ActionDialog
from csd_desktop.ui.cases.case_page import CasePage
from tests.factories import intake_form
from tests.keys import activate, key, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def new_case(db: Database, actor: Actor) -> str:
    return intake.register_case(db, actor, intake_form()).reference


def referred_case(db: Database, actor: Actor) -> str:
    reference = new_case(db, actor)
    followup.refer(
        db, actor, reference, entity="baghdad_mayoralty", letter_no="ش م/4471", letter_date="2026-01-05"
    )
    return reference


def refer_by_code_only(db: Database, actor: Actor, reference: str) -> None:
    """A referral step that holds the entity's code and no name, as demo data and older steps do."""
    with db.write() as s:
        case = timeline.load_case(s, reference)
        data = {"entity": "electricity", "letter_no": "ش/12", "letter_date": "2026-01-05"}
        timeline.append(s, case, actor, EventType.REFERRED, data)


def open_page(qtbot: QtBot, db: Database, actor: Actor, reference: str) -> CasePage:
    page = CasePage(db, actor)
    qtbot.addWidget(page)
    page.resize(1150, 700)
    activate(qtbot, page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.load(reference)
    page.timeline_view.setFocus()
    return page


def wait_for_dialog(qtbot: QtBot, page: CasePage) -> ActionDialog:
    qtbot.waitUntil(lambda: page.dialog is not None and QApplication.activeWindow() is page.dialog)
    assert page.dialog is not None
    return page.dialog


def test_the_page_shows_the_citizen_the_request_and_each_step_with_who_and_when(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    reference = referred_case(db, actor)
    page = open_page(qtbot, db, actor, reference)
    assert page.header.reference.text() == reference
    assert page.header.status.text() == Status.AWAITING_REPLY.label
    assert page.info.values["name"].text() == "محمد جاسم كاظم الساعدي"
    assert page.info.values["phone"].text() == "07701234567"
    assert page.timeline.rowCount() == 2
    what = page.timeline.data(page.timeline.index(1, 2))
    who = page.timeline.data(page.timeline.index(1, 1))
    summary = page.timeline.data(page.timeline.index(1, 3))
    assert what == EventType.REFERRED.label
    assert who == actor.full_name
    assert "أمانة بغداد" in summary and "4471" in summary and "2026-01-05" in summary
    assert "2026" in page.header.reply.value.text()  # the entity's reply deadline is shown


def test_a_step_naming_its_entity_by_code_shows_the_entitys_arabic_name(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    reference = new_case(db, actor)
    refer_by_code_only(db, actor, reference)
    page = open_page(qtbot, db, actor, reference)
    summary = page.timeline.data(page.timeline.index(1, 3))
    assert "إلى وزارة الكهرباء" in summary and "electricity" not in summary


def test_a_forbidden_action_is_disabled_with_its_reason(qtbot: QtBot, db: Database, actor: Actor) -> None:
    page = open_page(qtbot, db, actor, new_case(db, actor))
    reply = page.action_buttons[EventType.REPLY_RECEIVED]
    assert not reply.isEnabled()
    assert reply.toolTip() == refusal(EventType.REPLY_RECEIVED, Status.REGISTERED)
    returned = page.action_buttons[EventType.CITIZEN_RETURNED]
    assert not returned.isEnabled()
    assert returned.toolTip() == "الطلب غير متوقف بانتظار المواطن."
    assert page.action_buttons[EventType.REFERRED].isEnabled()
    assert page.action_buttons[EventType.NOTE].isEnabled()
    assert not page.letter_buttons["reminder"].isEnabled()
    assert "لم يُحَل" in page.letter_buttons["referral"].toolTip()
    page.start_action(EventType.REFERRED)  # an enabled one opens its dialog
    assert isinstance(page.dialog, ActionDialog)
    page.dialog.reject()


def test_a_clerk_sees_the_follow_up_steps_disabled_with_the_permission_message(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    users.create_user(
        db, actor, username="sara", full_name="سارة حسن", role=Role.CLERK, password="long-password-1"
    )
    clerk = users.authenticate(db, "sara", "long-password-1")
    page = open_page(qtbot, db, clerk, new_case(db, actor))
    refer = page.action_buttons[EventType.REFERRED]
    assert not refer.isEnabled()
    assert refer.toolTip().startswith("ليست لديك صلاحية متابعة الطلبات")
    assert "«موظف استقبال»" in refer.toolTip()
    assert page.action_buttons[EventType.NOTE].isEnabled()  # a clerk's note: what the citizen said
    assert page.letter_buttons["status"].isEnabled()  # anyone may print the citizen's status letter


def test_referring_by_keyboard_through_the_dialog_saves_the_step_and_the_page_follows(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    reference = new_case(db, actor)
    page = open_page(qtbot, db, actor, reference)
    key(qtbot, Qt.Key.Key_R, CTRL)
    dialog = wait_for_dialog(qtbot, page)
    assert dialog.fields["entity"].hasFocus()
    # The office's lists arrive from the worker (in the window, long before a dialog opens).
    qtbot.waitUntil(lambda: dialog.fields["entity"].currentData() == "baghdad_mayoralty")  # from intake
    key(qtbot, Qt.Key.Key_Tab)
    type_text("ش م/٤٤٧١")
    key(qtbot, Qt.Key.Key_Tab)  # the letter's date: today already
    key(qtbot, Qt.Key.Key_Tab)
    type_text("نرجو الإسراع لوجود كبار سن في الدار")
    with qtbot.waitSignal(page.changed, timeout=10_000), qtbot.waitSignal(page.loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return, CTRL)
    assert not shiboken6.isValid(dialog)  # closed (and gone) once saved
    case = cases.case_detail(db, reference)
    assert case.status is Status.AWAITING_REPLY
    referred = case.events[-1]
    assert referred.data["letter_no"] == "ش م/4471"
    assert referred.data["note"] == "نرجو الإسراع لوجود كبار سن في الدار"
    assert page.header.status.text() == Status.AWAITING_REPLY.label
    assert page.timeline.rowCount() == 2
    assert page.action_buttons[EventType.REFERRED].isEnabled()  # to another entity, if need be
    assert page.action_buttons[EventType.REPLY_RECEIVED].isEnabled()


def test_reassigning_by_keyboard_picks_the_officer_by_name_from_the_users_combo(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    users.create_user(
        db, actor, username="sara", full_name="سارة حسن", role=Role.OFFICER, password="long-password-1"
    )
    reference = new_case(db, actor)
    page = open_page(qtbot, db, actor, reference)
    page.start_action(EventType.REASSIGNED)
    dialog = wait_for_dialog(qtbot, page)
    combo = dialog.fields["to_username"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.count() == 3)  # the placeholder, then the office's two users
    assert combo.hasFocus()
    assert [combo.itemText(i) for i in (1, 2)] == [actor.full_name, "سارة حسن"]
    type_text("س")  # the first letter of the name, as on any list
    assert combo.currentData() == "sara"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return, CTRL)
    case = cases.case_detail(db, reference)
    assert case.assigned_to == "سارة حسن"
    assert case.events[-1].type == EventType.REASSIGNED


def test_reassigning_without_choosing_anyone_says_so_beside_the_combo(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    reference = new_case(db, actor)
    page = open_page(qtbot, db, actor, reference)
    dialog = page.start_action(EventType.REASSIGNED)
    assert dialog is not None
    combo = dialog.fields["to_username"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.count() == 2)
    dialog.submit()
    assert not dialog.errors["to_username"].isHidden()
    assert workers.pending() == 0
    assert len(cases.case_detail(db, reference).events) == 1
    dialog.reject()


def test_a_dialog_with_a_missing_field_shows_the_message_beside_it_and_saves_nothing(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    reference = new_case(db, actor)
    page = open_page(qtbot, db, actor, reference)
    dialog = page.start_action(EventType.REFERRED)
    assert dialog is not None
    dialog.fields["letter_date"].setText("2026-02-30")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.errors["letter_no"].isHidden())
    assert workers.pending() == 0
    assert "رقم الكتاب" in dialog.errors["letter_no"].text()
    assert not dialog.errors["letter_date"].isHidden()
    assert dialog.fields["letter_no"].property("invalid") is True
    assert dialog.isVisible()  # still open, to be corrected
    assert len(cases.case_detail(db, reference).events) == 1
    dialog.reject()


def test_a_step_refused_by_the_service_is_said_in_the_dialog(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    reference = new_case(db, actor)
    page = open_page(qtbot, db, actor, reference)
    dialog = page.start_action(EventType.CLOSED)
    assert dialog is not None
    followup.close(db, actor, reference, outcome="withdrawn", summary="سحب طلبه")  # at another desk
    dialog.fields["outcome"].setCurrentIndex(1)
    dialog.fields["summary"].setPlainText("عولج")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.general_error.isHidden())
    assert dialog.general_error.text() == "الطلب مغلق من قبل."
    dialog.reject()


def test_an_attachment_is_added_listed_and_opened_under_its_own_name(
    qtbot: QtBot, db: Database, actor: Actor, tmp_path: Path
) -> None:
    reference = new_case(db, actor)
    scan = tmp_path / "كتاب الدائرة.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    page = open_page(qtbot, db, actor, reference)
    page.choose_file = lambda _parent: str(scan)
    opened: list[Path] = []
    page.open_file = opened.append
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.add_attachment()
    assert page.attachment_list.count() == 1
    assert "كتاب الدائرة.pdf" in page.attachment_list.item(0).text()
    assert page.timeline.rows()[-1].type == EventType.ATTACHMENT_ADDED
    page.open_attachment()
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].name == "كتاب الدائرة.pdf"
    assert opened[0].read_bytes() == b"%PDF-1.4 scan"


@pytest.mark.skipif(
    importlib.util.find_spec("csd_desktop.services.letters") is None,
    reason="services/letters.py not written yet",
)
def test_the_referral_letter_opens_in_the_preview(qtbot: QtBot, db: Database, actor: Actor) -> None:
    page = open_page(qtbot, db, actor, referred_case(db, actor))
    shown: list[tuple[str, bytes]] = []
    page.letter_preview = lambda _parent, kind, _reference, pdf: shown.append((kind, pdf))
    page.print_letter("referral")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    kind, pdf = shown[0]
    assert kind == "referral"
    assert pdf.startswith(b"%PDF")


def test_the_page_fits_beside_the_navigation_on_a_1366_by_768_screen(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    page = open_page(qtbot, db, actor, referred_case(db, actor))
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - 210
    assert hint.height() <= 768 - 100


def test_the_shortcut_of_a_refused_step_shows_why_instead_of_a_dialog(
    qtbot: QtBot, db: Database, actor: Actor
) -> None:
    page = open_page(qtbot, db, actor, new_case(db, actor))
    key(qtbot, Qt.Key.Key_E, CTRL)  # تسجيل رد الجهة: nothing was referred yet
    assert page.dialog is None
    assert page.notice.text() == refusal(EventType.REPLY_RECEIVED, Status.REGISTERED)
