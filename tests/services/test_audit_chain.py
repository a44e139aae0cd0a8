"""The audit trail is chained by hash: `verify` passes on a normal database and names the first record
edited, deleted or added with plain SQL; the append-only guards refuse such edits and are checked."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from csd_desktop.db import audit_chain
from csd_desktop.db.engine import Database, open_database
from csd_desktop.domain.enums import Role
from csd_desktop.services import audit, clock, users
from csd_desktop.services.users import Actor
from tests.cli.test_faults import csd, refused


def add_users(db: Database, actor: Actor, *names: str) -> None:
    for i, name in enumerate(names):
        clock.set_clock(lambda i=i: datetime(2030, 11, 30, 6, i, tzinfo=UTC))
        users.create_user(db, actor, username=name, full_name=name, role=Role.CLERK, password="pass-word-1")
    clock.set_clock(None)


def plain_sql(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


DROP_GUARDS = ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")


def test_a_normal_database_verifies(db: Database, actor: Actor) -> None:
    add_users(db, actor, "sara", "omar")
    verdict = audit.verify(db)
    assert verdict.ok and verdict.records == 3  # the station's setup and two new users
    with db.read() as s:
        seqs = [e.seq for e in s.scalars(audit.select(audit.AuditEntry).order_by(audit.AuditEntry.at))]
    assert seqs == [1, 2, 3]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "UPDATE month_locks SET month = '2020-01'",
        "DELETE FROM month_locks",
    ],
)
def test_plain_sql_cannot_change_the_audit_log_or_a_month_lock(db: Database, statement: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        plain_sql(
            db.path,
            "INSERT INTO month_locks SELECT randomblob(16), id, '2026-10', 0, "
            "(SELECT id FROM users), '{}', 'h', NULL FROM offices",
            statement,
        )


def test_a_month_lock_may_be_marked_sent_once(db: Database) -> None:
    plain_sql(
        db.path,
        "INSERT INTO month_locks SELECT randomblob(16), id, '2026-10', 0, (SELECT id FROM users), '{}', "
        "'h', NULL FROM offices",
        "UPDATE month_locks SET synced_at = 5",
    )
    with pytest.raises(sqlite3.IntegrityError):
        plain_sql(db.path, "UPDATE month_locks SET synced_at = 6")


def test_an_edited_record_is_named(db: Database, actor: Actor) -> None:
    add_users(db, actor, "sara", "omar")
    plain_sql(db.path, *DROP_GUARDS, 'UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE seq = 2')
    verdict = audit.verify(db)
    assert verdict.first_break is not None
    assert (verdict.first_break.seq, verdict.first_break.action) == (2, "user_created")
    assert verdict.first_break.at == clock.to_local(datetime(2030, 11, 30, 6, 0, tzinfo=UTC))
    assert verdict.first_break.reason == audit.CHANGED
    assert verdict.missing_guards == ("audit_log_no_update", "audit_log_no_delete")


def test_an_edit_that_reseals_the_record_breaks_the_next_link(db: Database, actor: Actor) -> None:
    add_users(db, actor, "sara", "omar")
    con = sqlite3.connect(db.path)
    record_id, at, user_id, target_id, detail, prev = con.execute(
        "SELECT id, at, user_id, target_id, detail, prev_hash FROM audit_log WHERE seq = 2"
    ).fetchone()
    con.close()
    # Someone who knows the format seals the edited record again: the next record's link still breaks.
    forged = audit_chain.seal(2, record_id, at, user_id, "user_deactivated", target_id, detail, prev)
    plain_sql(
        db.path,
        *DROP_GUARDS,
        f"UPDATE audit_log SET action = 'user_deactivated', hash = x'{forged.hex()}' WHERE seq = 2",
    )
    brk = audit.verify(db).first_break
    assert brk is not None and (brk.seq, brk.reason) == (3, audit.BEFORE_CHANGED)


def test_a_deleted_record_is_named_by_the_one_after_it(db: Database, actor: Actor) -> None:
    add_users(db, actor, "sara", "omar")
    plain_sql(db.path, *DROP_GUARDS, "DELETE FROM audit_log WHERE seq = 2")
    brk = audit.verify(db).first_break
    assert brk is not None and (brk.seq, brk.action) == (3, "user_created")
    assert brk.reason == audit.MISSING.format(expected=2)


def test_a_record_added_with_plain_sql_is_named(db: Database) -> None:
    plain_sql(
        db.path,
        "INSERT INTO audit_log (id, at, action, detail) VALUES (randomblob(16), 1764480000000, 'forged', '{}')",
    )
    brk = audit.verify(db).first_break
    assert brk is not None and (brk.action, brk.reason) == ("forged", audit.UNSEALED)


def test_dropped_case_event_guards_are_reported(db: Database) -> None:
    plain_sql(db.path, "DROP TRIGGER case_events_no_delete")
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.missing_guards == ("case_events_no_delete",)


def test_the_migration_seals_the_records_written_before_it(template_db: Path, tmp_path: Path) -> None:
    from tests import old_schema

    path = tmp_path / "at-0006.sqlite"
    old_schema.write_old(template_db, path, "0006")
    db = open_database(path)
    try:
        actor = users.authenticate(db, "admin", "secret-123")
        add_users(db, actor, "sara")
        verdict = audit.verify(db)
    finally:
        db.dispose()
    assert verdict.ok and verdict.records == 2


def test_csd_audit_verify_passes_then_names_the_broken_record(db: Database, actor: Actor) -> None:
    add_users(db, actor, "sara")
    db.dispose()
    r = csd(db.path, "audit", "verify")
    assert r.returncode == 0, r.stderr
    assert "سليم" in r.stdout
    plain_sql(db.path, *DROP_GUARDS, "UPDATE audit_log SET action = 'nothing' WHERE seq = 2")
    r = csd(db.path, "audit", "verify")
    refused(r, "رقم 2", "2030-11-30 09:00:00", "nothing", audit.CHANGED, "audit_log_no_update")
