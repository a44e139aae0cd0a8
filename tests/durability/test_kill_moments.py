"""A process killed in the middle of saving leaves the whole case or nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csd_desktop.db.engine import open_database
from csd_desktop.db.models import Case, CaseEvent, Citizen

# A child registers one case and is SIGKILLed at a chosen moment of the transaction: with every row
# flushed but before COMMIT, or right after COMMIT returned.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from csd_desktop.db.engine import open_database
    from csd_desktop.services import intake, users
    from tests.factories import intake_form

    db = open_database(Path(sys.argv[1]))
    actor = users.authenticate(db, "admin", "secret-123")
    moment = sys.argv[2]
    kill = lambda: os.kill(os.getpid(), signal.SIGKILL)
    # register_case flushes every row before it commits, so "before_commit" kills with the case,
    # the citizen and the event written into the open transaction but not committed.
    event.listen(Session, moment, lambda s: kill())
    intake.register_case(db, actor, intake_form())
    print("no kill happened", file=sys.stderr)
    sys.exit(3)
    """
)


def _counts(path: Path) -> tuple[int, int, int]:
    db = open_database(path)
    try:
        with db.read() as s:
            return tuple(  # type: ignore[return-value]
                s.scalar(select(func.count()).select_from(m)) for m in (Case, Citizen, CaseEvent)
            )
    finally:
        db.dispose()


@pytest.mark.parametrize(("moment", "expected"), [("before_commit", (0, 0, 0)), ("after_commit", (1, 1, 1))])
def test_kill_during_save_leaves_all_or_nothing(
    db_path: Path, moment: str, expected: tuple[int, int, int]
) -> None:
    root = Path(__file__).resolve().parents[2]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), moment],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert _counts(db_path) == expected
    check = open_database(db_path)
    try:
        with check.read() as s:
            assert s.execute(select(func.count()).select_from(Case)).scalar() == expected[0]
        import sqlite3

        con = sqlite3.connect(db_path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    finally:
        check.dispose()
