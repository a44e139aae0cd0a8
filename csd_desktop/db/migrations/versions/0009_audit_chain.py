"""The audit trail sealed by a hash chain, and the audit log and month locks made append-only

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-30 14:00:00

Each audit record gains its place in the chain (seq), the hash of the record before it and its own
hash (db/audit_chain.py); the records already written are sealed here in the order they were made.
Like case_events, audit_log and month_locks refuse UPDATE and DELETE through triggers; a month lock
may still be marked as sent to the central office (synced_at set once), nothing else.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from csd_desktop.db import audit_chain

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_LOCK_COLUMNS = ("id", "office_id", "month", "locked_at", "locked_by", "figures", "pdf_sha256")
TRIGGERS = {
    "audit_log_no_update": "BEFORE UPDATE ON audit_log",
    "audit_log_no_delete": "BEFORE DELETE ON audit_log",
    "month_locks_no_update": "BEFORE UPDATE ON month_locks WHEN OLD.synced_at IS NOT NULL OR NOT ("
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _LOCK_COLUMNS)
    + ")",
    "month_locks_no_delete": "BEFORE DELETE ON month_locks",
}


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.LargeBinary(32), nullable=True))
        batch.add_column(sa.Column("hash", sa.LargeBinary(32), nullable=True))
        batch.create_index("ix_audit_log_seq", ["seq"], unique=True)
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, at, user_id, action, target_id, detail FROM audit_log ORDER BY at, id")
    ).all()
    prev = audit_chain.GENESIS
    for seq, (record_id, at, user_id, action, target_id, detail) in enumerate(rows, start=1):
        digest = audit_chain.seal(seq, record_id, at, user_id, action, target_id, detail, prev)
        conn.execute(
            sa.text("UPDATE audit_log SET seq = :seq, prev_hash = :prev, hash = :hash WHERE id = :id"),
            {"seq": seq, "prev": prev, "hash": digest, "id": record_id},
        )
        prev = digest
    for name, when in TRIGGERS.items():
        table = name.rsplit("_no_", 1)[0]
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_seq")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
