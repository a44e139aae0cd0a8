"""The SQL of the report's figures (definitions in services/figures/__init__.py).

A period's cases are read once (four ranges of the report's indexes, db/models.py) into a narrow
temporary table, one row per case with what it counts for. That table is grouped into a cube of the
small dimensions packed in one integer (`cell`), a table of the reference dimensions (category,
entity, district), and histograms of days for the medians; the totals, every breakdown and the
recurring problems are read off those small tables. The twelve-month trend is counted from the
indexes alone, a month (or a deadline day) at a time.

One implementation for SQLite (a station) and PostgreSQL (the central server): where the two
differ (moments as integers or timestamptz, booleans, totals, temporary tables, the row's key) the
statement asks dialects.py for the spelling of the session's database.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache

from ...db.types import to_day_number, to_millis
from ...domain.enums import Channel, Gender, Kind
from .. import clock
from .dialects import Spelling, spelling
from .period import Period, Scope, add_months


# The small dimensions (kind, channel, gender, priority flags) have at most a few hundred
# combinations, packed in one integer `cell` (kind·1000 + channel·100 + gender·10 + flags): one
# grouping makes a cube, and each of them (and the totals) is read off it.
def _code(expression: str, values: Sequence[str]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values, 1))
    return f"coalesce(CASE {expression} {whens} END, 0)"


KINDS = [k.value for k in Kind]
CHANNELS = [c.value for c in Channel]
GENDERS = [g.value for g in Gender]


def _cell(sp: Spelling) -> str:
    flags = " + ".join(
        f"{weight}{sp.flag(f'c.{column}')}"
        for weight, column in (("", "elderly"), ("2 * ", "special_needs"), ("4 * ", "pregnant"))
    )
    return (
        f"{_code('c.kind', KINDS)} * 1000 + {_code('c.channel', CHANNELS)} * 100 + {_code('c.gender', GENDERS)} * 10"
        f" + {flags}"
    )


# The latest closing or reopening before :end decides a reopened case's state at the end.
_LAST_CLOSE_OR_REOPEN = (
    "FROM case_events e WHERE e.case_id = c.id AND e.type IN ('closed', 'reopened') AND e.at < :end "
    "ORDER BY e.seq DESC LIMIT 1"
)

# The cases a period concerns, in four disjoint parts, each a range of one of the report's indexes:
# registered in it; registered before it and closed since its start (in it, or after it: open at
# its end); still open; or closed before it with a first answer due in it. (A first answer in the
# period comes before the case's closing, so those cases are in the first three.) A `+` keeps
# SQLite on the index named, which filters on its other columns before reading a row: in the third
# part, the registration index would read every older case.
_COHORT = """
  SELECT {columns} FROM cases c
  WHERE {scope} AND c.registered_at >= :start AND c.registered_at < :end
  UNION ALL SELECT {columns} FROM cases c
  WHERE {scope} AND c.closed_at >= :start AND {registered} < :start
  UNION ALL SELECT {columns} FROM cases c
  WHERE {scope} AND c.closed_at IS NULL AND {registered} < :start
  UNION ALL SELECT {columns} FROM cases c
  WHERE {scope} AND c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
    AND c.first_answer_at < :start AND {registered} < :start AND c.closed_at < :start
"""

# Per case: its state at the period's end (closing, outcome) and what it counts for.
_CASE_COLUMNS = """c.{row_id} AS case_row, c.category_id, c.entity_id, c.district_id, {cell} AS cell,
    c.registered_at, c.satisfaction,
    CASE WHEN c.reopened_count = 0 THEN CASE WHEN c.closed_at < :end THEN c.closed_at END
      ELSE (SELECT CASE WHEN e.type = 'closed' THEN e.at END {last}) END AS closing,
    CASE WHEN c.reopened_count = 0 THEN c.outcome
      ELSE (SELECT {outcome} {last}) END AS outcome,
    CASE WHEN (c.first_answer_at IS NULL OR c.first_answer_at >= :end) AND c.due_first_answer < :overdue_day
      THEN c.due_first_answer WHEN c.resolution_due < :overdue_day THEN c.resolution_due END AS missed,
    coalesce({due}, 0) AS due,
    coalesce({within}, 0) AS within,
    CASE WHEN c.first_answer_at >= :start AND c.first_answer_at < :end THEN {answer_days} END AS answer_days"""
_DUE = """c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
      AND (c.first_answer_at IS NOT NULL OR c.due_first_answer < :today)"""
_WITHIN = """c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
      AND c.first_answer_at < {answered_by}"""

_BUILD = """
CREATE TEMP TABLE figures_rows AS
SELECT CASE WHEN b.closing IS NULL AND b.missed IS NOT NULL THEN b.case_row END AS overdue_row,
  b.category_id, b.entity_id, b.district_id, b.cell,
  {received} AS received,
  coalesce({closed}, 0) AS closed,
  coalesce({resolved}, 0) AS resolved,
  {open_at_end} AS open_at_end,
  {overdue_at_end} AS overdue_at_end,
  CASE WHEN b.closing IS NULL THEN b.missed END AS missed,
  b.due, b.within,
  CASE WHEN b.closing >= :start THEN b.satisfaction END AS rating,
  b.answer_days,
  CASE WHEN b.closing >= :start THEN {close_days} END AS close_days
