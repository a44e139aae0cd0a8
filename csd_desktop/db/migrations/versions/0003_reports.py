"""Reports: KPI definitions (with the defaults of seed 002), locked months, amendments, report indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from csd_desktop.db.types import new_uuid7

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Covering indexes for services/figures.py: each cohort of a period is read by an index range.
_INDEXES = {
    "ix_cases_office_registered": ["office_id", "registered_at"],
    "ix_cases_office_closed": ["office_id", "closed_at", "registered_at", "reopened_count"],
    "ix_cases_office_due_first": ["office_id", "due_first_answer", "first_answer_at"],
    "ix_cases_office_first_answer": ["office_id", "first_answer_at"],
}

# (code, name, figure, frequency, target, unit, higher is better). Seed 002 (the Qatari guide) asks
# for each KPI a formula, a frequency, a target and a unit; its service charter answers complaints
# within 48–72 hours, and its example sets satisfaction at 95% (the issue asks for 90%).
DEFAULT_KPIS = [
    (
        "complaints_within_sla",
        "نسبة الشكاوى المُجاب عنها خلال المدة المحددة (3 أيام عمل)",
        "kind.complaint.within_sla_share",
        "monthly",
        95.0,
        "percent",
        True,
    ),
    (
        "satisfaction",
        "نسبة رضا المواطنين (4 أو 5 من 5)",
        "satisfied_share",
        "monthly",
        90.0,
        "percent",
        True,
    ),
    (
        "resolution_rate",
        "نسبة الطلبات المعالجة من الطلبات المغلقة",
        "resolution_rate",
        "monthly",
        80.0,
        "percent",
        True,
    ),
    (
        "overdue_share",
        "نسبة الطلبات المتأخرة من المفتوحة في نهاية الفترة",
        "overdue_share",
        "monthly",
        10.0,
        "percent",
        False,
    ),
    (
        "days_to_close",
        "متوسط مدة إغلاق الطلب",
        "avg_days_to_close",
        "monthly",
        20.0,
        "days",
        False,
    ),
]


def upgrade() -> None:
    op.create_table(
        "kpi_definitions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("figure", sa.String(length=80), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_definitions")),
        sa.UniqueConstraint("code", name=op.f("uq_kpi_definitions_code")),
    )
    op.create_table(
        "month_locks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=False),
        sa.Column("locked_by", sa.Uuid(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["locked_by"], ["users.id"], name=op.f("fk_month_locks_locked_by_users")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_month_locks_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_locks")),
        sa.UniqueConstraint("office_id", "month", name=op.f("uq_month_locks_office_id")),
    )
    op.create_table(
        "amendments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("lock_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_amendments_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["case_events.id"], name=op.f("fk_amendments_event_id_case_events")
        ),
        sa.ForeignKeyConstraint(
            ["lock_id"], ["month_locks.id"], name=op.f("fk_amendments_lock_id_month_locks")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_amendments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint("event_id", "lock_id", name=op.f("uq_amendments_event_id")),
    )
    op.create_index(op.f("ix_amendments_case_id"), "amendments", ["case_id"])
    op.create_index(op.f("ix_amendments_at"), "amendments", ["at"])
    # Plain CREATE INDEX on `cases` (no batch mode: that would copy the whole table).
    for name, columns in _INDEXES.items():
        op.create_index(name, "cases", columns)
    op.create_index(
        "ix_cases_office_reopened_closed",
        "cases",
        ["office_id", "closed_at"],
        sqlite_where=sa.text("reopened_count > 0"),
        postgresql_where=sa.text("reopened_count > 0"),
    )
    seed_default_kpis()


def seed_default_kpis() -> None:
    """Add the default KPIs that are missing (by code); an office's own edits are left alone."""
    kpis = sa.table(
        "kpi_definitions",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("name_ar", sa.String()),
        sa.column("figure", sa.String()),
        sa.column("frequency", sa.String()),
        sa.column("target", sa.Float()),
        sa.column("unit", sa.String()),
        sa.column("higher_is_better", sa.Boolean()),
        sa.column("active", sa.Boolean()),
        sa.column("position", sa.Integer()),
    )
    conn = op.get_bind()
    known = set(conn.execute(sa.select(kpis.c.code)).scalars())
    for position, (code, name, figure, frequency, target, unit, higher) in enumerate(DEFAULT_KPIS, 1):
        if code in known:
            continue
        conn.execute(
            kpis.insert().values(
                id=new_uuid7(),
                code=code,
                name_ar=name,
                figure=figure,
                frequency=frequency,
                target=target,
                unit=unit,
                higher_is_better=higher,
                active=True,
                position=position,
            )
        )


def downgrade() -> None:
    op.drop_index("ix_cases_office_reopened_closed", "cases")
    for name in _INDEXES:
        op.drop_index(name, "cases")
    op.drop_table("amendments")
    op.drop_table("month_locks")
    op.drop_table("kpi_definitions")
