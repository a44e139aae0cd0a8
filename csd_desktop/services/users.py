"""People who use the application: passwords, logging in, and what each role may do."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import User
from ..domain.arabic import clean_text
from ..domain.enums import Role
from ..errors import NotFound, PermissionDenied, SetupRequired, ValidationError
from ..i18n import N_
from . import clock
from .audit import audit
from .sign_in import Actor as Actor
from .sign_in import authenticate as authenticate  # with sqlite3 alone: the window's start uses it
from .sign_in import hasher

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8


class Permission(StrEnum):
    REGISTER_CASE = "register_case"
    FOLLOW_UP = "follow_up"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_REPORTS = "view_reports"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {Permission.REGISTER_CASE, Permission.FOLLOW_UP, Permission.VIEW_REPORTS, Permission.MANAGE_SETTINGS}
    ),
    Role.OFFICER: frozenset({Permission.REGISTER_CASE, Permission.FOLLOW_UP}),
    Role.CLERK: frozenset({Permission.REGISTER_CASE}),
}


@dataclass(frozen=True)
class UserSummary:
    """One person in a list of users (to assign a case to, to filter by): plain values only."""

    id: UUID
    username: str
    full_name: str
    role: Role


def require(actor: Actor, permission: Permission) -> None:
    if permission not in _GRANTS[actor.role]:
        raise PermissionDenied(N_("ليست لديك صلاحية لهذا الإجراء."))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            N_("كلمة المرور قصيرة: يجب ألا تقل عن {MIN_PASSWORD_LENGTH} أحرف."),
            MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
            field="password",
        )
    return hasher().hash(password)


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, Role(user.role), user.office_id)


def list_users(db: Database, *, active_only: bool = True) -> list[UserSummary]:
    """The station's users by full name (code-point order; screens re-sort with a collator)."""
    query = select(User.id, User.username, User.full_name, User.role)
    if active_only:
        query = query.where(User.active)
    with db.read() as s:
        rows = s.execute(query.order_by(User.full_name, User.username)).all()
    return [UserSummary(row.id, row.username, row.full_name, Role(row.role)) for row in rows]


def create_user(
    db: Database, actor: Actor, *, username: str, full_name: str, role: Role, password: str
) -> Actor:
    require(actor, Permission.MANAGE_USERS)
    password_hash = hash_password(password)
    with db.write() as s:
        user = new_user(s, actor.office_id, username, full_name, role, password_hash, created_by=actor.id)
        audit(s, actor.id, "user_created", user.id, username=user.username, role=role.value)
    return _actor(user)


def checked_username(username: str) -> str:
    """The username as stored (trimmed, lower case), or the reason it cannot be one."""
    name = clean_text(username).lower()
    if not name or not name.isascii() or not name.replace("_", "").replace(".", "").isalnum():
        raise ValidationError(
            N_("اسم المستخدم يكتب بالأحرف اللاتينية والأرقام فقط (مثل ahmed.ali)."), field="username"
        )
    return name


def new_user(
    s: Session,
    office_id: UUID,
    username: str,
    full_name: str,
    role: Role,
    password_hash: str,
    *,
    created_by: UUID | None,
) -> User:
    """Add a user row inside the caller's transaction (first admin at setup, or by an admin)."""
    name = checked_username(username)
    if s.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError(N_("اسم المستخدم مستعمل من قبل."), field="username")
    user = User(
        office_id=office_id,
        username=name,
        full_name=clean_text(full_name) or name,
        role=role.value,
        password_hash=password_hash,
        active=True,
        created_at=clock.now(),
        created_by=created_by,
    )
    s.add(user)
    s.flush()
    return user


def cli_actor(db: Database, username: str | None) -> Actor:
    """The user the command line acts as: the one named, or the station's first administrator."""
    with db.read() as s:
        query = select(User).where(User.active)
        if username:
            query = query.where(User.username == clean_text(username).lower())
        else:
            query = query.where(User.role == Role.ADMIN.value).order_by(User.created_at)
        user = s.scalars(query.limit(1)).first()
    if user is None:
        if username:
            raise NotFound(N_("لا يوجد مستخدم فعّال باسم {username}."), username=username)
        raise SetupRequired(N_("لم تُعدّ هذه المحطة بعد: شغّل csd init أولاً."))
    return _actor(user)
