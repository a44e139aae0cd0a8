"""The office's pick lists (governorates, districts, categories, entities): read once per session on the
database worker, sorted in Arabic order on arrival, and handed to every screen that fills a combo box."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from . import workers
from .workers import QueryOp

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ..services.database import Database
    from ..services.reference_data import OfficeLists


def _read(db: Database) -> OfficeLists:
    """On the worker, after the window's first paint: the service's module loads there."""
    from ..services.reference_data import office_lists

    return office_lists(db)


def _sorted(lists: OfficeLists) -> OfficeLists:
    from .widgets.form_fields import arabic_sorted  # the form widgets' module: after the first paint

    return replace(
        lists,
        governorates=tuple(arabic_sorted(lists.governorates)),
        districts={code: tuple(arabic_sorted(items)) for code, items in lists.districts.items()},
        categories=tuple(arabic_sorted(lists.categories)),
        entities=tuple(arabic_sorted(lists.entities)),
    )


class ReferenceLists(QObject):
    """`when_loaded(fill)` calls `fill(lists)` now if the lists are here, else when they arrive."""

    loaded = Signal(object)  # OfficeLists, sorted

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.lists: OfficeLists | None = None
        self._loading = False

    def load(self) -> None:
        if self.lists is not None or self._loading:
            return
        self._loading = True
        db = self._db
        QueryOp(parent=self, op=lambda: _read(db), success=self._arrived).failure(
            self._failed
        ).run_in_background()

    def when_loaded(self, fill: Callable[[OfficeLists], object]) -> None:
        """`fill` should be a bound method of a widget: Qt forgets it if the widget goes first."""
        if self.lists is not None:
            fill(self.lists)
            return
        self.loaded.connect(fill)
        self.load()

    def _arrived(self, lists: OfficeLists) -> None:
        self._loading = False
        self.lists = _sorted(lists)
        self.loaded.emit(self.lists)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False  # the next screen that asks tries again
        workers.show_error(None, exc)
