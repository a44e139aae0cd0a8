"""Figures against hand-computed values on the small office of tests/report_scenario.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from csd_desktop.db.engine import Database
from csd_desktop.db.models import Case, Office
from csd_desktop.errors import PermissionDenied, ValidationError
from csd_desktop.services import clock, figures, intake, users
from csd_desktop.services.figures import Figures, Measures, Period, Scope, sql
from csd_desktop.services.figures.compute import params as figure_params
from csd_desktop.services.figures.compute import statement, used
from csd_desktop.services.users import Actor
from tests import report_scenario
from tests.factories import citizen_form, intake_form
from tests.report_scenario import Scenario, local, stand_on

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OCTOBER = Period.month(2026, 10)


def office(db: Database) -> Scope:
    return Scope(office_id=users.first_admin(db).office_id)


def compute(db: Database, period: Period) -> Figures:
    return figures.compute(db, office(db), period)


def row(f: Figures, dimension: str, key: str) -> Measures:
    return next(r.measures for r in f.breakdown(dimension).rows if r.key == key)


# --- October, by hand ------------------------------------------------------------------------------
# received A B D F G; closed (and still closed on 31 Oct) A B D — D once, though closed twice;
# open at the end C (closed 3 Nov) E (reopened 12 Oct) F G; overdue F only (first answer due 21 Oct,
# none by the end); first answers due in October A B C D F G, on time A (23:30 on its day) C D G
# (due 29 Oct thanks to the 27 Oct holiday), late B (00:30 the next day) F.
# Days to first answer A 3d14.5h, B 3d15.5h, C 3, D 4, G 4 → mean 3.65, median (tenths) 3.6.
# Days to close A 4, B 4, D 19 → mean 9, median 4. Ratings of the closed A 5, B 2, D 4.


def test_october_totals_match_the_hand_count(scenario_db: Database) -> None:
    t = compute(scenario_db, OCTOBER).totals
    assert t == Measures(
        received=5,
        closed=3,
        resolved=2,
        open_at_end=4,
        overdue_at_end=1,
        first_answers_due=6,
        answered_within_sla=4,
        first_answers=5,
        avg_days_to_first_answer=3.65,
        median_days_to_first_answer=3.6,
        avg_days_to_close=9.0,
        median_days_to_close=4.0,
        rated=3,
        avg_satisfaction=3.67,
        satisfied=2,
        resolution_rate=66.67,
        within_sla_share=66.67,
        satisfied_share=66.67,
        overdue_share=25.0,
    )


def test_previous_period_is_september_counted_the_same_way(scenario_db: Database) -> None:
    f = compute(scenario_db, OCTOBER)
    assert f.previous_period == Period.month(2026, 9)
    p = f.previous
    # received C E; E closed 10 Sep and still closed on 30 Sep (reopened only in October); C open.
    assert (p.received, p.closed, p.resolved, p.open_at_end, p.overdue_at_end) == (2, 1, 1, 1, 0)
    assert (p.first_answers_due, p.answered_within_sla, p.first_answers) == (1, 1, 1)
    assert (p.avg_days_to_first_answer, p.avg_days_to_close, p.median_days_to_close) == (2.0, 4.0, 4.0)
    assert (p.rated, p.avg_satisfaction, p.satisfied_share) == (1, 3.0, 0.0)


def test_a_case_closed_the_month_after_is_closed_in_that_month(scenario_db: Database) -> None:
    november = compute(scenario_db, Period.month(2026, 11)).totals  # today is 10 November
    # closed C (3 Nov, 36 days after 28 Sep), F (2 Nov, 15 days), G (4 Nov, 10 days); E still open
    assert (november.received, november.closed, november.open_at_end) == (0, 3, 1)
    assert (november.avg_days_to_close, november.median_days_to_close) == (20.33, 15.0)
    # E's resolution deadline runs from its reopening (12 Oct + 30 working days = 23 Nov): not late yet
    assert november.overdue_at_end == 0


def test_reopened_cases_are_read_from_their_timeline(scenario_db: Database) -> None:
    f = compute(scenario_db, OCTOBER)
    # D: closed 6 Oct, reopened 11 Oct, closed 20 Oct → closed once, 19 days after registration.
    elderly = row(f, "priority", "elderly")
    assert (elderly.received, elderly.closed, elderly.avg_days_to_close, elderly.open_at_end) == (
        1,
        1,
        19.0,
        0,
    )
    # E: closed in September, reopened in October: open at the end of October, not closed in it.
    waste = row(f, "category", "waste")
    assert (waste.received, waste.closed, waste.open_at_end, waste.overdue_at_end) == (0, 0, 1, 0)
    # And September, computed now, still shows E closed (the reopening came after September).
    assert compute(scenario_db, Period.month(2026, 9)).totals.closed == 1


def test_sla_boundary_on_the_day_is_within_and_the_next_day_is_late(scenario_db: Database) -> None:
    f = compute(scenario_db, OCTOBER)
    water = row(f, "category", "water")  # A (23:30 on its day), D, G: all on time
    electricity = row(f, "category", "electricity")  # B (00:30 the next day), F: late
    assert (water.first_answers_due, water.answered_within_sla) == (3, 3)
    assert (electricity.first_answers_due, electricity.answered_within_sla) == (2, 0)


def test_holiday_moves_the_deadline_and_the_answer_is_on_time(
    scenario: Scenario, scenario_db: Database
) -> None:
    with scenario_db.read() as s:
        g = s.scalar(select(Case).where(Case.reference == scenario.refs["G"]))
        assert g is not None and g.due_first_answer == date(2026, 10, 29)  # not 28: 27 Oct is off
    week = Period(date(2026, 10, 25), date(2026, 11, 1))
    t = compute(scenario_db, week).totals  # G answered 29 Oct; F due 21 Oct is not in this week
    assert (t.first_answers_due, t.answered_within_sla, t.within_sla_share) == (1, 1, 100.0)


def test_breakdowns_by_every_dimension(scenario_db: Database) -> None:
    f = compute(scenario_db, OCTOBER)
    received = {b.dimension: {r.key: r.measures.received for r in b.rows} for b in f.breakdowns}
    assert received["kind"] == {
        "complaint": 4,
        "request": 0,
        "suggestion": 0,
        "inquiry": 1,
        "praise": 0,
        "report": 0,
    }
    assert received["channel"] == {"walk_in": 3, "phone": 1, "letter": 1, "email": 0, "social": 0}
    assert received["gender"] == {"male": 3, "female": 2}
    assert received["priority"] == {"elderly": 1, "special_needs": 0, "pregnant": 0, "none": 4}
    assert received["category"] == {"water": 3, "electricity": 2, "roads": 0, "waste": 0}
    assert received["district"] == {"BGD-05": 3, "BGD-02": 1, "": 1}
    assert received["entity"] == {"baghdad_mayoralty": 3, "electricity": 2, "": 0}
    complaint, request, inquiry = (row(f, "kind", k) for k in ("complaint", "request", "inquiry"))
    assert (complaint.closed, complaint.open_at_end, complaint.within_sla_share) == (3, 2, 75.0)
    assert (request.open_at_end, request.first_answers_due, request.answered_within_sla) == (1, 1, 1)
    assert (inquiry.overdue_at_end, inquiry.within_sla_share) == (1, 0.0)
    female = row(f, "gender", "female")  # B and D
    assert (
        female.closed,
        female.avg_days_to_close,
        female.median_days_to_close,
        female.avg_satisfaction,
    ) == (
        2,
        11.5,
        11.5,
        3.0,
    )
    labels = {r.key: r.label for r in f.breakdown("district").rows}
    assert labels[""] == figures.NO_DISTRICT and labels["BGD-05"]


def test_every_dimension_adds_up_to_the_totals(scenario_db: Database) -> None:
    f = compute(scenario_db, OCTOBER)
    for b in f.breakdowns:
        if b.dimension == "priority":
            continue
        for measure in ("received", "closed", "open_at_end", "overdue_at_end", "first_answers_due"):
            assert sum(getattr(r.measures, measure) for r in b.rows) == getattr(f.totals, measure), (
                b.dimension,
                measure,
            )


def test_recurring_problems_are_category_and_district_pairs(scenario_db: Database) -> None:
    recurring = compute(scenario_db, OCTOBER).recurring
    top = recurring[0]
    assert (top.category, top.district, top.received, top.open_at_end) == ("water", "BGD-05", 3, 1)
    assert {(r.category, r.district, r.received) for r in recurring[1:]} == {
        ("electricity", "BGD-02", 1),
        ("electricity", "", 1),
    }


def test_twelve_month_trend_agrees_with_each_month(scenario_db: Database) -> None:
    trend = compute(scenario_db, OCTOBER).trend
    assert [p.month for p in trend] == [f"2025-{m:02d}" for m in (11, 12)] + [
        f"2026-{m:02d}" for m in range(1, 11)
    ]
    by_month = {p.month: (p.received, p.closed, p.first_answers_due, p.answered_within_sla) for p in trend}
    assert by_month["2026-09"] == (2, 1, 1, 1)  # E's September closing counts though it was reopened
    assert by_month["2026-10"] == (5, 3, 6, 4)  # D closed twice in October, counted once
    assert all(v == (0, 0, 0, 0) for m, v in by_month.items() if m < "2026-09")
    assert trend[-1].label == "تشرين الأول 2026"


def test_overdue_list_gives_the_missed_deadline_and_days_late(
    scenario: Scenario, scenario_db: Database
) -> None:
    (late,) = compute(scenario_db, OCTOBER).overdue
    assert late.reference == scenario.refs["F"]
    assert (late.deadline, late.days_late, late.entity) == (date(2026, 10, 21), 11, "وزارة الكهرباء")
    assert late.status_now == "مغلق — عولج"  # closed on 2 November, after the period


def test_an_empty_month_has_zeros_and_no_rates(scenario_db: Database) -> None:
    f = compute(scenario_db, Period.month(2026, 6))
    assert f.totals == Measures().with_rates() == Measures()
    assert f.recurring == () and f.overdue == ()
    assert all(r.measures == Measures() for b in f.breakdowns for r in b.rows)
    assert figures.figure_value(f, "kind.complaint.within_sla_share") is None


def test_quarter_and_custom_periods(scenario_db: Database) -> None:
    q4 = Period.quarter(2026, 4)
    assert (q4.start, q4.end, q4.kind, q4.label) == (
        date(2026, 10, 1),
        date(2027, 1, 1),
        "quarter",
        "الربع الرابع من سنة 2026",
    )
    assert q4.previous() == Period.quarter(2026, 3)
    autumn = Period(date(2026, 9, 1), date(2026, 11, 1))  # two months: the same definitions apply
    t = compute(scenario_db, autumn).totals
    assert (t.received, t.closed, t.open_at_end, t.overdue_at_end) == (7, 3, 4, 1)
    assert autumn.previous() == Period(date(2026, 7, 1), date(2026, 9, 1))
    week = Period(date(2026, 10, 4), date(2026, 10, 11))
    assert (week.kind, week.previous()) == ("custom", Period(date(2026, 9, 27), date(2026, 10, 4)))


def test_the_current_month_counts_open_and_overdue_as_of_today(db: Database, actor: Actor) -> None:
    stand_on(local(10, 18))
    intake.register_case(db, actor, intake_form())  # due 21 Oct
    stand_on(local(10, 22))
    intake.register_case(db, actor, intake_form(citizen_form(national_id="199088888888")))  # due 26 Oct
    stand_on(local(10, 23, 12))
    f = compute(db, OCTOBER)
    # Open now: both. Overdue by today's worklist: the first (2 days late). First answers due so far:
    # only the first — the second's deadline is still ahead.
    t = f.totals
    assert (t.received, t.open_at_end, t.overdue_at_end, t.first_answers_due, t.answered_within_sla) == (
        2,
        2,
        1,
        1,
        0,
    )
    assert [(c.deadline, c.days_late) for c in f.overdue] == [(date(2026, 10, 21), 2)]


def test_period_and_month_parsing() -> None:
    assert Period.parse_month("٢٠٢٦-١٠") == OCTOBER
    assert OCTOBER.label == "تشرين الأول 2026" and OCTOBER.month_key == "2026-10"
    assert OCTOBER.previous() == Period.month(2026, 9)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    start, end = OCTOBER.utc_bounds()
    assert (start.isoformat(), end.isoformat()) == ("2026-09-30T21:00:00+00:00", "2026-10-31T21:00:00+00:00")
    with pytest.raises(ValidationError):
        Period.parse_month("October")
    with pytest.raises(ValidationError):
        Period(date(2026, 10, 2), date(2026, 10, 1))


def test_figures_need_the_report_permission(scenario_db: Database) -> None:
    clerk = Actor(
        users.first_admin(scenario_db).id,
        "clerk",
        "موظف",
        users.Role.CLERK,
        office(scenario_db).office_id,
    )  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        figures.office_figures(scenario_db, clerk, OCTOBER)


def test_figure_keys_for_kpis(scenario_db: Database) -> None:
    f = compute(scenario_db, OCTOBER)
    assert figures.figure_value(f, "resolution_rate") == 66.67
    assert figures.figure_value(f, "kind.complaint.within_sla_share") == 75.0
    assert figures.figure_value(f, "kind.praise.within_sla_share") is None
    with pytest.raises(ValidationError):
        figures.figure_value(f, "kind.complaint.nothing")


def test_plain_figures_are_json_ready(scenario_db: Database) -> None:
    import json

    data = figures.plain(compute(scenario_db, OCTOBER))
    assert json.loads(json.dumps(data))["totals"]["received"] == 5
    assert data["period"] == {"start": "2026-10-01", "end": "2026-11-01"}


def test_case_list_of_the_period(scenario: Scenario, scenario_db: Database) -> None:
    with scenario_db.read() as s:
        lines = list(figures.case_lines(s, office(scenario_db), OCTOBER))
    assert [c.reference for c in lines] == [scenario.refs[n] for n in ("D", "A", "B", "F", "G")]
    a = lines[1]
    assert (a.kind, a.category, a.gender, a.answered_within_sla) == ("شكوى", "مياه الشرب", "ذكر", True)
    assert lines[2].answered_within_sla is False and lines[0].priority == "كبار السن"


# --- the plans: every figures statement reads indexes, never the whole cases table ------------------


def _plan(db: Database, sql_text: str, params: dict[str, object]) -> list[str]:
    with db.read() as s:
        stmt = statement("EXPLAIN QUERY PLAN " + sql_text, params)
        return [r[3] for r in s.execute(stmt, used(sql_text, params))]


@pytest.mark.parametrize("name", ["build", "month", "reopened", "within"])
def test_query_plans_use_the_report_indexes(scenario_db: Database, name: str) -> None:
    scope = office(scenario_db)
    params = figure_params(scope, OCTOBER, clock.today())
    sql_text = (
        figures.build_rows_sql(scope).split(" AS\n", 1)[1]
        if name == "build"
        else figures.trend_sql(scope, sql.trend_months(OCTOBER, 12))[name]
    )
    plan = _plan(scenario_db, sql_text, params)
    assert not [p for p in plan if p.startswith("SCAN c") or p == "SCAN cases"], plan
    if name == "build":  # each part of the period's cases is a range of one of the report's indexes
        for index in ("ix_cases_office_registered", "ix_cases_office_closed", "ix_cases_office_due_first"):
            assert any(index in p for p in plan), (index, plan)


def test_temporary_tables_are_dropped(scenario_db: Database, tmp_path: Path) -> None:
    compute(scenario_db, OCTOBER)
    with scenario_db.read() as s:
        left = s.execute(text("SELECT name FROM sqlite_temp_master WHERE type = 'table'")).all()
    assert left == []


def test_a_governorate_or_the_whole_country_uses_the_same_definitions(scenario_db: Database) -> None:
    with scenario_db.read() as s:
        governorate = s.scalar(select(Office.governorate_id))
    office_totals = compute(scenario_db, OCTOBER).totals
    for scope in (Scope(governorate_id=governorate), Scope()):
        f = figures.compute(scenario_db, scope, OCTOBER)
        assert f.totals == office_totals
    assert figures.compute(scenario_db, Scope(), OCTOBER).office_code == "IQ"
