"""People who use the application: passwords, logging in, and what each role may do."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import LoginFailure, User
from ..domain.arabic import clean_text
from ..domain.enums import Role
from ..errors import NotFound, SetupRequired, ValidationError
from ..i18n import N_
from . import clock
from .audit import audit
from .permissions import Permission as Permission
from .permissions import require as require
from .sign_in import Actor as Actor
from .sign_in import authenticate as authenticate  # with sqlite3 alone: the window's start uses it
from .sign_in import hasher

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class UserSummary:
    """One person in a list of users (to assign a case to, to filter by): plain values only."""

    id: UUID
    username: str
    full_name: str
    role: Role
    active: bool = True
    must_change_password: bool = False  # a temporary password not yet changed


PASSWORD_RULES = N_(
    "كلمة المرور لا تُقبل: يجب ألا تقل عن {n} أحرف، وألا تكون اسم المستخدم، وألا تكون أرقاماً فقط."
)


def check_password(password: str, username: str = "") -> None:
    """The rules, said all at once in the refusal: long enough to resist guessing, and not the two
    guesses everyone tries first (the username, a number such as a phone or card)."""
    bare = password.strip()
    name = username.strip().lower()
    if len(password) < MIN_PASSWORD_LENGTH or bare.isdigit() or (name and name in bare.lower()):
        raise ValidationError(PASSWORD_RULES, n=MIN_PASSWORD_LENGTH, field="password")


def hash_password(password: str, username: str = "") -> str:
    check_password(password, username)
    return hasher().hash(password)


def _actor(user: User) -> Actor:
    return Actor(
        user.id, user.username, user.full_name, Role(user.role), user.office_id, user.must_change_password
    )


def _summary(user: User) -> UserSummary:
    role = Role(user.role)
    return UserSummary(user.id, user.username, user.full_name, role, user.active, user.must_change_password)


def list_users(db: Database, *, active_only: bool = True) -> list[UserSummary]:
    """The station's users by full name (code-point order; screens re-sort with a collator)."""
    query = select(User.id, User.username, User.full_name, User.role, User.active, User.must_change_password)
    if active_only:
        query = query.where(User.active)
    with db.read() as s:
        rows = s.execute(query.order_by(User.full_name, User.username)).all()
    return [
        UserSummary(r.id, r.username, r.full_name, Role(r.role), r.active, r.must_change_password)
        for r in rows
    ]


def create_user(
    db: Database, actor: Actor, *, username: str, full_name: str, role: Role, password: str
) -> Actor:
    """A new user with a temporary password the administrator gives them: changed at their first login."""
    require(actor, Permission.MANAGE_USERS)
    password_hash = hash_password(password, checked_username(username))
    with db.write() as s:
        user = new_user(s, actor.office_id, username, full_name, role, password_hash, created_by=actor.id)
        user.must_change_password = True
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


def first_admin(db: Database) -> Actor:
    """The station's first administrator, for benchmarks and tests that set a scene without logging in
    (the window and the command line always log in: services/sign_in.py)."""
    with db.read() as s:
        query = select(User).where(User.active, User.role == Role.ADMIN.value).order_by(User.created_at)
        user = s.scalars(query.limit(1)).first()
    if user is None:
        raise SetupRequired(N_("لم تُعدّ هذه المحطة بعد: شغّل csd init أولاً."))
    return _actor(user)


def _user_named(s: Session, username: str) -> User:
    user = s.scalars(select(User).where(User.username == clean_text(username).lower())).first()
    if user is None:
        raise NotFound(N_("لا يوجد مستخدم باسم {username}."), username=username)
    return user


def _keep_an_administrator(s: Session, actor: Actor, user: User) -> None:
    """Nobody locks the station out of its own administration, by mistake or on purpose."""
    if user.id == actor.id:
        raise ValidationError(N_("لا يغيّر المدير دوره أو يوقف حسابه بنفسه: يفعل ذلك مدير آخر."))
    admins = s.scalars(select(User.id).where(User.active, User.role == Role.ADMIN.value)).all()
    if user.role == Role.ADMIN.value and user.active and len(admins) <= 1:
        raise ValidationError(N_("هذا آخر مدير نظام فعّال: أضف مديراً آخر أولاً."))


def deactivate_user(db: Database, actor: Actor, username: str) -> UserSummary:
    """The user can no longer log in; their name stays on everything they did."""
    require(actor, Permission.MANAGE_USERS)
    with db.write() as s:
        user = _user_named(s, username)
        _keep_an_administrator(s, actor, user)
        user.active = False
        audit(s, actor.id, "user_deactivated", user.id, username=user.username)
        return _summary(user)


def change_role(db: Database, actor: Actor, username: str, role: Role) -> UserSummary:
    require(actor, Permission.MANAGE_USERS)
    with db.write() as s:
        user = _user_named(s, username)
        if user.role != role.value:
            _keep_an_administrator(s, actor, user)
            audit(
                s,
                actor.id,
                "user_role_changed",
                user.id,
                username=user.username,
                old=user.role,
                new=role.value,
            )
            user.role = role.value
        return _summary(user)


def reset_password(db: Database, actor: Actor, username: str, temporary: str) -> None:
    """A forgotten password: the administrator gives a temporary one, changed at the next login. It also
    lifts a lockout (the failures are of the old password)."""
    require(actor, Permission.MANAGE_USERS)
    with db.write() as s:
        user = _user_named(s, username)
        user.password_hash = hash_password(temporary, user.username)
        user.must_change_password = True
        user.active = True
        s.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
        audit(s, actor.id, "password_reset", user.id, username=user.username)


def change_password(db: Database, username: str, old_password: str, new_password: str) -> Actor:
    """The person's own change (forced after a temporary password): the old password proves who they are."""
    actor = authenticate(db, username, old_password)
    if new_password == old_password:
        raise ValidationError(N_("اختر كلمة مرور جديدة غير السابقة."), field="password")
    new_hash = hash_password(new_password, actor.username)
    with db.write() as s:
        user = _user_named(s, actor.username)
        user.password_hash = new_hash
        user.must_change_password = False
        audit(s, actor.id, "password_changed", actor.id, username=actor.username)
        return _actor(user)
