"""Sync: the change log (a station's outbox and what it has received), applied bundles, and the central
server's enrolled offices and stations

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 14:00:00

New tables only: instant on any database. Writes made before this revision are not in the log (an
enrolled station is a new database, so nothing of its own is missed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from csd_desktop.db.types import CompactJSON, CompactUuid, UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("station_id", CompactUuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(20), nullable=False),
        sa.Column("row_id", CompactUuid(), nullable=False),
        sa.Column("case_id", CompactUuid(), nullable=True),
        sa.PrimaryKeyConstraint("station_id", "seq", name="pk_change_log"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sync_bundles",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("sender", sa.String(20), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("applied_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name="pk_sync_bundles"),
    )
    op.create_table(
        "sync_offices",
        sa.Column("office_id", CompactUuid(), nullable=False),
        sa.Column("enrolment_key", sa.LargeBinary(), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name="fk_sync_offices_office_id_offices"),
        sa.PrimaryKeyConstraint("office_id", name="pk_sync_offices"),
    )
    op.create_table(
        "sync_stations",
        sa.Column("station_id", CompactUuid(), nullable=False),
        sa.Column("signing_key", sa.LargeBinary(), nullable=False),
        sa.Column("age_recipient", sa.String(100), nullable=False),
        sa.Column("reported", CompactJSON(), nullable=False),
        sa.Column("last_bundle_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name="fk_sync_stations_station_id_stations"),
        sa.PrimaryKeyConstraint("station_id", name="pk_sync_stations"),
    )


def downgrade() -> None:
    for table in ("sync_stations", "sync_offices", "sync_bundles", "change_log"):
        op.drop_table(table)
