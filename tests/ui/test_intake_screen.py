"""The intake screen driven by the keyboard, as a clerk uses it, against a real station database."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.services import cases, intake, search
from csd_desktop.services.users import Actor
from csd_desktop.ui import workers
from csd_desktop.ui.intake.intake_screen import IntakeScreen
from tests.factories import citizen_form, intake_form
from tests.keys import key, type_text
from tests.ui.conftest import Dialogs

REFERENCE = re.compile(r"^BGDGO-01-\d{4}-\d{6}-[0-9A-Z]$")
TAB = Qt.Key.Key_Tab
CTRL = Qt.KeyboardModifier.ControlModifier


def next_field(qtbot: QtBot, text: str = "") -> None:
    """Type into the focused field (Arabic too), then Tab to the next one."""
    if text:
        type_text(text)
    key(qtbot, TAB)


def fill_minimal_case(qtbot: QtBot, screen: IntakeScreen, *, name: str, card: str, phone: str) -> None:
    """Name, card and phone as given; then the required request fields, all by keyboard."""
    screen.citizen.full_name.setFocus()
    next_field(qtbot, name)
    next_field(qtbot, card)
    next_field(qtbot, phone)
    screen.request.kind.setFocus()
    next_field(qtbot, "شكوى")
    next_field(qtbot)  # channel: walk-in already
    next_field(qtbot, "مياه")  # category
    next_field(qtbot)  # entity: chosen at referral
    next_field(qtbot, "انقطاع الماء عن الزقاق")


def test_typing_every_field_and_ctrl_s_saves_the_case_with_a_reference(
    qtbot: QtBot, screen: IntakeScreen, db: Database, dialogs: Dialogs
) -> None:
    next_field(qtbot)  # the lookup bar: a new citizen, nothing to look up
    assert screen.citizen.full_name.hasFocus()
    next_field(qtbot, "فاطمة حسين علي الموسوي")
    next_field(qtbot, "١٩٨٥٠٤٠٣٢٢١١")  # Arabic-Indic digits are the same digits
    next_field(qtbot, "07801234567")
    assert screen.citizen.gender.hasFocus()
    key(qtbot, Qt.Key.Key_Down)  # first choice after the placeholder
    key(qtbot, Qt.Key.Key_Down)
    next_field(qtbot)
    next_field(qtbot)  # governorate: the office's own, Baghdad
    assert screen.citizen.district.hasFocus()
    next_field(qtbot, "الكرخ")
    next_field(qtbot, "حي المنصور، محلة 605، زقاق 14")
    next_field(qtbot, "قرب مدرسة الرواد")
    key(qtbot, Qt.Key.Key_Space)  # elderly
    next_field(qtbot)
    next_field(qtbot)  # special needs: no
    key(qtbot, Qt.Key.Key_Space)  # pregnant
    next_field(qtbot)
    assert screen.request.kind.hasFocus()
    next_field(qtbot, "شكوى")
    next_field(qtbot)  # channel
    next_field(qtbot, "المجاري")
    next_field(qtbot, "أمانة")
    next_field(qtbot, "طفح المجاري في الزقاق")
    assert screen.request.details.hasFocus()
    next_field(qtbot, "المياه الآسنة تغمر الزقاق منذ أسبوع.\nالأطفال لا يصلون إلى المدرسة.")
    assert screen.request.reply_preference.hasFocus()
    type_text("رسالة")

    with qtbot.waitSignal(screen.case_saved, timeout=10_000) as saved:
        key(qtbot, Qt.Key.Key_S, CTRL)
    reference = saved.args[0]
    assert REFERENCE.match(reference)
    assert screen.reference_label.text() == reference
    assert not screen.result.isHidden()
    assert screen.citizen.full_name.text() == ""  # ready for the next citizen

    case = cases.case_detail(db, reference)
    assert case.citizen_name == "فاطمة حسين علي الموسوي"
    assert case.national_id == "198504032211"
    assert case.phone == "07801234567"
    assert case.kind.value == "complaint"
    assert case.category_code == "sewage"
    assert case.entity_code == "baghdad_mayoralty"
    assert case.district == "الكرخ"
    assert case.subject == "طفح المجاري في الزقاق"
    assert case.details == "المياه الآسنة تغمر الزقاق منذ أسبوع.\nالأطفال لا يصلون إلى المدرسة."
    qtbot.waitUntil(lambda: bool(dialogs.receipts))
    receipt = dialogs.receipts[0]
    assert receipt.reference == reference
    assert receipt.pdf.startswith(b"%PDF")


@pytest.mark.parametrize("card", ["19901234567", "19901234567A"], ids=["11-digits", "with-a-letter"])
def test_a_wrong_card_number_is_shown_beside_the_card_field_and_nothing_is_saved(
    qtbot: QtBot, screen: IntakeScreen, db: Database, card: str
) -> None:
    fill_minimal_case(qtbot, screen, name="علي كريم جبار الزيدي", card=card, phone="07711112222")
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not screen.errors["national_id"].isHidden())
    assert screen.errors["national_id"].text() == "رقم البطاقة الوطنية يتكون من 12 رقماً بالضبط، بلا حروف."
    assert screen.citizen.national_id.hasFocus()
    assert screen.citizen.national_id.property("invalid") is True
    assert all(screen.errors[name].isHidden() for name in screen.errors if name != "national_id")
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert search.find_cases(db, "07711112222") == []
    assert screen.save_button.isEnabled()


def test_every_broken_rule_is_shown_at_once_and_the_first_field_gets_the_focus(
    qtbot: QtBot, screen: IntakeScreen
) -> None:
    screen.request.subject.setFocus()
    type_text("موضوع")
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not screen.errors["full_name"].isHidden())
    shown = {name for name, label in screen.errors.items() if not label.isHidden()}
    assert {"full_name", "phone", "kind", "category"} <= shown
    assert screen.citizen.full_name.hasFocus()
    type_text("ع")  # correcting a field takes its message away
    assert screen.errors["full_name"].isHidden()


def test_a_returning_citizen_is_found_by_phone_in_arabic_digits_and_filled_in(
    qtbot: QtBot, screen: IntakeScreen, db: Database, actor: Actor
) -> None:
    earlier = intake.register_case(db, actor, intake_form())
    type_text("٠٧٧٠١٢٣٤٥٦٧")  # 07701234567, as an Arabic keyboard types it
    with qtbot.waitSignal(screen.lookup_finished, timeout=5000) as found:
        key(qtbot, Qt.Key.Key_Return)
    assert found.args == [True]
    citizen = citizen_form()
    assert screen.citizen.full_name.text() == citizen.full_name
    assert screen.citizen.national_id.text() == citizen.national_id
    assert screen.citizen.phone.text() == citizen.phone
    assert screen.citizen.district.currentData() == citizen.district
    assert screen.citizen.gender.currentData() == citizen.gender
    assert not screen.citizen.earlier_view.isHidden()
    assert [c.reference for c in screen.citizen.earlier_model.rows()] == [earlier.reference]
    assert screen.request.kind.hasFocus()  # the citizen is done: on to the request


def test_an_unknown_number_in_the_lookup_bar_goes_into_the_form(qtbot: QtBot, screen: IntakeScreen) -> None:
    type_text("07909876543")
    with qtbot.waitSignal(screen.lookup_finished, timeout=5000) as found:
        key(qtbot, Qt.Key.Key_Return)
    assert found.args == [False]
    assert screen.citizen.phone.text() == "07909876543"
    assert screen.citizen.earlier_view.isHidden()
    assert screen.citizen.full_name.hasFocus()


def test_an_open_case_in_the_same_category_is_shown_and_not_saved_unless_confirmed(
    qtbot: QtBot, screen: IntakeScreen, db: Database, actor: Actor, dialogs: Dialogs
) -> None:
    earlier = intake.register_case(db, actor, intake_form())
    citizen = citizen_form()
    fill_minimal_case(qtbot, screen, name=citizen.full_name, card=citizen.national_id, phone=citizen.phone)
    dialogs.answer = False
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(dialogs.questions))
    qtbot.waitUntil(lambda: workers.pending() == 0)
    _title, text = dialogs.questions[0]
    assert "يوجد طلب مفتوح مشابه" in text
    assert earlier.reference in text
    assert len(search.find_cases(db, citizen.phone)) == 1
    assert screen.save_button.isEnabled()

    dialogs.answer = True
    with qtbot.waitSignal(screen.case_saved, timeout=10_000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    assert len(search.find_cases(db, citizen.phone)) == 2


def test_escape_asks_before_clearing_the_form(qtbot: QtBot, screen: IntakeScreen, dialogs: Dialogs) -> None:
    screen.citizen.full_name.setFocus()
    type_text("حسن علي")
    dialogs.answer = False
    key(qtbot, Qt.Key.Key_Escape)
    assert len(dialogs.questions) == 1
    assert screen.citizen.full_name.text() == "حسن علي"

    dialogs.answer = True
    key(qtbot, Qt.Key.Key_Escape)
    assert len(dialogs.questions) == 2
    assert screen.citizen.full_name.text() == ""
    assert screen.lookup.hasFocus()


def test_escape_on_an_empty_form_does_not_ask(qtbot: QtBot, screen: IntakeScreen, dialogs: Dialogs) -> None:
    key(qtbot, Qt.Key.Key_Escape)
    assert dialogs.questions == []


def test_enter_moves_to_the_next_field(qtbot: QtBot, screen: IntakeScreen) -> None:
    screen.citizen.full_name.setFocus()
    type_text("سعاد")
    key(qtbot, Qt.Key.Key_Return)
    assert screen.citizen.national_id.hasFocus()


def test_ctrl_p_reopens_the_last_receipt(
    qtbot: QtBot, screen: IntakeScreen, dialogs: Dialogs, db: Database
) -> None:
    key(qtbot, Qt.Key.Key_P, CTRL)
    assert dialogs.receipts == []  # nothing saved yet: nothing to print
    fill_minimal_case(qtbot, screen, name="علي كريم جبار الزيدي", card="", phone="07711112222")
    with qtbot.waitSignal(screen.case_saved, timeout=10_000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: len(dialogs.receipts) == 1)
    key(qtbot, Qt.Key.Key_P, CTRL)
    assert len(dialogs.receipts) == 2
    assert dialogs.receipts[1].pdf == dialogs.receipts[0].pdf


def test_number_fields_read_left_to_right_at_the_right_edge(screen: IntakeScreen) -> None:
    for field in (screen.lookup, screen.citizen.national_id, screen.citizen.phone):
        assert field.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert field.alignment() & Qt.AlignmentFlag.AlignRight


def test_a_returning_citizen_with_another_name_is_saved_only_after_old_beside_new_is_confirmed(
    qtbot: QtBot, screen: IntakeScreen, db: Database, actor: Actor, dialogs: Dialogs
) -> None:
    first = intake.register_case(db, actor, intake_form(category="roads"))
    citizen = citizen_form()
    fill_minimal_case(
        qtbot, screen, name="محمد جاسم كاظم البغدادي", card=citizen.national_id, phone=citizen.phone
    )
    dialogs.answer = False
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(dialogs.questions), timeout=10_000)
    qtbot.waitUntil(lambda: workers.pending() == 0)
    title, text = dialogs.questions[-1]
    assert title == "تحديث بيانات المواطن"
    assert "المسجَّل «محمد جاسم كاظم الساعدي» ← المكتوب «محمد جاسم كاظم البغدادي»" in text
    assert len(search.find_cases(db, citizen.national_id)) == 1  # nothing saved
    assert "لم يُحفظ" in screen.general_error.text() and screen.save_button.isEnabled()

    dialogs.answer = True
    with qtbot.waitSignal(screen.case_saved, timeout=10_000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    assert len(search.find_cases(db, citizen.national_id)) == 2
    assert cases.case_detail(db, first.reference).citizen_name == "محمد جاسم كاظم الساعدي"
