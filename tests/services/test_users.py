"""Users: creating them (admins only, valid names and passwords) and listing them for the screens."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from csd_desktop.db.engine import Database
from csd_desktop.db.models import AuditEntry, User
from csd_desktop.domain.enums import Role
from csd_desktop.errors import AuthenticationFailed, PermissionDenied, ValidationError
from csd_desktop.services import users
from csd_desktop.services.sign_in import LOCK_AFTER, AccountLocked
from csd_desktop.services.users import Actor, UserSummary

PASSWORD = "long-password-1"


def add(db: Database, actor: Actor, username: str, full_name: str, role: Role = Role.OFFICER) -> Actor:
    return users.create_user(db, actor, username=username, full_name=full_name, role=role, password=PASSWORD)


def audit_actions(db: Database) -> list[tuple[str, object]]:
    with db.read() as s:
        return [
            (a, u)
            for a, u in s.execute(select(AuditEntry.action, AuditEntry.user_id).order_by(AuditEntry.seq))
        ]


def deactivate(db: Database, username: str) -> None:
    with db.write() as s:
        s.execute(update(User).where(User.username == username).values(active=False))


def test_list_users_gives_plain_summaries_sorted_by_full_name(db: Database, actor: Actor) -> None:
    add(db, actor, "zainab", "زينب كريم", Role.CLERK)
    add(db, actor, "basim", "باسم جواد", Role.MANAGER)
    listed = users.list_users(db)
    assert [u.full_name for u in listed] == ["أحمد علي حسين الربيعي", "باسم جواد", "زينب كريم"]
    assert all(type(u) is UserSummary for u in listed)
    basim = listed[1]
    assert (basim.username, basim.role) == ("basim", Role.MANAGER)
    assert basim.id == users.authenticate(db, "basim", PASSWORD).id


def test_list_users_leaves_out_inactive_users_unless_asked(db: Database, actor: Actor) -> None:
    add(db, actor, "zainab", "زينب كريم")
    add(db, actor, "basim", "باسم جواد")
    deactivate(db, "basim")
    assert [u.username for u in users.list_users(db)] == [actor.username, "zainab"]
    everyone = users.list_users(db, active_only=False)
    assert [u.username for u in everyone] == [actor.username, "basim", "zainab"]


def test_create_user_cleans_the_username_and_the_new_user_can_log_in(db: Database, actor: Actor) -> None:
    created = add(db, actor, "  Sara.Hasan ", "سارة حسن")
    assert created.username == "sara.hasan"
    assert created.office_id == actor.office_id
    assert users.authenticate(db, "SARA.HASAN", PASSWORD).id == created.id


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OFFICER, Role.CLERK])
def test_only_an_admin_may_create_users(db: Database, actor: Actor, role: Role) -> None:
    someone = add(db, actor, "someone", "موظف", role)
    with pytest.raises(PermissionDenied) as refused:
        add(db, someone, "other", "موظف آخر")
    assert refused.value.message == (
        f"ليست لديك صلاحية إدارة المستخدمين: هذا ليس من عمل «{role.label}». اطلب ذلك ممن يملك الصلاحية."
    )
    assert "other" not in [u.username for u in users.list_users(db)]


@pytest.mark.parametrize("username", ["", "   ", "أحمد", "ahmed ali", "ahmed-ali", "ahmed@ali"])
def test_a_username_not_in_latin_letters_and_digits_is_refused(
    db: Database, actor: Actor, username: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        add(db, actor, username, "موظف")
    assert refused.value.field == "username"
    assert "بالأحرف اللاتينية" in refused.value.message
    assert len(users.list_users(db)) == 1


def test_a_username_already_taken_is_refused(db: Database, actor: Actor) -> None:
    add(db, actor, "sara", "سارة حسن")
    with pytest.raises(ValidationError) as refused:
        add(db, actor, "SARA", "سارة علي")
    assert refused.value.field == "username"
    assert refused.value.message == "اسم المستخدم مستعمل من قبل."


@pytest.mark.parametrize(
    "password",
    ["short", "nine-char", "07701234567", " 1234567890 ", "sara.hassan", "my-SARA.HASSAN-1"],
    ids=["short", "nine", "phone", "digits", "username", "holds-username"],
)
def test_a_password_breaking_a_rule_is_refused_with_every_rule_and_nothing_is_saved(
    db: Database, actor: Actor, password: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        users.create_user(
            db, actor, username="sara.hassan", full_name="سارة", role=Role.CLERK, password=password
        )
    assert refused.value.field == "password"
    assert refused.value.message == (
        "كلمة المرور لا تُقبل: يجب ألا تقل عن 10 أحرف، وألا تكون اسم المستخدم، وألا تكون أرقاماً فقط."
    )
    assert [u.username for u in users.list_users(db)] == [actor.username]


def test_a_new_user_must_change_the_temporary_password_before_anything_else(
    db: Database, actor: Actor
) -> None:
    add(db, actor, "sara", "سارة حسن")
    assert users.authenticate(db, "sara", PASSWORD).must_change_password
    with pytest.raises(ValidationError):
        users.change_password(db, "sara", PASSWORD, PASSWORD)  # the same one again
    with pytest.raises(ValidationError):
        users.change_password(db, "sara", PASSWORD, "sara-2026-sara")  # holds the username
    changed = users.change_password(db, "sara", PASSWORD, "her-own-pass-2026")
    assert not changed.must_change_password
    assert not users.authenticate(db, "sara", "her-own-pass-2026").must_change_password
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db, "sara", PASSWORD)


def test_a_reset_gives_a_temporary_password_and_lifts_a_lockout(db: Database, actor: Actor) -> None:
    add(db, actor, "sara", "سارة حسن")
    for _ in range(LOCK_AFTER):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db, "sara", "forgotten-it")
    with pytest.raises(AccountLocked):
        users.authenticate(db, "sara", PASSWORD)
    users.reset_password(db, actor, "sara", "temporary-2026")
    assert users.authenticate(db, "sara", "temporary-2026").must_change_password
    assert audit_actions(db)[-1] == ("password_reset", actor.id)


def test_a_deactivated_user_is_refused_like_a_wrong_password(db: Database, actor: Actor) -> None:
    add(db, actor, "sara", "سارة حسن")
    users.deactivate_user(db, actor, "sara")
    with pytest.raises(AuthenticationFailed) as refused:
        users.authenticate(db, "sara", PASSWORD)
    assert refused.value.message == "اسم المستخدم أو كلمة المرور غير صحيحة."
    assert "sara" not in [u.username for u in users.list_users(db)]


def test_a_role_change_is_audited_and_takes_effect_at_the_next_login(db: Database, actor: Actor) -> None:
    add(db, actor, "sara", "سارة حسن", Role.CLERK)
    assert users.change_role(db, actor, "sara", Role.OFFICER).role is Role.OFFICER
    assert users.authenticate(db, "sara", PASSWORD).role is Role.OFFICER
    assert audit_actions(db)[-1] == ("user_role_changed", actor.id)


def test_an_administrator_cannot_demote_or_deactivate_themselves(db: Database, actor: Actor) -> None:
    with pytest.raises(ValidationError, match="بنفسه"):
        users.deactivate_user(db, actor, actor.username)
    with pytest.raises(ValidationError, match="بنفسه"):
        users.change_role(db, actor, actor.username, Role.CLERK)
    other = add(db, actor, "omar", "عمر صالح", Role.ADMIN)
    assert users.change_role(db, other, actor.username, Role.MANAGER).role is Role.MANAGER
