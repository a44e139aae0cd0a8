"""Failed logins: counted and audited, five lock the name for a quarter of an hour (whether or not the
name exists), and a wrong name costs the time a wrong password costs."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from argon2.exceptions import VerificationError
from sqlalchemy import select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import AuditEntry, LoginFailure
from csd_desktop.errors import AuthenticationFailed
from csd_desktop.services import audit, clock, sign_in, users
from csd_desktop.services.sign_in import LOCK_AFTER, AccountLocked
from tests.conftest import ADMIN, PASSWORD

NOON = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 12:00 in Baghdad


def at(moment: datetime) -> None:
    clock.set_clock(lambda: moment)


def fail_times(db: Database, username: str, n: int) -> list[AuthenticationFailed]:
    refusals = []
    for _ in range(n):
        with pytest.raises(AuthenticationFailed) as refused:
            sign_in.authenticate(db, username, "not-the-password")
        refusals.append(refused.value)
    return refusals


def actions(db: Database) -> list[tuple[str, object]]:
    with db.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        return [(r.action, r.detail.get("username")) for r in rows if r.action.startswith("login")]


def test_five_wrong_passwords_lock_the_name_and_say_until_when(db: Database) -> None:
    at(NOON)
    refusals = fail_times(db, ADMIN, LOCK_AFTER)
    assert [type(r) for r in refusals[:-1]] == [AuthenticationFailed] * (LOCK_AFTER - 1)
    assert isinstance(refusals[-1], AccountLocked)
    assert "12:15" in refusals[-1].message and "5 محاولات فاشلة" in refusals[-1].message
    at(NOON + timedelta(minutes=5))
    with pytest.raises(AccountLocked) as locked:  # even the right password, while locked
        sign_in.authenticate(db, ADMIN, PASSWORD)
    assert "12:15" in locked.value.message


def test_the_lock_lifts_after_a_quarter_of_an_hour_and_a_login_clears_the_count(db: Database) -> None:
    at(NOON)
    fail_times(db, ADMIN, LOCK_AFTER)
    at(NOON + timedelta(minutes=15, seconds=1))
    assert sign_in.authenticate(db, ADMIN, PASSWORD).username == ADMIN
    with db.read() as s:
        assert s.scalars(select(LoginFailure)).all() == []
    fail_times(db, ADMIN, LOCK_AFTER - 1)  # the count started again from nothing
    assert sign_in.authenticate(db, ADMIN, PASSWORD).username == ADMIN


def test_failures_spread_over_more_than_the_window_do_not_lock(db: Database) -> None:
    for i in range(LOCK_AFTER + 2):
        at(NOON + timedelta(minutes=4 * i))
        (refused,) = fail_times(db, ADMIN, 1)
        assert not isinstance(refused, AccountLocked)


def test_failed_logins_and_the_lockout_are_audit_records_in_the_chain(db: Database) -> None:
    at(NOON)
    fail_times(db, ADMIN, LOCK_AFTER)
    assert actions(db) == [("login_failed", ADMIN)] * LOCK_AFTER + [("login_locked", ADMIN)]
    admin = users.first_admin(db)
    with db.read() as s:
        locked = s.scalars(select(AuditEntry).where(AuditEntry.action == "login_locked")).one()
        assert locked.user_id == admin.id
        assert locked.detail["until"] == (NOON + timedelta(minutes=15)).isoformat()
    assert audit.verify(db).ok


def test_an_unknown_name_is_counted_and_locked_like_a_known_one(db: Database) -> None:
    at(NOON)
    refusals = fail_times(db, "nobody", LOCK_AFTER)
    known = fail_times(db, ADMIN, LOCK_AFTER)
    assert [r.message for r in refusals] == [r.message for r in known]
    assert actions(db)[:LOCK_AFTER] == [("login_failed", "nobody")] * LOCK_AFTER
    with db.read() as s:
        assert s.scalars(select(AuditEntry.user_id).where(AuditEntry.action == "login_locked")).all() == [
            None,
            users.first_admin(db).id,
        ]


def _seconds(call: object, runs: int = 5) -> float:
    """The fastest of a few runs: the machine is shared, and the fastest is the cost itself."""
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        try:
            call()  # type: ignore[operator]
        except (AuthenticationFailed, VerificationError):
            pass
        best = min(best, time.perf_counter() - t)
    return best


def test_an_unknown_name_is_refused_in_the_time_a_wrong_password_takes(db: Database) -> None:
    """Each refusal checks one argon2 hash (a dummy one for an unknown name), so timing the refusal
    cannot tell which names exist."""
    made = users.hash_password("any-long-password")
    one_verify = _seconds(lambda: sign_in.hasher().verify(made, "x"))
    # Different names each run, so no run is refused for a lockout (which skips the hash).
    names = iter(f"nobody{i}" for i in range(100))
    unknown = _seconds(lambda: sign_in.authenticate(db, next(names), "wrong-password"))
    known = _seconds(lambda: sign_in.authenticate(db, ADMIN, "wrong-password"), runs=LOCK_AFTER - 1)
    assert unknown >= 0.7 * one_verify and known >= 0.7 * one_verify
    assert 0.5 < unknown / known < 2.0
