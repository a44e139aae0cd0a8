"""The central server keeps the same schema on PostgreSQL, with its native types (DESIGN.md §5).

Runs when CSD_TEST_POSTGRES_URL names a database to use, e.g.
CSD_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test (.ci/run sets it); the test
works in a schema of its own and drops it afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, create_engine, inspect, select, text

from csd_desktop.db.models import AuditEntry, Base, Governorate, Holiday
from csd_desktop.db.types import CompactJSON, CompactUuid, Day, UTCDateTime, new_uuid7

URL = os.environ.get("CSD_TEST_POSTGRES_URL")

pytestmark = pytest.mark.skipif(
    not URL,
    reason="no PostgreSQL to test against: set CSD_TEST_POSTGRES_URL, "
    "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
)

NATIVE = {
    CompactUuid: "uuid",
    UTCDateTime: "timestamp with time zone",
    Day: "date",
    CompactJSON: "jsonb",
}


@pytest.fixture
def pg() -> Iterator[Connection]:
    """A connection inside a fresh schema holding the models' tables; dropped afterwards."""
    assert URL is not None
    engine = create_engine(URL)
    schema = f"csd_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
        conn.execute(text(f"SET search_path TO {schema}"))
        Base.metadata.create_all(conn)
        conn.commit()
        try:
            yield conn
        finally:
            conn.rollback()
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            conn.commit()
    engine.dispose()


def test_every_column_has_its_native_postgresql_type(pg: Connection) -> None:
    found = {
        (table, name): kind
        for table, name, kind in pg.execute(
            text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()"
            )
        )
    }
    expected = {
        (table.name, column.name): NATIVE[type(column.type)]
        for table in Base.metadata.tables.values()
        for column in table.columns
        if type(column.type) in NATIVE
    }
    assert len(expected) > 60  # ids, moments, days and documents in every table
    assert {key: found.get(key) for key in expected} == expected


def test_values_go_in_and_come_back_as_python_values(pg: Connection) -> None:
    gov, entry = new_uuid7(), new_uuid7()
    moment = datetime(2026, 11, 30, 9, 15, 42, 123456, tzinfo=UTC)
    pg.execute(Governorate.__table__.insert().values(id=gov, code="BGD", name_ar="بغداد", name_en="Baghdad"))
    pg.execute(Holiday.__table__.insert().values(id=new_uuid7(), day=date(2026, 10, 27), name_ar="عطلة"))
    pg.execute(
        AuditEntry.__table__.insert().values(
            id=entry, at=moment, action="test", target_id=gov, detail={"اسم": "بغداد", "n": 1}
        )
    )
    assert pg.execute(select(Governorate.id)).scalar_one() == gov
    assert pg.execute(select(Holiday.day)).scalar_one() == date(2026, 10, 27)
    at, target, detail = pg.execute(select(AuditEntry.at, AuditEntry.target_id, AuditEntry.detail)).one()
    assert (at, target, detail) == (moment, gov, {"اسم": "بغداد", "n": 1})


def test_the_open_case_and_report_indexes_exist(pg: Connection) -> None:
    names = {index["name"] for index in inspect(pg).get_indexes("cases")}
    assert {"ix_cases_open_due", "ix_cases_office_registered", "ix_cases_office_reopened_closed"} <= names
    # Partial on PostgreSQL too: the condition is given when its schema is created.
    definitions = dict(
        pg.exec_driver_sql("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases'").all()
    )
    assert "WHERE" in definitions["ix_cases_open_due"] and "closed" in definitions["ix_cases_open_due"]
    assert "reopened_count > 0" in definitions["ix_cases_office_reopened_closed"]
