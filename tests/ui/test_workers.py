"""QueryOp: work on the database worker, answers on the UI thread, failures as one Arabic dialog."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from csd_desktop.db.engine import Database
from csd_desktop.errors import NotFound
from csd_desktop.services.users import Actor
from csd_desktop.ui import lanes, workers
from csd_desktop.ui.followup.worklist_counts import WorklistCounts
from csd_desktop.ui.workers import GENERIC_ERROR, QueryOp
from tests.modal_guard import ModalDialogOpened
from tests.ui.conftest import Dialogs


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_op_runs_off_the_ui_thread_and_success_runs_on_it(qtbot: QtBot, owner: QWidget) -> None:
    seen: dict[str, object] = {}

    def op() -> int:
        seen["op"] = threading.current_thread()
        return 42

    def success(value: int) -> None:
        seen["success"] = threading.current_thread()
        seen["value"] = value

    QueryOp(parent=owner, op=op, success=success).run_in_background()
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["op"] is not threading.main_thread()
    assert seen["success"] is threading.main_thread()


def test_all_database_work_goes_through_one_worker_in_order(qtbot: QtBot, owner: QWidget) -> None:
    order: list[int] = []
    names: set[str] = set()

    def op(i: int) -> int:
        names.add(threading.current_thread().name)
        return i

    for i in range(5):
        QueryOp(parent=owner, op=lambda i=i: op(i), success=order.append).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert order == [0, 1, 2, 3, 4]
    assert len(names) == 1


def test_a_refusal_becomes_its_arabic_message(qtbot: QtBot, owner: QWidget, shown_errors: list[str]) -> None:
    def op() -> None:
        raise NotFound("لا يوجد طلب بهذا الرقم.")

    QueryOp(parent=owner, op=op, success=lambda _v: None).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert shown_errors == ["لا يوجد طلب بهذا الرقم."]


def test_a_bug_becomes_one_generic_arabic_message(
    qtbot: QtBot, owner: QWidget, shown_errors: list[str]
) -> None:
    def op() -> None:
        raise KeyError("internal detail")

    QueryOp(parent=owner, op=op, success=lambda _v: None).run_in_background()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert shown_errors == [GENERIC_ERROR]
    assert "internal detail" not in shown_errors[0]


def test_failure_callback_replaces_the_dialog(qtbot: QtBot, owner: QWidget, shown_errors: list[str]) -> None:
    caught: list[BaseException] = []

    def op() -> None:
        raise ValueError("x")

    QueryOp(parent=owner, op=op, success=lambda _v: None).failure(caught.append).run_in_background()
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


def test_a_failure_after_the_owner_is_gone_shows_nothing(qtbot: QtBot, dialogs: Dialogs) -> None:
    """The hang of the whole run: an error for a closed window opened a real box nobody closed."""
    gate = threading.Event()
    counts = WorklistCountsLike()

    def op() -> None:
        gate.wait(5)
        raise RuntimeError("the database went away")

    QueryOp(parent=counts, op=op, success=lambda _v: None).run_in_background()
    counts.deleteLater()
    qtbot.waitUntil(lambda: not _alive(counts))
    gate.set()
    qtbot.waitUntil(lambda: workers.pending() == 0)
    assert dialogs.errors == []


def test_worklist_counts_for_a_closed_window_deliver_nothing(
    qtbot: QtBot, db: Database, actor: Actor, dialogs: Dialogs
) -> None:
    counts = WorklistCounts(db, actor)
    changed: list[dict[object, int]] = []
    counts.changed.connect(changed.append)
    lanes.lane().submit(time.sleep, 0.3)  # the count waits behind a slow save
    counts.refresh()
    counts.deleteLater()
    qtbot.waitUntil(lambda: not _alive(counts))
    qtbot.waitUntil(lambda: workers.pending() == 0, timeout=5_000)
    assert changed == [] and dialogs.errors == []


def test_opening_a_real_modal_dialog_fails_the_test_instead_of_hanging(owner: QWidget) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "t", "x", QMessageBox.StandardButton.Ok, owner)
    with pytest.raises(ModalDialogOpened):
        box.exec()
    with pytest.raises(ModalDialogOpened):
        QFileDialog.getSaveFileName(owner, "t")
    with pytest.raises(ModalDialogOpened):
        QDialog(owner).exec()


class WorklistCountsLike(QObject):
    """An owner that is not a widget (a model, a counter): the same rule."""


def _alive(widget: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
