"""Each role's refusals are the services' own (not only hidden buttons): a call outside the role is
refused with an Arabic message naming the work and the role, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from csd_desktop.db.engine import Database
from csd_desktop.db.models import AuditEntry, Case, CaseEvent, User
from csd_desktop.domain.enums import Role
from csd_desktop.errors import PermissionDenied
from csd_desktop.services import backup, demo, followup, intake, kpis, month_close, open311, restore, users
from csd_desktop.services.figures import Period
from csd_desktop.services.permissions import GRANTS, Permission
from tests.factories import intake_form

OCTOBER = Period.month(2026, 10)


def counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {
            model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Case, CaseEvent, User, AuditEntry)
        }


def person(db: Database, admin: users.Actor, role: Role) -> users.Actor:
    return users.create_user(
        db,
        admin,
        username=f"{role.value}1",
        full_name=f"موظف {role.label}",
        role=role,
        password="role-pass-123",
    )


def _refer(db: Database, who: users.Actor, ref: str, _tmp: Path) -> Any:
    return followup.refer(db, who, ref, entity="electricity", letter_no="ش/7", letter_date="2026-11-01")


def _backup(db: Database, who: users.Actor, _ref: str, tmp: Path) -> Any:
    return backup.backup_now(db, who, tmp / "backups")


def _restore(db: Database, who: users.Actor, _ref: str, tmp: Path) -> Any:
    return restore.restore_as(who, db.path, tmp / "any.sqlite")


# (role, what it may not do, the work the refusal names, the call)
REFUSALS: list[tuple[Role, str, Permission, Callable[[Database, users.Actor, str, Path], Any]]] = [
    (Role.CLERK, "refer", Permission.FOLLOW_UP, _refer),
    (
        Role.CLERK,
        "escalate",
        Permission.FOLLOW_UP,
        lambda db, who, r, t: followup.escalate_overdue_referrals(db, who),
    ),
    (
        Role.CLERK,
        "report",
        Permission.VIEW_REPORTS,
        lambda db, who, r, t: month_close.report_data(db, who, OCTOBER),
    ),
    (
        Role.OFFICER,
        "open311",
        Permission.VIEW_REPORTS,
        lambda db, who, r, t: open311.service_requests(db, who, OCTOBER),
    ),
    (
        Role.OFFICER,
        "lock",
        Permission.LOCK_MONTH,
        lambda db, who, r, t: month_close.check_lockable(db, who, OCTOBER),
    ),
    (
        Role.OFFICER,
        "kpi",
        Permission.MANAGE_SETTINGS,
        lambda db, who, r, t: kpis.update_kpi(db, who, "x", target=1),
    ),
    (Role.MANAGER, "backup", Permission.BACKUP, _backup),
    (Role.MANAGER, "restore", Permission.RESTORE, _restore),
    (
        Role.MANAGER,
        "add-user",
        Permission.MANAGE_USERS,
        lambda db, who, r, t: person(db, who, Role.ADMIN),
    ),
    (
        Role.MANAGER,
        "demo",
        Permission.DEMO_DATA,
        lambda db, who, r, t: demo.add_demo_data(db, who, cases=5),
    ),
]


@pytest.mark.parametrize(
    "role, _what, permission, call", REFUSALS, ids=[f"{r.value}-{w}" for r, w, _p, _c in REFUSALS]
)
def test_a_role_is_refused_outside_its_work_and_nothing_changes(
    db: Database,
    actor: users.Actor,
    tmp_path: Path,
    role: Role,
    _what: str,
    permission: Permission,
    call: Callable[[Database, users.Actor, str, Path], Any],
) -> None:
    ref = intake.register_case(db, actor, intake_form()).reference
    who = person(db, actor, role)
    before = counts(db)
    with pytest.raises(PermissionDenied) as refused:
        call(db, who, ref, tmp_path)
    assert refused.value.message == (
        f"ليست لديك صلاحية {permission.label}: هذا ليس من عمل «{role.label}». اطلب ذلك ممن يملك الصلاحية."
    )
    assert counts(db) == before
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize("role", [Role.CLERK, Role.OFFICER, Role.MANAGER])
def test_each_role_may_register_a_case_and_add_a_note(db: Database, actor: users.Actor, role: Role) -> None:
    who = person(db, actor, role)
    ref = intake.register_case(db, who, intake_form()).reference
    followup.add_note(db, who, ref, "اتصل المواطن يسأل عن طلبه")


def test_each_role_holds_what_the_role_below_holds_and_the_administrator_everything() -> None:
    assert GRANTS[Role.CLERK] < GRANTS[Role.OFFICER] < GRANTS[Role.MANAGER] < GRANTS[Role.ADMIN]
    assert GRANTS[Role.ADMIN] == frozenset(Permission)
    office_files = {Permission.MANAGE_USERS, Permission.BACKUP, Permission.RESTORE, Permission.DEMO_DATA}
    assert not office_files & GRANTS[Role.MANAGER]
    assert {Permission.LOCK_MONTH, Permission.VIEW_REPORTS} <= GRANTS[Role.MANAGER]


def test_a_manager_reports_and_an_officer_follows_up(db: Database, actor: users.Actor) -> None:
    ref = intake.register_case(db, actor, intake_form()).reference
    _refer(db, person(db, actor, Role.OFFICER), ref, Path())
    assert month_close.report_data(db, person(db, actor, Role.MANAGER), OCTOBER).figures.period == OCTOBER
