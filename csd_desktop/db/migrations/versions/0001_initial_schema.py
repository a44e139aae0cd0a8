"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 15:40:15.327742
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categories",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["categories.id"], name=op.f("fk_categories_parent_id_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_categories_code")),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("liaison_officer", sa.String(length=200), nullable=True),
        sa.Column("liaison_phone", sa.String(length=20), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
        sa.UniqueConstraint("code", name=op.f("uq_entities_code")),
    )
    op.create_table(
        "governorates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("iso_code", sa.String(length=8), nullable=True),
        sa.Column("name_ar", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governorates")),
        sa.UniqueConstraint("code", name=op.f("uq_governorates_code")),
    )
    op.create_table(
        "holidays",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holidays")),
        sa.UniqueConstraint("day", name=op.f("uq_holidays_day")),
    )
    op.create_table(
        "local_settings",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_settings")),
    )
    op.create_table(
        "districts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("governorate_id", sa.Uuid(), nullable=False),
        sa.Column("name_ar", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["governorate_id"], ["governorates.id"], name=op.f("fk_districts_governorate_id_governorates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("code", name=op.f("uq_districts_code")),
    )
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_districts_governorate_id"), ["governorate_id"], unique=False)

    op.create_table(
        "offices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("governorate_id", sa.Uuid(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["governorate_id"], ["governorates.id"], name=op.f("fk_offices_governorate_id_governorates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_offices_code")),
    )
    op.create_table(
        "sla_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("first_answer_days", sa.Integer(), nullable=False),
        sa.Column("entity_reply_days", sa.Integer(), nullable=True),
        sa.Column("resolution_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_sla_rules_category_id_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_rules")),
        sa.UniqueConstraint("kind", "category_id", name=op.f("uq_sla_rules_kind")),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_stations_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("office_id", "number", name=op.f("uq_stations_office_id")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_users_created_by_users")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_users_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "citizens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_search", sa.String(length=200), nullable=False),
        sa.Column("national_id", sa.String(length=12), nullable=True),
        sa.Column("phone", sa.String(length=11), nullable=True),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("governorate_id", sa.Uuid(), nullable=True),
        sa.Column("district_id", sa.Uuid(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("landmark", sa.String(length=200), nullable=True),
        sa.Column("elderly", sa.Boolean(), nullable=False),
        sa.Column("special_needs", sa.Boolean(), nullable=False),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_citizens_created_by_users")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_citizens_district_id_districts")
        ),
        sa.ForeignKeyConstraint(
            ["governorate_id"], ["governorates.id"], name=op.f("fk_citizens_governorate_id_governorates")
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_citizens_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizens_name_search"), ["name_search"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizens_phone"), ["phone"], unique=False)
        batch_op.create_index(
            "uq_citizens_national_id",
            ["national_id"],
            unique=True,
            sqlite_where=sa.text("national_id IS NOT NULL"),
            postgresql_where=sa.text("national_id IS NOT NULL"),
        )

    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("station_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("governorate_id", sa.Uuid(), nullable=True),
        sa.Column("district_id", sa.Uuid(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("reply_preference", sa.String(length=20), nullable=True),
        sa.Column("elderly", sa.Boolean(), nullable=False),
        sa.Column("special_needs", sa.Boolean(), nullable=False),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.Uuid(), nullable=False),
        sa.Column("due_first_answer", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_cases_category_id_categories")
        ),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], name=op.f("fk_cases_citizen_id_citizens")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_cases_district_id_districts")
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_cases_entity_id_entities")),
        sa.ForeignKeyConstraint(
            ["governorate_id"], ["governorates.id"], name=op.f("fk_cases_governorate_id_governorates")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_cases_office_id_offices")),
        sa.ForeignKeyConstraint(["registered_by"], ["users.id"], name=op.f("fk_cases_registered_by_users")),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_cases_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
        sa.UniqueConstraint("station_id", "year", "sequence", name=op.f("uq_cases_station_id")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_citizen_category_status", ["citizen_id", "category_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cases_registered_at"), ["registered_at"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_events_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_case_events_case_id")),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["added_by"], ["users.id"], name=op.f("fk_attachments_added_by_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_attachments_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["case_events.id"], name=op.f("fk_attachments_event_id_case_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_case_id"), ["case_id"], unique=False)

    # The timeline is append-only (DESIGN.md §4): the database itself refuses edits and deletions.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER case_events_no_{verb.lower()} BEFORE {verb} ON case_events "
            "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS case_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS case_events_no_delete")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_case_id"))

    op.drop_table("attachments")
    op.drop_table("case_events")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_registered_at"))
        batch_op.drop_index("ix_cases_citizen_category_status")

    op.drop_table("cases")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_citizens_national_id",
            sqlite_where=sa.text("national_id IS NOT NULL"),
            postgresql_where=sa.text("national_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_citizens_phone"))
        batch_op.drop_index(batch_op.f("ix_citizens_name_search"))

    op.drop_table("citizens")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_table("stations")
    op.drop_table("sla_rules")
    op.drop_table("offices")
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_districts_governorate_id"))

    op.drop_table("districts")
    op.drop_table("local_settings")
    op.drop_table("holidays")
    op.drop_table("governorates")
    op.drop_table("entities")
    op.drop_table("categories")
