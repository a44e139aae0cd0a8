"""The worker threads behind every QueryOp, without Qt: start-up uses them before Qt is imported.

One SQLite file: every database call goes through one worker, in order (Anki's taskman does the same).
Long read-only checks with their own connection (integrity) run beside it, so they never hold up a save.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

_lock = threading.Lock()
_database: ThreadPoolExecutor | None = None
_side: ThreadPoolExecutor | None = None


def lane(side: bool = False) -> ThreadPoolExecutor:
    """The database worker (in order, one call at a time), or the side worker for long checks."""
    global _database, _side
    with _lock:
        if side:
            if _side is None:
                _side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csd-side")
            return _side
        if _database is None:
            _database = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csd-db")
        return _database


def shutdown() -> None:
    """At exit: let a save in progress finish (it is one transaction); drop queued side checks."""
    global _database, _side
    with _lock:
        database, side = _database, _side
        _database = _side = None
    if side is not None:
        side.shutdown(wait=False, cancel_futures=True)
    if database is not None:
        database.shutdown(wait=True)
