"""Referrals past their reply deadline go one level up, once the window is up, off the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ...services.permissions import Permission, allows
from ..workers import QueryOp

if TYPE_CHECKING:
    from ...services.database import Database
    from ...services.sign_in import Actor

log = logging.getLogger(__name__)


def escalate_overdue(parent: QWidget, db: Database, actor: Actor, changed: Callable[[], None]) -> None:
    """`changed` is called when any case went up a level (the lists and counts ask again)."""
    if not allows(actor, Permission.FOLLOW_UP):
        return  # a clerk's window escalates nothing (the service would refuse it)

    def escalate() -> list[str]:
        from ...services import followup  # on the worker: it imports SQLAlchemy and the models

        return followup.escalate_overdue_referrals(db, actor)

    def done(references: list[str]) -> None:
        if references:
            log.info("escalated %d overdue referrals", len(references))
            changed()

    def failed(exc: BaseException) -> None:
        log.error("automatic escalation failed", exc_info=(type(exc), exc, exc.__traceback__))

    QueryOp(parent=parent, op=escalate, success=done).failure(failed).run_in_background()
