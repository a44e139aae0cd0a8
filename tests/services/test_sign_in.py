"""The start's reads with sqlite3 alone say what the ORM says: the station, and who may log in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from csd_desktop.db.engine import Database, open_database
from csd_desktop.db.models import User
from csd_desktop.domain.enums import Role
from csd_desktop.errors import AuthenticationFailed
from csd_desktop.services import setup, sign_in, users
from tests.conftest import ADMIN, PASSWORD


def test_the_station_read_with_sqlite3_is_the_one_the_orm_reads(db: Database) -> None:
    assert sign_in.station_info(db) == setup.station_info(db)


def test_a_file_without_an_office_has_no_station_yet(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite")
    try:
        assert sign_in.station_info(db) is None
    finally:
        db.dispose()


def test_the_administrator_logs_in_with_a_name_typed_in_capitals_and_spaces(db: Database) -> None:
    actor = sign_in.authenticate(db, f"  {ADMIN.upper()} ", PASSWORD)
    assert (actor.username, actor.role) == (ADMIN, Role.ADMIN)
    assert actor.office_id == setup.station_info(db).office_id


@pytest.mark.parametrize("username, password", [(ADMIN, "wrong-password"), ("nobody", PASSWORD)])
def test_a_wrong_name_or_password_gets_the_same_refusal(db: Database, username: str, password: str) -> None:
    with pytest.raises(AuthenticationFailed) as refused:
        sign_in.authenticate(db, username, password)
    assert refused.value.message == "اسم المستخدم أو كلمة المرور غير صحيحة."


def test_a_deactivated_user_cannot_log_in(db: Database) -> None:
    admin = users.authenticate(db, ADMIN, PASSWORD)
    clerk = users.create_user(
        db, admin, username="clerk1", full_name="علي حسن", role=Role.CLERK, password="clerk-pass-1"
    )
    assert sign_in.authenticate(db, "clerk1", "clerk-pass-1").id == clerk.id
    with db.write() as s:
        s.execute(update(User).where(User.id == clerk.id).values(active=False))
    with pytest.raises(AuthenticationFailed):
        sign_in.authenticate(db, "clerk1", "clerk-pass-1")


def test_passwords_are_hashed_with_argon2id_at_no_less_than_owasps_cost() -> None:
    from argon2 import extract_parameters

    made = users.hash_password("a-long-password")
    params = extract_parameters(made)
    assert made.startswith("$argon2id$")
    assert params.memory_cost >= 19_456 and params.time_cost >= 2 and params.parallelism >= 1
    assert sign_in.hasher().verify(made, "a-long-password")