FROM ({cohort}) b
"""

# The counts and sums every breakdown shows, over any of the tables below.
MEASURES = (
    "received",
    "closed",
    "resolved",
    "open_at_end",
    "overdue_at_end",
    "first_answers_due",
    "answered_within_sla",
    "rated",
    "rating_sum",
    "satisfied",
    "first_answers",
    "answer_days_sum",
    "closings_timed",
    "close_days_sum",
)
# (measure, what is summed per row, or None for a count of the column)
_ROW_SUMS = (
    ("received", "received"),
    ("closed", "closed"),
    ("resolved", "resolved"),
    ("open_at_end", "open_at_end"),
    ("overdue_at_end", "overdue_at_end"),
    ("first_answers_due", "due"),
    ("answered_within_sla", "within"),
)


def _row_measures(sp: Spelling) -> str:
    sums = ", ".join(f"{sp.total(x)} AS {m}" for m, x in _ROW_SUMS)
    return (
        f"{sums}, count(rating) AS rated, "
        f"{sp.total('rating')} AS rating_sum, {sp.total(sp.flag('rating >= 4'))} AS satisfied, "
        f"count(answer_days) AS first_answers, {sp.total('answer_days')} AS answer_days_sum, "
        f"count(close_days) AS closings_timed, {sp.total('close_days')} AS close_days_sum"
    )


# Days in tenths (what the report prints), counted per key: medians are read off these. The small
# dimensions' come from one histogram per cell; the reference dimensions' are counted one by one.
DAY_MEASURES = {"a": "answer_days", "c": "close_days"}
_BUCKET = "CAST(round({x} * 10) AS INTEGER)"
_HIST_CELL = "CREATE TEMP TABLE figures_hist_cell AS " + " UNION ALL ".join(
    f"SELECT cell, '{m}' AS m, {_BUCKET.format(x=x)} AS b, count(*) AS n FROM figures_rows "
    f"WHERE {x} IS NOT NULL GROUP BY 1, 3"
    for m, x in DAY_MEASURES.items()
)

# dimension → its key: the small ones read off `cell`, the reference ones are ids.
LOW_KEYS = {"all": "''", "kind": "cell / 1000", "channel": "cell / 100 % 10", "gender": "cell / 10 % 10"}
# The priority groups overlap (an elderly citizen with special needs is in both); "none" is the rest.
PRIORITIES = {
    "elderly": "(cell % 10) & 1",
    "special_needs": "(cell % 10) & 2",
    "pregnant": "(cell % 10) & 4",
}
WIDE_KEYS = {"category": "category_id", "entity": "entity_id", "district": "district_id"}
_HIST_WIDE = "CREATE TEMP TABLE figures_hist_wide AS " + " UNION ALL ".join(
    f"SELECT '{dim}' AS dim, {key} AS k, '{m}' AS m, {_BUCKET.format(x=x)} AS b, count(*) AS n "
    f"FROM figures_rows WHERE {x} IS NOT NULL GROUP BY 2, 4"
    for dim, key in WIDE_KEYS.items()
    for m, x in DAY_MEASURES.items()
)

TEMP_TABLES = ("figures_rows", "figures_cube", "figures_wide", "figures_hist_cell", "figures_hist_wide")


def _by_low_dimension(sp: Spelling, table: str, *, every: bool = True) -> str:
    """The cube's (or its histogram's) rows once per small dimension: (dim, k, the table's columns)."""
    keys = LOW_KEYS if every else {"all": LOW_KEYS["all"]}
    parts = [f"SELECT '{dim}' AS dim, {sp.as_text(key)} AS k, * FROM {table}" for dim, key in keys.items()]
    if every:
        priorities = {**{p: sp.truth(c) for p, c in PRIORITIES.items()}, "none": "cell % 10 = 0"}
        parts += [f"SELECT 'priority', '{p}', * FROM {table} WHERE {cond}" for p, cond in priorities.items()]
    return " UNION ALL ".join(parts)


def _by_wide_dimension(table: str) -> str:
    return " UNION ALL ".join(
        f"SELECT '{dim}' AS dim, {key} AS k, * FROM {table}" for dim, key in WIDE_KEYS.items()
    )


_COUNTS = "SELECT dim, k, {summed} FROM ({rows}) AS t GROUP BY dim, k"


@cache
def aggregate_sql(*, with_dimensions: bool = True, dialect: str = "sqlite") -> list[str]:
    """The statements that group figures_rows into the small tables the figures are read from."""
    sp = spelling(dialect)
    measures = _row_measures(sp)
    if not with_dimensions:
        # Without dimensions every cell is 0: one row, and nothing to sort.
        return [
            f"CREATE TEMP TABLE figures_cube AS SELECT 0 AS cell, {measures} FROM figures_rows",
            _HIST_CELL,
        ]
    # Recurring problems count received cases still open at the end: received_open.
    received_open = sp.total(sp.flag(f"{sp.truth('received')} AND {sp.truth('open_at_end')}"))
    return [
        f"CREATE TEMP TABLE figures_cube AS SELECT cell, {measures} FROM figures_rows GROUP BY cell",
        _HIST_CELL,
        f"""
CREATE TEMP TABLE figures_wide AS
SELECT category_id, entity_id, district_id, {measures}, {received_open} AS received_open
FROM figures_rows GROUP BY category_id, entity_id, district_id
""",
        _HIST_WIDE,
    ]


@cache
def counts_sql(*, with_dimensions: bool = True, dialect: str = "sqlite") -> list[str]:
    """Statements answering (dimension, key, the MEASURES) for every breakdown: the small dimensions
    (or only the totals) off the cube, the reference ones off the wide table."""
    sp = spelling(dialect)
    summed = ", ".join(sp.total(m) for m in MEASURES)
    low = _COUNTS.format(summed=summed, rows=_by_low_dimension(sp, "figures_cube", every=with_dimensions))
    if not with_dimensions:
        return [low]
    return [low, _COUNTS.format(summed=summed, rows=_by_wide_dimension("figures_wide"))]


# The histograms, bucket by bucket (a few thousand rows): the medians are picked off them.
HIST_CELL_ROWS = "SELECT cell, m, b, n FROM figures_hist_cell"
HIST_WIDE_ROWS = "SELECT dim, k, m, b, n FROM figures_hist_wide"


def recurring_sql(dialect: str = "sqlite") -> str:
    sp = spelling(dialect)
    n = "n" if dialect == "sqlite" else sp.total("received")  # PostgreSQL's HAVING knows no aliases
    return f"""
SELECT category_id, district_id, {sp.total("received")} AS n, {sp.total("received_open")}
FROM figures_wide GROUP BY 1, 2 HAVING {n} > 0 ORDER BY n DESC, 1, 2{sp.nulls_first} LIMIT 10
"""


def overdue_sql(dialect: str = "sqlite") -> str:
    return f"""
SELECT c.reference, c.registered_at, c.kind, cat.name_ar, ent.name_ar, c.subject, r.missed,
  :overdue_day - r.missed, c.status, c.outcome
FROM figures_rows r JOIN cases c ON c.{spelling(dialect).row_id} = r.overdue_row
JOIN categories cat ON cat.id = c.category_id LEFT JOIN entities ent ON ent.id = c.entity_id
WHERE r.overdue_row IS NOT NULL ORDER BY r.missed, c.registered_at LIMIT :limit
"""


CASE_LIST = """
SELECT c.reference, c.registered_at, c.kind, c.channel, cat.name_ar, ent.name_ar, d.name_ar, c.gender,
  c.elderly, c.special_needs, c.pregnant, c.status, c.outcome, c.due_first_answer, c.first_answer_at,
  c.closed_at, c.satisfaction, c.subject
FROM cases c JOIN categories cat ON cat.id = c.category_id
LEFT JOIN entities ent ON ent.id = c.entity_id LEFT JOIN districts d ON d.id = c.district_id
WHERE {scope} AND c.registered_at >= :start AND c.registered_at < :end
ORDER BY c.registered_at
"""


def scoped_sql(template: str, scope: Scope, **extra: str) -> str:
    return template.format(scope=scope.predicate("c"), **extra)


def build_rows_sql(scope: Scope, *, with_dimensions: bool = True, dialect: str = "sqlite") -> str:
    """The CREATE TEMP TABLE statement (exposed for EXPLAIN QUERY PLAN checks)."""
    sp = spelling(dialect)
    columns = _CASE_COLUMNS.format(
        row_id=sp.row_id,
        cell=_cell(sp) if with_dimensions else "0",
        last=_LAST_CLOSE_OR_REOPEN,
        outcome=sp.json_text("e.data", "outcome"),
        due=sp.flag(_DUE),
        within=sp.flag(_WITHIN.format(answered_by=sp.day_end("c.due_first_answer"))),
        answer_days=sp.days("c.first_answer_at", "c.registered_at"),
    )
    if not with_dimensions:
        columns = columns.replace(
            "c.category_id, c.entity_id, c.district_id",
            "NULL AS category_id, NULL AS entity_id, NULL AS district_id",
        )
    cohort = scoped_sql(_COHORT, scope, columns=columns, registered=sp.unindexed("c.registered_at"))
    return _BUILD.format(
        cohort=cohort,
        received=sp.flag("b.registered_at >= :start"),
        closed=sp.flag("b.closing >= :start"),
        resolved=sp.flag("b.closing >= :start AND b.outcome = 'resolved'"),
        open_at_end=sp.flag("b.closing IS NULL"),
        overdue_at_end=sp.flag("b.closing IS NULL AND b.missed IS NOT NULL"),
        close_days=sp.days("b.closing", "b.registered_at"),
    )


# --- the trend: twelve months, each counted like a period, from the indexes alone ------------------


def trend_months(period: Period, months: int) -> list[tuple[str, int, int, int, int]]:
    """The calendar months ending with the period's last month: (YYYY-MM, start and end in UTC
    milliseconds, first and next month's first day as day numbers)."""
    last = date(period.last_day.year, period.last_day.month, 1)
    firsts = [add_months(last, back) for back in range(1 - months, 2)]
    return [
        (f"{a:%Y-%m}", to_millis(_midnight(a)), to_millis(_midnight(b)), to_day_number(a), to_day_number(b))
        for a, b in itertools.pairwise(firsts)
    ]


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=clock.IRAQ_TZ)


