"""The figures' one implementation on both databases: the report scenario's office (tests/report_scenario.py:
a reopened case, an overdue one, a holiday, late and timely answers, ratings) copied row by row from
its SQLite file into a central store on PostgreSQL gives the very same figures there."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from csd_desktop.central.store import Store
from csd_desktop.db.engine import Database
from csd_desktop.db.models import Base, Office
from csd_desktop.services import users
from csd_desktop.services.figures import Figures, Period, Scope, compute, plain
from tests import report_scenario

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db
URL = os.environ.get("CSD_TEST_POSTGRES_URL")
OCTOBER = Period.month(2026, 10)


@pytest.fixture
def pg_store() -> Iterator[Store]:
    if not URL:
        pytest.skip("no PostgreSQL for the central server: set CSD_TEST_POSTGRES_URL")
    schema = f"csd_fig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    store = Store(f"{URL}{'&' if '?' in URL else '?'}options=-csearch_path%3D{schema}")
    try:
        store.ensure_schema()
        yield store
    finally:
        store.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def copy_rows(db: Database, store: Store) -> None:
    """Every row of the station's models, through their types (so ids, moments and days are native)."""
    with db.read() as source, store.write() as target:
        for table in Base.metadata.sorted_tables:
            rows = [dict(r) for r in source.execute(table.select()).mappings()]
            if rows:
                target.execute(table.insert(), rows)


def same(figures: Figures) -> dict[str, Any]:
    found = plain(figures)
    del found["computed_at"]
    return dict(found)


def test_the_scenarios_figures_are_the_same_on_postgresql(scenario_db: Database, pg_store: Store) -> None:
    copy_rows(scenario_db, pg_store)
    office = users.first_admin(scenario_db).office_id
    with scenario_db.read() as s:
        governorate = s.scalar(select(Office.governorate_id).where(Office.id == office))
    on_sqlite = compute(scenario_db, Scope(office_id=office), OCTOBER)
    assert on_sqlite.totals.overdue_at_end == 1 and on_sqlite.overdue  # the overdue list is exercised
    assert same(compute(pg_store, Scope(office_id=office), OCTOBER)) == same(on_sqlite)
    for scope in (Scope(governorate_id=governorate), Scope()):
        assert same(compute(pg_store, scope, OCTOBER)) == same(compute(scenario_db, scope, OCTOBER))
