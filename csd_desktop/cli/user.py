"""`csd user add|deactivate|reset-password|role|password`: the users of this office. Passwords are read
from standard input (one line), never from the command line, where other accounts could see them."""

from __future__ import annotations

import sys

import click

from ..i18n import _
from ..services import users
from .context import Context, emit, pass_context

ROLES = click.Choice([r.value for r in users.Role])


def _new_password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


@click.group()
def user() -> None:
    """Users of this office (the administrator's work, except `password`)."""


@user.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True)
@click.option("--role", type=ROLES, default="clerk", show_default=True)
@pass_context
def user_add(ctx: Context, username: str, full_name: str, role: str) -> None:
    """Add a user with a temporary password (from stdin) they change at their first login."""
    made = users.create_user(
        ctx.db,
        ctx.actor(),
        username=username,
        full_name=full_name,
        role=users.Role(role),
        password=_new_password(),
    )
    emit(
        ctx,
        made,
        lambda: _("أضيف المستخدم {username}؛ يغيّر كلمة المرور المؤقتة عند أول دخول.").format(
            username=made.username
        ),
    )


@user.command("deactivate")
@click.argument("username")
@pass_context
def user_deactivate(ctx: Context, username: str) -> None:
    """The user can no longer log in; their name stays on what they did."""
    done = users.deactivate_user(ctx.db, ctx.actor(), username)
    emit(ctx, done, lambda: _("أوقف حساب {username}.").format(username=done.username))


@user.command("reset-password")
@click.argument("username")
@pass_context
def user_reset_password(ctx: Context, username: str) -> None:
    """Give a temporary password (from stdin), changed at the next login; lifts a lockout."""
    users.reset_password(ctx.db, ctx.actor(), username, _new_password())
    emit(
        ctx,
        {"username": username, "must_change_password": True},
        lambda: _("عُيّنت كلمة مرور مؤقتة لـ {username}؛ يغيّرها عند الدخول التالي.").format(username=username),
    )


@user.command("role")
@click.argument("username")
@click.argument("role", type=ROLES)
@pass_context
def user_role(ctx: Context, username: str, role: str) -> None:
    """Change what a user may do."""
    done = users.change_role(ctx.db, ctx.actor(), username, users.Role(role))
    emit(
        ctx,
        done,
        lambda: _("دور {username} الآن: {role}.").format(username=done.username, role=done.role.label),
    )


@user.command("password")
@pass_context
def user_password(ctx: Context) -> None:
    """Change your own password: log in with the current one, the new one from stdin."""
    actor = ctx.actor(temporary_ok=True)
    password = ctx.password()
    assert password is not None  # ctx.actor() logged in with it
    done = users.change_password(ctx.db, actor.username, password, _new_password())
    emit(ctx, done, lambda: _("غُيّرت كلمة مرور {username}.").format(username=done.username))