def _months_cte(sp: Spelling, months: list[tuple[str, int, int, int, int]]) -> str:
    # Our own integers and YYYY-MM keys, inlined: a twelve-row table of the months' bounds.
    rows = ", ".join(
        f"('{k}', {sp.moment_literal(s)}, {sp.moment_literal(e)}, {sp.day_literal(sd)}, {sp.day_literal(ed)})"
        for k, s, e, sd, ed in months
    )
    return f"months(k, s, e, sd, ed) AS (VALUES {rows})"


_TREND_MONTH = """
WITH {months}
SELECT m.k,
  (SELECT count(*) FROM cases c WHERE {scope} AND c.registered_at >= m.s AND c.registered_at < m.e),
  (SELECT count(*) FROM cases c WHERE {scope} AND c.closed_at >= m.s AND c.closed_at < m.e
     AND c.reopened_count = 0),
  (SELECT count(*) FROM cases c WHERE {scope} AND c.due_first_answer >= m.sd AND c.due_first_answer < m.ed
     AND (c.first_answer_at IS NOT NULL OR c.due_first_answer < :today))
FROM months m
"""
# Reopened cases close by their timeline: a closing counts in its month if nothing reopened (or
# closed) the case again before that month ended. CROSS JOIN keeps SQLite to this order: the few
# reopened cases, their steps, then the month of each (not every case once per month).
_TREND_REOPENED = """
WITH {months}
SELECT m.k, count(*) FROM cases c {cross_join} case_events e ON e.case_id = c.id
{cross_join} months m ON e.at >= m.s AND e.at < m.e
WHERE (({scope} AND c.reopened_count > 0 AND c.closed_at IS NULL)
    OR ({scope} AND c.reopened_count > 0 AND c.closed_at >= :start))
  AND e.type = 'closed' AND e.at >= :start AND e.at < :end
  AND NOT EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = c.id AND r.seq > e.seq
    AND r.type IN ('closed', 'reopened') AND r.at < m.e)
GROUP BY 1
"""
# Answered on time, one deadline day at a time: a range of the (office, due day, first answer) index.
_TREND_WITHIN = """
WITH RECURSIVE {months}, days(d) AS (SELECT {start_day} UNION ALL SELECT d + 1 FROM days WHERE d < :last_day)
SELECT m.k, sum((SELECT count(*) FROM cases c WHERE {scope} AND c.due_first_answer = days.d
  AND c.first_answer_at < {day_end}))
FROM days JOIN months m ON days.d >= m.sd AND days.d < m.ed GROUP BY 1
"""


def trend_sql(
    scope: Scope, months: list[tuple[str, int, int, int, int]], dialect: str = "sqlite"
) -> dict[str, str]:
    """The trend's statements (exposed for EXPLAIN QUERY PLAN checks)."""
    sp = spelling(dialect)
    cte = _months_cte(sp, months)
    within = {"day_end": sp.day_end("days.d"), "start_day": sp.day_param("start_day")}
    return {
        "month": scoped_sql(_TREND_MONTH, scope, months=cte),
        "reopened": scoped_sql(_TREND_REOPENED, scope, months=cte, cross_join=sp.cross_join),
        "within": scoped_sql(_TREND_WITHIN, scope, months=cte, **within),
    }
