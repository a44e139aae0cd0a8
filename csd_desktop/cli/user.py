"""`csd user add`: the users of this office."""

from __future__ import annotations

import sys

import click

from ..i18n import _
from ..services import users
from .context import Context, emit, pass_context


@click.group()
def user() -> None:
    """Users of this office."""


@user.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice([r.value for r in users.Role]), default="clerk", show_default=True)
@pass_context
def user_add(ctx: Context, username: str, full_name: str, role: str) -> None:
    """Add a user (password read from stdin)."""
    password = sys.stdin.readline().rstrip("\r\n")
    made = users.create_user(
        ctx.db, ctx.actor(), username=username, full_name=full_name, role=users.Role(role), password=password
    )
    emit(ctx, made, lambda: _("أضيف المستخدم {username}.").format(username=made.username))
