"""Every index on the big tables is read by a real query: the services' own statements, caught as they
run (search, worklists, intake, a case's page, figures, the dashboard, escalations, amendments) and
put through EXPLAIN QUERY PLAN on the spot, with their parameters and temporary tables."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from csd_desktop.db.engine import Database
from csd_desktop.services import (
    cases,
    citizens,
    clock,
    dashboard,
    followup,
    intake,
    month_close,
    search,
    users,
    worklists,
)
from csd_desktop.services.figures import Period, Scope, compute
from csd_desktop.services.search import CaseFilter, SortKey
from csd_desktop.services.worklists import Worklist
from tests import report_scenario
from tests.report_scenario import Scenario, local, stand_on

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

BIG_TABLES = ("cases", "citizens", "case_events")


@contextmanager
def plans(db: Database) -> Iterator[dict[str, list[str]]]:
    """statement → the lines of its plan, for every statement the services run meanwhile."""
    seen: dict[str, list[str]] = {}

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if many or not re.match(r"\s*(SELECT|WITH|INSERT|UPDATE|DELETE|CREATE TEMP)", statement, re.I):
            return
        try:
            rows = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
        except sqlite3.Error:
            return
        seen.setdefault(statement, [row[-1] for row in rows])

    engines = (db.read_engine, db.write_engine)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", explain)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", explain)


def _indexes(db: Database) -> set[str]:
    with db.read() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
            f"({', '.join(repr(t) for t in BIG_TABLES)})"
        )
        # case_events has no rowid: its primary key is the table itself ("USING PRIMARY KEY").
        return {name for (name,) in rows} | {"case_events PRIMARY KEY"}


def _used(seen: dict[str, list[str]]) -> set[str]:
    used = set()
    for lines in seen.values():
        for line in lines:
            used.update(re.findall(r"USING (?:COVERING )?INDEX (\w+)", line))
            if "USING PRIMARY KEY" in line:  # only case_events is stored without a rowid
                used.add("case_events PRIMARY KEY")
    return used


def _everything_a_person_does(db: Database, sc: Scenario) -> None:
    stand_on(local(11, 10))
    admin = users.first_admin(db)
    refs = sc.refs
    detail = cases.case_detail(db, refs["D"])
    search.find_cases(db, refs["A"])
    search.find_cases(db, detail.phone or "")
    search.find_cases(db, detail.national_id or "")
    search.find_cases(db, "فاطمه الربيعي")
    search.count(db, "")
    for sort in SortKey:
        search.search(db, "", sort=sort)
    for f in (
        CaseFilter(statuses=frozenset({"awaiting_reply", "registered"})),
        CaseFilter(category="water", open_only=True),
        CaseFilter(registered_from=local(10, 1).date(), registered_to=local(10, 31).date()),
        CaseFilter(entity="electricity", open_only=True),
    ):
        search.search(db, "", f)
        search.search(db, "الماء", f)
    for worklist in Worklist:
        worklists.page(db, admin, worklist, entity="electricity")
    worklists.counts(db, admin)
    worklists.open_by_entity(db)
    citizens.find_citizen(db, detail.phone or "")
    citizens.find_citizen(db, detail.national_id or "")
    intake.possible_duplicates(db, national_id=detail.national_id or "", phone="", category="water")
    dashboard.count_figures(db)
    compute(db, Scope(office_id=admin.office_id), Period.month(2026, 10), today=clock.today())
    followup.escalate_overdue_referrals(db, admin)
    followup.add_note(db, admin, refs["F"], "اتصل المواطن")
    with db.read() as s:
        month_close.amendments_for(s, admin.office_id, Period.month(2026, 11))


def test_every_index_on_cases_citizens_and_events_is_read_by_a_real_query(
    scenario: Scenario, scenario_db: Database
) -> None:
    from tests.factories import citizen_form, intake_form

    with plans(scenario_db) as seen:
        _everything_a_person_does(scenario_db, scenario)
        admin = users.first_admin(scenario_db)
        returning = citizen_form(
            full_name="علي حسين كاظم الموسوي", national_id="199011111111", phone="07701111111"
        )
        intake.register_case(scenario_db, admin, intake_form(returning, category="water"))
    unused = _indexes(scenario_db) - _used(seen)
    assert not unused, f"indexes no query reads: {sorted(unused)}"


def test_no_service_query_reads_the_whole_cases_table(scenario: Scenario, scenario_db: Database) -> None:
    with plans(scenario_db) as seen:
        _everything_a_person_does(scenario_db, scenario)
    scans = {
        statement: lines
        for statement, lines in seen.items()
        for line in lines
        if re.fullmatch(r"SCAN (cases|c|citizens|p|case_events|e)", line)
    }
    assert not scans, scans
