"""QueryOp: work on the database worker, answers on the UI thread, failures as one Arabic dialog."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from csd_desktop.errors import NotFound
from csd_desktop.ui import workers
from csd_desktop.ui.workers import GENERIC_ERROR, QueryOp


def test_op_runs_off_the_ui_thread_and_success_runs_on_it(qtbot: QtBot) -> None:
    seen: dict[str, object] = {}

    def op() -> int:
        seen["op"] = threading.current_thread()
        return 42

    def success(value: int) -> None:
        seen["success"] = threading.current_thread()
        seen["value"] = value

    QueryOp(parent=None, op=op, success=success).run_in_background()
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["op"] is not threading.main_thread()
    assert seen["success"] is threading.main_thread()


def test_all_database_work_goes_through_one_worker_in_order(qtbot: QtBot) -> None:
    order: list[int] = []
    names: set[str] = set()

    def op(i: int) -> int:
        names.add(threading.current_thread().name)
        return i

    for i in range(5):
        QueryOp(parent=None, op=lambda i=i: op(i), success=order.append).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert order == [0, 1, 2, 3, 4]
    assert len(names) == 1


def test_a_refusal_becomes_its_arabic_message(qtbot: QtBot, shown_errors: list[str]) -> None:
    def op() -> None:
        raise NotFound("لا يوجد طلب بهذا الرقم.")

    QueryOp(parent=None, op=op, success=lambda _v: None).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert shown_errors == ["لا يوجد طلب بهذا الرقم."]


def test_a_bug_becomes_one_generic_arabic_message(qtbot: QtBot, shown_errors: list[str]) -> None:
    def op() -> None:
        raise KeyError("internal detail")

    QueryOp(parent=None, op=op, success=lambda _v: None).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert shown_errors == [GENERIC_ERROR]
    assert "internal detail" not in shown_errors[0]


def test_failure_callback_replaces_the_dialog(qtbot: QtBot, shown_errors: list[str]) -> None:
    caught: list[BaseException] = []

    def op() -> None:
        raise ValueError("x")

    QueryOp(parent=None, op=op, success=lambda _v: None).failure(caught.append).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert isinstance(caught[0], ValueError)
    assert shown_errors == []


def test_no_answer_is_delivered_to_a_closed_screen(qtbot: QtBot) -> None:
    gate = threading.Event()
    delivered: list[int] = []
    widget = QWidget()

    QueryOp(parent=widget, op=lambda: gate.wait(5) and 1, success=delivered.append).run_in_background()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    gate.set()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert delivered == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
