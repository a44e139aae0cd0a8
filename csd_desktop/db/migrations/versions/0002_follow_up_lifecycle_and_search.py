"""Follow-up lifecycle columns, worklist and report indexes, and the Arabic full-text index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 16:02:05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_cases_status_due": ["status", "due_on"],
    "ix_cases_registered_category_status": ["registered_at", "category_id", "status"],
    "ix_cases_closed_at": ["closed_at"],
    "ix_cases_registered_id": ["registered_at", "id"],
}
# Worklists read open cases only; queries spell the same condition (services.search.OPEN).
_OPEN_INDEXES = {
    "ix_cases_open_due": ["due_on"],
    "ix_cases_open_assigned_due": ["assigned_to", "due_on"],
    "ix_cases_open_entity_due": ["entity_id", "due_on"],
}


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: rebuilding `cases` would copy every row and trip the
    # foreign keys of case_events on the DROP.
    add = op.add_column
    add("cases", sa.Column("outcome", sa.String(30)))
    # SQLite adds a column with REFERENCES in place; Alembic would insist on batch mode for it.
    op.execute("ALTER TABLE cases ADD COLUMN assigned_to CHAR(32) REFERENCES users (id)")
    add("cases", sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0"))
    add("cases", sa.Column("due_on", sa.Date()))
    add("cases", sa.Column("reply_due", sa.Date()))
    add("cases", sa.Column("resolution_due", sa.Date()))
    add("cases", sa.Column("first_answer_at", sa.DateTime()))
    add("cases", sa.Column("closed_at", sa.DateTime()))
    add("cases", sa.Column("satisfaction", sa.Integer()))
    add("cases", sa.Column("reopened_count", sa.Integer(), nullable=False, server_default="0"))
    add("cases", sa.Column("search_rowid", sa.Integer()))
    op.execute("UPDATE cases SET assigned_to = registered_by, due_on = due_first_answer")
    for name, columns in _INDEXES.items():
        op.create_index(name, "cases", columns)
    for name, columns in _OPEN_INDEXES.items():
        op.create_index(name, "cases", columns, sqlite_where=sa.text("status != 'closed'"))
    # Citizen names and case texts, already normalised by domain.arabic.normalize_for_search.
    op.execute(
        "CREATE VIRTUAL TABLE case_search USING fts5("
        "case_id UNINDEXED, name, body, prefix='2 3', tokenize='unicode61 remove_diacritics 2')"
    )
    _index_existing_cases()


def _index_existing_cases() -> None:
    from csd_desktop.domain.arabic import normalize_for_search

    conn = op.get_bind()
    rows = conn.exec_driver_sql(
        "SELECT c.id, p.full_name, c.subject, c.details FROM cases c JOIN citizens p ON p.id = c.citizen_id "
        "ORDER BY c.registered_at"
    ).fetchall()
    for case_id, name, subject, details in rows:
        conn.exec_driver_sql(
            "INSERT INTO case_search (case_id, name, body) VALUES (?, ?, ?)",
            (case_id, normalize_for_search(name), normalize_for_search(f"{subject} {details}")),
        )
        conn.exec_driver_sql("UPDATE cases SET search_rowid = last_insert_rowid() WHERE id = ?", (case_id,))


def downgrade() -> None:
    op.execute("DROP TABLE case_search")
    for name in [*_INDEXES, *_OPEN_INDEXES]:
        op.drop_index(name, "cases")
    with op.batch_alter_table("cases") as batch_op:
        for column in (
            "search_rowid",
            "reopened_count",
            "satisfaction",
            "closed_at",
            "first_answer_at",
            "resolution_due",
            "reply_due",
            "due_on",
            "escalation_level",
            "assigned_to",
            "outcome",
        ):
            batch_op.drop_column(column)
