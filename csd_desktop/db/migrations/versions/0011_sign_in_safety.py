"""Sign-in safety: failed logins kept for the lockout, and a temporary password's forced change

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 16:00:00

login_failures holds the recent failed logins by the name typed (known or not, so a lockout tells
nobody which names exist); a success clears that name's rows. It is local to the station and never
synced. users.must_change_password marks a password an administrator set (a new user, a reset).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from csd_desktop.db.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(50), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
    op.drop_table("login_failures")
